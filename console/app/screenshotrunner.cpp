// --screenshot-dir: waits until every view has loaded its data, renders each to DIR/<view>.png, a key's detail
// panel to DIR/key-detail.png and that key's tenant's spend to DIR/billing-spend.png, then quits.
#include "app/screenshotrunner.h"

#include "app/mainwindow.h"
#include "billing/billingview.h"
#include "billing/spendpanel.h"
#include "common/consoleview.h"
#include "detail/detailpanel.h"
#include "keys/keysview.h"
#include "keys/keytablemodel.h"
#include "core/log.h"

#include <QDir>
#include <QPixmap>

namespace crosslogic::console {

ScreenshotRunner::ScreenshotRunner(MainWindow *window, const QString &dir, int timeoutMs, QObject *parent)
    : QObject(parent), m_window(window), m_dir(dir)
{
    m_poll.setInterval(250);
    m_deadline.setSingleShot(true);
    m_deadline.setInterval(timeoutMs);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        // Two metrics scrapes are needed before the traffic chart has a point; give the views a few ticks.
        if (allLoaded() && ++m_settleTicks >= 24) {
            m_poll.stop();
            m_deadline.stop();
            shootNext();
        }
    });
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        m_poll.stop();
        spdlog::warn("screenshots: not every view loaded within the deadline; rendering what is there");
        shootNext();
    });
}

void ScreenshotRunner::start()
{
    QDir().mkpath(m_dir);
    m_window->resize(1280, 800); // the size the docs promise every view is readable at
    m_poll.start();
    m_deadline.start();
}

bool ScreenshotRunner::allLoaded() const
{
    for (const ConsoleView *v : m_window->views())
        if (!v->hasLoaded())
            return false;
    return m_window->role() != AdminRole::Unknown;
}

void ScreenshotRunner::shootNext()
{
    const QList<ConsoleView *> views = m_window->views();
    if (m_next == views.size()) {
        ++m_next;
        shootKeyDetail();
        return;
    }
    if (m_next == views.size() + 1) {
        ++m_next;
        shootBillingSpend();
        return;
    }
    if (m_next > views.size()) {
        emit done(m_written.size() == views.size() + 2);
        return;
    }
    ConsoleView *view = views[m_next];
    m_window->showView(view);
    view->prepareScreenshot();
    // Let layouts, charts and any diagnostics the view started settle before grabbing.
    QTimer::singleShot(1200, this, [this, view] {
        const QString path = QDir(m_dir).filePath(view->viewId() + QStringLiteral(".png"));
        if (m_window->grab().save(path))
            m_written << path;
        else
            spdlog::error("screenshots: cannot write {}", qs(path));
        ++m_next;
        shootNext();
    });
}

// key-detail.png: the Keys view with the detail panel of a valid key (the first listed when none is valid).
void ScreenshotRunner::shootKeyDetail()
{
    auto *keys = m_window->view<KeysView>();
    const KeyTableModel *model = keys ? keys->model() : nullptr;
    QJsonObject key;
    for (int r = 0; model && r < model->rowCount(); ++r)
        if (key.isEmpty() || (model->rowObject(r).value(QLatin1String("valid")).toBool() && !key.value(QLatin1String("valid")).toBool()))
            key = model->rowObject(r);
    if (key.isEmpty()) {
        spdlog::error("screenshots: no key listed for key-detail.png");
        shootNext();
        return;
    }
    m_spendTenant = key.value(QLatin1String("tenant_id")).toString();
    m_window->showView(keys);
    keys->selectKey(key.value(QLatin1String("id")).toString());
    m_window->detailPanel()->open({QStringLiteral("key"), key.value(QLatin1String("id")).toString(), key.value(QLatin1String("name")).toString()});
    m_window->resize(1280, 800);
    auto *wait = new QTimer(this);
    wait->setInterval(200);
    connect(wait, &QTimer::timeout, this, [this, wait, ticks = 0]() mutable {
        if (!m_window->detailPanel()->isComplete() && ++ticks < 50)
            return;
        wait->deleteLater();
        QTimer::singleShot(1200, this, [this] {
            save(QStringLiteral("key-detail.png"));
            shootNext();
        });
    });
    wait->start();
}

// billing-spend.png: Billing → Spend & credit for the tenant of the key in key-detail.png, the panel closed.
void ScreenshotRunner::shootBillingSpend()
{
    auto *billing = m_window->view<BillingView>();
    if (!billing) {
        shootNext();
        return;
    }
    m_window->detailPanel()->hide();
    m_window->showView(billing);
    billing->showSpend();
    SpendPanel *spend = billing->spendPanel();
    spend->refresh();
    auto *wait = new QTimer(this);
    wait->setInterval(200);
    connect(wait, &QTimer::timeout, this, [this, wait, spend, ticks = 0]() mutable {
        if (!m_spendTenant.isEmpty() && spend->tenantId() != m_spendTenant)
            spend->selectTenant(m_spendTenant);
        if (!spend->hasSpend() && ++ticks < 50)
            return;
        wait->deleteLater();
        QTimer::singleShot(1200, this, [this] {
            save(QStringLiteral("billing-spend.png"));
            shootNext();
        });
    });
    wait->start();
}

void ScreenshotRunner::save(const QString &name)
{
    const QString path = QDir(m_dir).filePath(name);
    if (m_window->grab().save(path))
        m_written << path;
    else
        spdlog::error("screenshots: cannot write {}", qs(path));
}

} // namespace crosslogic::console
