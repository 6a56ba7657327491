// The runbook §10 contact-escalation table, read from a JSON file operators maintain (default shipped in resources).
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace crosslogic::console {

struct EscalationContact
{
    QString issueType;
    QString firstContact;
    QString escalation;
    QString channel;
};

class EscalationConfig
{
    Q_DECLARE_TR_FUNCTIONS(EscalationConfig)

public:
    // path empty: $CROSSLOGIC_ESCALATION_CONFIG, else the default compiled in from resources/escalation.json.
    static EscalationConfig load(const QString &path = {});
    QList<EscalationContact> contacts;
    QString source;
    QString error; // why the file could not be used (the default is shown then)
};

} // namespace crosslogic::console
