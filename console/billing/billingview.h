// Billing: recent usage records and billing events (failed highlighted), re-process failed events, backfill usage;
// and, on its second tab, a tenant's spend against its budgets, prepaid balance and credit ledger (SpendPanel).
#pragma once

#include "common/consoleview.h"

#include <QElapsedTimer>
#include <QStringList>

class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;
class QTimer;

namespace crosslogic::console {

class BillingTableModel;
class SpendPanel;

class BillingView : public ConsoleView
{
    Q_OBJECT
public:
    explicit BillingView(const ViewContext &context, QWidget *parent = nullptr);

    QLabel *retryStatus() const { return m_retryStatus; }
    SpendPanel *spendPanel() const { return m_spend; }
    // Brings the "Spend & credit" tab to the front.
    void showSpend();

public slots:
    void refresh() override;

protected:
    void applyRole() override;

private:
    void watchRetry();
    void load(const QString &path, BillingTableModel *model, QTableView *table, QLabel *label,
              const QString &what);

    QTabWidget *m_pages;
    SpendPanel *m_spend;
    BillingTableModel *m_usage;
    BillingTableModel *m_events;
    QTableView *m_usageTable;
    QTableView *m_eventsTable;
    QLabel *m_usageLabel;
    QLabel *m_eventsLabel;
    QPushButton *m_retry;
    QLabel *m_retryStatus;
    QTimer *m_retryWatch;
    QStringList m_retryIds;
    QElapsedTimer m_retryClock;
    QPushButton *m_backfill;
    bool m_usageMissing = false;
    bool m_eventsMissing = false;
};

} // namespace crosslogic::console
