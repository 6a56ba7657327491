// --screenshot-dir: waits until every view has loaded its data, renders each to DIR/<view>.png, then quits.
#include "app/screenshotrunner.h"

#include "app/mainwindow.h"
#include "common/consoleview.h"
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
    if (m_next >= views.size()) {
        emit done(m_written.size() == views.size());
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

} // namespace crosslogic::console
