// crosslogic-console entry point: translations by system locale, options, then the launcher does the rest.
#include "app/consolelauncher.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("crosslogic-console"));
    QApplication::setOrganizationName(QStringLiteral("CrossLogic"));
    QApplication::setApplicationVersion(QStringLiteral(CROSSLOGIC_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("crosslogic-console"));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("crosslogic-console"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    crosslogic::console::ConsoleLauncher launcher(crosslogic::console::ConsoleOptions::parse(QApplication::arguments()));
    if (!launcher.start())
        return 2;
    return QApplication::exec();
}
