// The configuration table as documents: markdown tables for README.md and docs/, the body of the env template.
#include "config/configdocs.h"

#include "config/config.h"

namespace crosslogic {

namespace {

QString cell(QString text)
{
    return text.replace(QLatin1Char('|'), QLatin1String("\\|"));
}

QString meaning(const ConfigVariable &v)
{
    QString text = QString::fromLatin1(v.description);
    if (v.notes)
        text += QStringLiteral(". ") + QString::fromLatin1(v.notes);
    if (v.secret)
        text += QStringLiteral(" *(secret: never logged or shown)*");
    return text;
}

QString defaultCell(const ConfigVariable &v)
{
    if (v.required())
        return QStringLiteral("**required**");
    if (!*v.defaultValue)
        return QStringLiteral("(empty)");
    return QLatin1Char('`') + QString::fromLatin1(v.defaultValue) + QLatin1Char('`');
}

} // namespace

Result<QString> configMarkdown(const QString &sections)
{
    QList<ConfigSection> wanted;
    for (const QString &key : sections.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool known = false;
        for (const ConfigSectionInfo &s : configSections())
            if (key == QLatin1String("all") || key == QLatin1String(s.key)) {
                wanted << s.section;
                known = true;
            }
        if (!known) {
            QStringList keys{QStringLiteral("all")};
            for (const ConfigSectionInfo &s : configSections())
                keys << QString::fromLatin1(s.key);
            return fail(QStringLiteral("unknown section '%1' (%2)").arg(key, keys.join(QLatin1String(", "))));
        }
    }
    QString out = QStringLiteral("| variable | default | accepts | meaning |\n|---|---|---|---|\n");
    for (const ConfigSectionInfo &s : configSections()) {
        if (!wanted.contains(s.section))
            continue;
        for (const ConfigVariable &v : Config::variables())
            if (v.section == s.section)
                out += QStringLiteral("| `%1` | %2 | %3 | %4 |\n")
                           .arg(v.key(), defaultCell(v), cell(v.acceptedText()), cell(meaning(v)));
    }
    return out;
}

QString configEnvTemplate()
{
    QString out;
    for (const ConfigSectionInfo &s : configSections()) {
        const QString heading = QStringLiteral("# ---- %1 ").arg(QString::fromLatin1(s.title));
        out += QLatin1Char('\n') + heading.leftJustified(116, QLatin1Char('-')) + QLatin1Char('\n');
        for (const ConfigVariable &v : Config::variables()) {
            if (v.section != s.section)
                continue;
            out += QStringLiteral("\n# ") + QString::fromLatin1(v.description);
            if (v.isInteger())
                out += QStringLiteral(" (%1)").arg(v.acceptedText());
            out += QLatin1Char('.');
            if (v.secret)
                out += QStringLiteral(" Secret.");
            out += QLatin1Char('\n');
            if (v.notes)
                out += QStringLiteral("# %1\n").arg(QString::fromLatin1(v.notes));
            // To fill in: required and secret lines are active and empty; the rest show their default commented out.
            const bool fillIn = v.required() || (v.secret && !*v.defaultValue);
            out += (fillIn ? QString() : QStringLiteral("#")) + v.key() + QLatin1Char('=')
                + (fillIn ? QString() : QString::fromLatin1(v.defaultValue)) + QLatin1Char('\n');
        }
    }
    return out;
}

} // namespace crosslogic
