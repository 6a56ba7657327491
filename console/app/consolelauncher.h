// Starts the console: connects at once for --url (token from CROSSLOGIC_ADMIN_TOKEN), else opens the connect
// dialog; with --screenshot-dir it renders every view and quits.
#pragma once

#include "app/consoleoptions.h"

#include <QObject>
#include <memory>

namespace crosslogic::console {

class MainWindow;
class TokenStore;
struct ConnectionProfile;

class ConsoleLauncher : public QObject
{
    Q_OBJECT
public:
    explicit ConsoleLauncher(ConsoleOptions options, QObject *parent = nullptr);
    ~ConsoleLauncher() override;
    // Returns false when there is nothing to run (e.g. --url without CROSSLOGIC_ADMIN_TOKEN).
    bool start();
    MainWindow *window() const { return m_window.get(); }

private:
    void open(const ConnectionProfile &profile);

    ConsoleOptions m_options;
    TokenStore *m_tokens;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace crosslogic::console
