// Starts the console: connects at once for --url (token from CROSSLOGIC_ADMIN_TOKEN), else opens the connect
// dialog; with --screenshot-dir it renders every view and quits.
#include "app/consolelauncher.h"

#include "app/connectdialog.h"
#include "app/mainwindow.h"
#include "app/screenshotrunner.h"
#include "app/tokenstore.h"
#include "core/log.h"

#include <QApplication>

namespace crosslogic::console {

ConsoleLauncher::ConsoleLauncher(ConsoleOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_tokens(new TokenStore(this))
{
}

ConsoleLauncher::~ConsoleLauncher() = default;

bool ConsoleLauncher::start()
{
    if (!m_options.url.isEmpty()) {
        if (m_options.token.isEmpty()) {
            spdlog::error("--url needs the admin token in CROSSLOGIC_ADMIN_TOKEN");
            return false;
        }
        ConnectionProfile profile;
        profile.url = QUrl(m_options.url);
        profile.name = m_options.profile;
        profile.token = m_options.token;
        open(profile);
        return true;
    }
    auto *dialog = new ConnectDialog(m_tokens);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { open(dialog->profile()); });
    connect(dialog, &QDialog::rejected, qApp, &QCoreApplication::quit);
    dialog->open();
    return true;
}

void ConsoleLauncher::open(const ConnectionProfile &profile)
{
    m_window = std::make_unique<MainWindow>(profile, m_options.escalationConfig);
    m_window->show();
    if (m_options.screenshotDir.isEmpty())
        return;
    auto *runner = new ScreenshotRunner(m_window.get(), m_options.screenshotDir, m_options.screenshotTimeoutMs, this);
    connect(runner, &ScreenshotRunner::done, qApp, [](bool ok) { QCoreApplication::exit(ok ? 0 : 1); });
    runner->start();
}

} // namespace crosslogic::console
