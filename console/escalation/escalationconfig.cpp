// The runbook §10 contact-escalation table, read from a JSON file operators maintain (default shipped in resources).
#include "escalation/escalationconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace crosslogic::console {

namespace {
bool parse(const QByteArray &bytes, QList<EscalationContact> &out, QString &error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (doc.isNull()) {
        error = parseError.errorString();
        return false;
    }
    const QJsonArray rows = doc.isArray() ? doc.array() : doc.object().value(QLatin1String("contacts")).toArray();
    for (const QJsonValue &v : rows) {
        const QJsonObject o = v.toObject();
        out.append({o.value(QLatin1String("issue_type")).toString(), o.value(QLatin1String("first_contact")).toString(),
                    o.value(QLatin1String("escalation")).toString(), o.value(QLatin1String("channel")).toString()});
    }
    if (out.isEmpty())
        error = EscalationConfig::tr("no \"contacts\" entries");
    return !out.isEmpty();
}
} // namespace

EscalationConfig EscalationConfig::load(const QString &path)
{
    EscalationConfig config;
    const QString file = path.isEmpty() ? qEnvironmentVariable("CROSSLOGIC_ESCALATION_CONFIG") : path;
    if (!file.isEmpty()) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            config.error = tr("cannot read %1: %2").arg(file, f.errorString());
        else if (parse(f.readAll(), config.contacts, config.error))
            config.source = file;
        if (config.source.isEmpty())
            config.error = tr("%1 — showing the default table").arg(config.error);
    }
    if (config.source.isEmpty()) {
        config.contacts.clear();
        QFile builtIn(QStringLiteral(":/crosslogic/escalation.json"));
        QString ignored;
        if (builtIn.open(QIODevice::ReadOnly) && parse(builtIn.readAll(), config.contacts, ignored)) {
            config.source = tr("built-in default (runbook §10)");
            // The shipped table speaks the console's language; an operator's file stays as they wrote it.
            static const char *const shipped[] = {
                QT_TR_NOOP("Infrastructure"), QT_TR_NOOP("On-call SRE"),      QT_TR_NOOP("Platform Lead"),
                QT_TR_NOOP("Database"),       QT_TR_NOOP("DBA on-call"),      QT_TR_NOOP("Database Lead"),
                QT_TR_NOOP("Billing"),        QT_TR_NOOP("Billing team"),     QT_TR_NOOP("Finance Lead"),
                QT_TR_NOOP("Security"),       QT_TR_NOOP("Security on-call"), QT_TR_NOOP("Security Lead"),
                QT_TR_NOOP("Customer-facing"), QT_TR_NOOP("Support team"),    QT_TR_NOOP("Customer Success"),
            };
            Q_UNUSED(shipped);
            for (EscalationContact &c : config.contacts)
                for (QString *field : {&c.issueType, &c.firstContact, &c.escalation})
                    *field = tr(field->toUtf8().constData());
        }
    }
    return config;
}

} // namespace crosslogic::console
