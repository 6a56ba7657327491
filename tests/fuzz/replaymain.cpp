// Corpus replay (a normal CTest test under g++): feeds every file of the target's seed corpus to its harness.
#include "fuzzharness.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#ifndef FUZZ_CORPUS_DIR
#error "FUZZ_CORPUS_DIR must name the corpus directory"
#endif

int main(int argc, char **argv)
{
    const QString dir = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(FUZZ_CORPUS_DIR);
    const QFileInfoList files = QDir(dir).entryInfoList(QDir::Files, QDir::Name);
    if (files.isEmpty()) {
        std::fprintf(stderr, "FAIL: no corpus files in %s\n", qPrintable(dir));
        return 1;
    }
    for (const QFileInfo &info : files) {
        QFile f(info.absoluteFilePath());
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "FAIL: cannot read %s\n", qPrintable(info.absoluteFilePath()));
            return 1;
        }
        const QByteArray bytes = f.readAll();
        std::fprintf(stderr, "replay %s (%lld bytes)\n", qPrintable(info.fileName()), static_cast<long long>(bytes.size()));
        crosslogic::fuzz::runOne(reinterpret_cast<const std::uint8_t *>(bytes.constData()), std::size_t(bytes.size()));
    }
    std::fprintf(stderr, "PASS: %lld corpus inputs replayed from %s\n", static_cast<long long>(files.size()), qPrintable(dir));
    return 0;
}
