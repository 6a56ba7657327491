// A dashboard tile: caption, big value, one line of detail, coloured by its status level.
#include "common/statustile.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace crosslogic::console {

StatusTile::StatusTile(const QString &caption, QWidget *parent)
    : QFrame(parent), m_caption(new QLabel(caption, this)), m_value(new QLabel(QStringLiteral("…"), this)), m_detail(new QLabel(this))
{
    setObjectName(QStringLiteral("statusTile"));
    setMinimumSize(170, 96);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(2);
    QFont captionFont = m_caption->font();
    captionFont.setBold(true);
    m_caption->setFont(captionFont);
    QFont valueFont = m_value->font();
    valueFont.setPointSizeF(valueFont.pointSizeF() * 1.8);
    valueFont.setBold(true);
    m_value->setFont(valueFont);
    m_detail->setWordWrap(true);
    layout->addWidget(m_caption);
    layout->addWidget(m_value);
    layout->addWidget(m_detail, 1);
    setState(StatusLevel::Unknown, QStringLiteral("…"));
}

void StatusTile::setState(StatusLevel level, const QString &value, const QString &detail)
{
    m_level = level;
    m_value->setText(value);
    m_detail->setText(detail);
    setToolTip(detail);
    setAccessibleName(m_caption->text());
    setAccessibleDescription(value + QStringLiteral(", ") + detail);
    applyStyle();
}

void StatusTile::applyStyle()
{
    QColor c = statusColor(m_level);
    if (!isEnabled()) { // stale: the colour's message is old news
        const QColor grey(0xbd, 0xbd, 0xbd);
        c = QColor((c.red() + grey.red() * 2) / 3, (c.green() + grey.green() * 2) / 3, (c.blue() + grey.blue() * 2) / 3);
    }
    setStyleSheet(QStringLiteral("QFrame#statusTile { background: %1; border-radius: 6px; } QFrame#statusTile QLabel { color: white; }")
                      .arg(c.name()));
}

void StatusTile::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::EnabledChange)
        applyStyle();
}

QString StatusTile::caption() const
{
    return m_caption->text();
}

QString StatusTile::value() const
{
    return m_value->text();
}

} // namespace crosslogic::console
