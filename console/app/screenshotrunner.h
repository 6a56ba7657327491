// --screenshot-dir: waits until every view has loaded its data, renders each to DIR/<view>.png, a key's detail
// panel to DIR/key-detail.png and that key's tenant's spend (Billing → Spend & credit) to DIR/billing-spend.png,
// then quits.
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

namespace crosslogic::console {

class MainWindow;

class ScreenshotRunner : public QObject
{
    Q_OBJECT
public:
    ScreenshotRunner(MainWindow *window, const QString &dir, int timeoutMs, QObject *parent = nullptr);
    void start();
    QStringList written() const { return m_written; }

signals:
    void done(bool ok);

private:
    bool allLoaded() const;
    void shootNext();
    void shootKeyDetail();
    void shootBillingSpend();
    void save(const QString &name);

    MainWindow *m_window;
    QString m_dir;
    QTimer m_poll;
    QTimer m_deadline;
    int m_next = 0;
    int m_settleTicks = 0;
    QStringList m_written;
    QString m_spendTenant; // the tenant of the key in key-detail.png
};

} // namespace crosslogic::console
