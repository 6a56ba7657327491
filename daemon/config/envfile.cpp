// Reads KEY=VALUE env files (comments, `export`, quotes) into a map.
#include "config/envfile.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>

namespace crosslogic {

Result<EnvMap> parseEnvText(const QString &text)
{
    static const QRegularExpression keyPattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    EnvMap map;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1String("export ")))
            line = line.mid(7).trimmed();
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return fail(QStringLiteral("line %1: expected KEY=VALUE").arg(i + 1));
        const QString key = line.left(eq).trimmed();
        if (!keyPattern.match(key).hasMatch())
            return fail(QStringLiteral("line %1: invalid variable name").arg(i + 1));
        QString value = line.mid(eq + 1).trimmed();
        if (value.size() >= 2 && (value.front() == QLatin1Char('"') || value.front() == QLatin1Char('\''))) {
            const QChar quote = value.front();
            if (value.back() != quote)
                return fail(QStringLiteral("line %1: unterminated quote in %2").arg(i + 1).arg(key));
            value = value.mid(1, value.size() - 2);
        } else {
            const qsizetype hash = value.indexOf(QLatin1String(" #"));
            if (hash >= 0)
                value = value.left(hash).trimmed();
        }
        map.insert(key, value);
    }
    return map;
}

Result<EnvMap> readEnvFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return fail(QStringLiteral("cannot read env file %1: %2").arg(path, file.errorString()));
    auto parsed = parseEnvText(QString::fromUtf8(file.readAll()));
    if (!parsed)
        return fail(QStringLiteral("%1: %2").arg(path, parsed.error()));
    return parsed;
}

EnvMap processEnvironment()
{
    EnvMap map;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys())
        map.insert(key, env.value(key));
    return map;
}

} // namespace crosslogic
