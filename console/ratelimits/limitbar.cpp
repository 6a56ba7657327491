// One counter against its limit as a labelled bar ("42 / 60 requests per minute"), red when close to the limit.
#include "ratelimits/limitbar.h"

#include "common/statuslevel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>

namespace crosslogic::console {

LimitBar::LimitBar(const QString &caption, QWidget *parent)
    : QWidget(parent), m_caption(new QLabel(caption, this)), m_bar(new QProgressBar(this)), m_value(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 2);
    m_caption->setMinimumWidth(170);
    m_value->setMinimumWidth(170);
    m_bar->setTextVisible(false);
    m_bar->setRange(0, 1000);
    layout->addWidget(m_caption);
    layout->addWidget(m_bar, 1);
    layout->addWidget(m_value);
    setValues(0, -1);
}

void LimitBar::setValues(double current, double limit)
{
    if (limit <= 0) {
        m_bar->setValue(0);
        m_value->setText(tr("%1 (no limit)").arg(QLocale().toString(qint64(current))));
        return;
    }
    const double share = std::clamp(current / limit, 0.0, 1.0);
    m_bar->setValue(int(share * 1000));
    // Counters and limits are whole numbers: 1,000,000 (1.000.000 in German), never 1e+06.
    const QLocale locale;
    m_value->setText(tr("%1 / %2 (%3 %)").arg(locale.toString(qint64(current)), locale.toString(qint64(limit))).arg(int(share * 100)));
    const StatusLevel level = share >= 1.0 ? StatusLevel::Fail : share >= 0.8 ? StatusLevel::Warn : StatusLevel::Ok;
    m_bar->setStyleSheet(QStringLiteral("QProgressBar { border: 1px solid #bbb; border-radius: 3px; background: #f3f3f3; height: 16px; }"
                                        " QProgressBar::chunk { background: %1; }")
                             .arg(statusColor(level).name()));
}

QString LimitBar::text() const
{
    return m_value->text();
}

} // namespace crosslogic::console
