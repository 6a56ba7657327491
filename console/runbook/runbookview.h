// Runbook: the Quick Reference symptom table as entry point; a symptom runs its diagnostics and offers its
// remediations, each through the confirm-with-dry-run helper.
#pragma once

#include "adminclient/adminresponse.h"
#include "common/consoleview.h"
#include "runbook/symptomcatalogue.h"

#include <QHash>

class QTableWidget;
class QLineEdit;
class QLabel;
class QVBoxLayout;
class QPushButton;

namespace crosslogic::console {

class JsonTree;

class RunbookView : public ConsoleView
{
    Q_OBJECT
public:
    explicit RunbookView(const ViewContext &context, QWidget *parent = nullptr);
    void chooseSymptom(int index);
    void prepareScreenshot() override { chooseSymptom(2); }
    QList<QPushButton *> remediationButtons() const { return m_buttons; }

public slots:
    void refresh() override;

protected:
    void applyRole() override;

private:
    void runDiagnostics();
    void learn(const QJsonObject &answer);
    QString fill(const QString &text) const;
    QString summarize(const AdminResponse &r) const;
    // The answer cut down to what an operator reads first (one line per check, node or key).
    static QJsonValue digest(const QJsonObject &answer);
    void updateButtons();

    QList<Symptom> m_symptoms;
    QTableWidget *m_table;
    QLineEdit *m_prefix;
    QLabel *m_heading;
    JsonTree *m_findings;
    QVBoxLayout *m_remediations;
    QList<QPushButton *> m_buttons;
    QHash<QString, QString> m_vars;
    int m_current = -1;
    int m_outstanding = 0;
};

} // namespace crosslogic::console
