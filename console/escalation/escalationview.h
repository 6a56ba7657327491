// Escalation (for SREs): the §10 contact table from the operators' config and the §8.1 outage checklist live.
#pragma once

#include "common/consoleview.h"

class QTableWidget;
class QTreeWidget;
class QLabel;

namespace crosslogic::console {

class EscalationView : public ConsoleView
{
    Q_OBJECT
public:
    EscalationView(const ViewContext &context, const QString &configPath, QWidget *parent = nullptr);

public slots:
    void refresh() override;

private:
    QTableWidget *m_contacts;
    QLabel *m_contactsSource;
    QTreeWidget *m_checklist;
    QLabel *m_checklistStatus;
};

} // namespace crosslogic::console
