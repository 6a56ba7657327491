// History charts under one range picker, loaded from the daemon's metrics history.
#include "history/historypanel.h"

#include "history/historychart.h"
#include "history/historyfeed.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace crosslogic::console {

HistoryPanel::HistoryPanel(AdminClient *client, const QString &defaultRange, QWidget *parent)
    : QWidget(parent), m_feed(new HistoryFeed(client, this)), m_range(new QComboBox(this)), m_status(new QLabel(this)),
      m_charts(new QHBoxLayout)
{
    m_range->setObjectName(QStringLiteral("historyRange"));
    m_range->addItem(tr("Last 15 min"), QStringLiteral("15m"));
    m_range->addItem(tr("Last 1 h"), QStringLiteral("1h"));
    m_range->addItem(tr("Last 6 h"), QStringLiteral("6h"));
    m_range->addItem(tr("Last 24 h"), QStringLiteral("24h"));
    m_range->setCurrentIndex(std::max(0, m_range->findData(defaultRange)));
    m_range->setAccessibleName(tr("History range"));
    auto *label = new QLabel(tr("&History:"), this);
    label->setBuddy(m_range);
    m_status->setObjectName(QStringLiteral("historyStatus"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *header = new QHBoxLayout;
    header->addWidget(label);
    header->addWidget(m_range);
    header->addWidget(m_status, 1);
    layout->addLayout(header);
    layout->addLayout(m_charts, 1);
    connect(m_range, &QComboBox::currentIndexChanged, this, &HistoryPanel::reload);
    connect(m_feed, &HistoryFeed::loaded, this, [this](const HistorySnapshot &s) {
        m_loadedRange = s.range;
        m_status->setText(tr("%n sample(s) from the daemon, every %1 s; updated %2", nullptr, int(s.points.size()))
                              .arg(s.stepMs / 1000)
                              .arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"))));
        emit loaded(s);
    });
    connect(m_feed, &HistoryFeed::failed, this, [this](const QString &why) {
        m_status->setText(why);
        for (HistoryChart *c : std::as_const(m_chartList))
            c->showMessage(why);
    });
}

void HistoryPanel::addChart(HistoryChart *chart, int stretch)
{
    chart->setParent(this);
    m_chartList.append(chart);
    m_charts->addWidget(chart, stretch);
}

const HistorySnapshot &HistoryPanel::snapshot() const
{
    return m_feed->snapshot();
}

void HistoryPanel::refresh()
{
    if (m_feed->range() != m_range->currentData().toString())
        reload();
    else
        m_feed->reloadIfOlder();
}

void HistoryPanel::reload()
{
    m_feed->load(m_range->currentData().toString());
}

} // namespace crosslogic::console
