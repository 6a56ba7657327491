// The always-visible banner naming the environment the console is connected to, in colour (production is red),
// with the token's role, or "Disconnected from … — retrying" while the daemon is away.
#include "app/environmentbanner.h"

namespace crosslogic::console {

EnvironmentBanner::EnvironmentBanner(const ConnectionProfile &profile, QWidget *parent) : QLabel(parent), m_profile(profile)
{
    setObjectName(QStringLiteral("environmentBanner"));
    setMinimumHeight(40);
    setMargin(8);
    QFont f = font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.15);
    setFont(f);
    render();
}

void EnvironmentBanner::setRole(AdminRole role)
{
    m_role = role;
    render();
}

void EnvironmentBanner::setDisconnected(bool disconnected, const QString &reason)
{
    m_disconnected = disconnected;
    m_reason = reason;
    render();
}

void EnvironmentBanner::render()
{
    const QString where = m_profile.url.toString();
    QString background;
    if (m_disconnected) {
        setText(tr("⚠ Disconnected from %1 (%2) — retrying… %3").arg(m_profile.displayName(), where, m_reason));
        background = QStringLiteral("#424242");
    } else if (m_profile.isProduction()) {
        const bool named = m_profile.name.contains(QLatin1String("prod"), Qt::CaseInsensitive);
        setText((named ? tr("● PRODUCTION — %1 (%2) · role: %3") : tr("● REMOTE — %1 (%2) · role: %3"))
                    .arg(m_profile.displayName().toUpper(), where, adminRoleName(m_role)));
        background = QStringLiteral("#c62828");
    } else {
        setText(tr("● %1 — %2 · role: %3").arg(m_profile.displayName(), where, adminRoleName(m_role)));
        background = QStringLiteral("#2e7d32");
    }
    setStyleSheet(QStringLiteral("QLabel#environmentBanner { background: %1; color: white; }").arg(background));
}

} // namespace crosslogic::console
