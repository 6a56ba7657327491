// Escalation (for SREs): the §10 contact table from the operators' config, the §8.1 outage checklist live, and the
// audit log.
#pragma once

#include "common/consoleview.h"

class QTableWidget;
class QTreeWidget;
class QTableView;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;

namespace crosslogic::console {

class AuditModel;

class EscalationView : public ConsoleView
{
    Q_OBJECT
public:
    EscalationView(const ViewContext &context, const QString &configPath, QWidget *parent = nullptr);
    AuditModel *auditModel() const { return m_audit; }

public slots:
    void refresh() override;

private:
    QTableWidget *m_contacts;
    QLabel *m_contactsSource;
    QTreeWidget *m_checklist;
    QLabel *m_checklistStatus;
    AuditModel *m_audit;
    QSortFilterProxyModel *m_auditProxy;
    QTableView *m_auditTable;
    QLineEdit *m_auditFilter;
    QLabel *m_auditStatus;
};

} // namespace crosslogic::console
