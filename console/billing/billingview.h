// Billing: recent usage records and billing events (failed highlighted), re-process failed events, backfill usage.
#pragma once

#include "common/consoleview.h"

class QLabel;
class QPushButton;
class QTableView;

namespace crosslogic::console {

class BillingTableModel;

class BillingView : public ConsoleView
{
    Q_OBJECT
public:
    explicit BillingView(const ViewContext &context, QWidget *parent = nullptr);

public slots:
    void refresh() override;

protected:
    void applyRole() override;

private:
    void load(const QString &path, BillingTableModel *model, QTableView *table, QLabel *label,
              const QString &what);

    BillingTableModel *m_usage;
    BillingTableModel *m_events;
    QTableView *m_usageTable;
    QTableView *m_eventsTable;
    QLabel *m_usageLabel;
    QLabel *m_eventsLabel;
    QPushButton *m_retry;
    QPushButton *m_backfill;
    bool m_usageMissing = false;
    bool m_eventsMissing = false;
};

} // namespace crosslogic::console
