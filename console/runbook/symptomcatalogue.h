// The runbook's Quick Reference as data: each symptom with its diagnostics (admin GETs) and remediations.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace crosslogic::console {

struct Diagnostic
{
    QString label;
    QString path; // may contain {prefix}, {key_id}
};

struct Remediation
{
    QString label;
    QString description;
    QByteArray method;
    QString path; // may contain {key_id}, {tenant_id}, {environment_id}
    QJsonObject body; // string values may contain {model}
    const char *permission;
};

struct Symptom
{
    QString symptom;
    QString likelyCause;
    QString quickFix;
    QString section; // runbook section
    QList<Diagnostic> diagnostics;
    QList<Remediation> remediations;
};

class SymptomCatalogue
{
    Q_DECLARE_TR_FUNCTIONS(SymptomCatalogue)

public:
    static QList<Symptom> all();
};

} // namespace crosslogic::console
