// Audit log (GET /admin/audit, newest first): filtered by actor, action, target (id or a known name), result and
// time; targets named where the console knows them; a row's target opens its object (double-click or Enter emits
// openTarget).
#pragma once

#include "common/consoleview.h"

#include <QJsonArray>

class QLabel;
class QTableView;

namespace crosslogic::console {

class AuditFilter;
class AuditModel;
class AuditNames;

class AuditView : public ConsoleView
{
    Q_OBJECT
public:
    explicit AuditView(const ViewContext &context, QWidget *parent = nullptr);
    AuditModel *model() const { return m_model; }
    AuditFilter *filter() const { return m_filter; }
    QTableView *table() const { return m_table; }
    // The query of the last answer shown (tests: the filters reached the daemon).
    QString shownQuery() const { return m_shownQuery; }

public slots:
    void refresh() override;
    // Opens the target of the row at this (table) row.
    void openRow(int row);

signals:
    // kind: key, tenant, environment, node, alert, redis, database, billing_event, …; id: the audit row's target.
    void openTarget(const QString &kind, const QString &id);

private:
    AuditFilter *m_filter;
    void showRows();

    AuditModel *m_model;
    AuditNames *m_names;
    QJsonArray m_rows; // the daemon's last answer
    QTableView *m_table;
    QLabel *m_status;
    QString m_shownQuery;
};

} // namespace crosslogic::console
