// The always-visible banner naming the environment the console is connected to, in colour (production is red),
// with the token's role, or "Disconnected from … — retrying" while the daemon is away.
#pragma once

#include "adminclient/adminrole.h"
#include "app/connectionprofile.h"

#include <QLabel>

namespace crosslogic::console {

class EnvironmentBanner : public QLabel
{
    Q_OBJECT
public:
    EnvironmentBanner(const ConnectionProfile &profile, QWidget *parent = nullptr);
    void setRole(AdminRole role);
    void setDisconnected(bool disconnected, const QString &reason = {});
    bool isDisconnected() const { return m_disconnected; }

private:
    void render();

    ConnectionProfile m_profile;
    AdminRole m_role = AdminRole::Unknown;
    bool m_disconnected = false;
    QString m_reason;
};

} // namespace crosslogic::console
