// A row of history charts under one range picker (15 min, 1 h, 6 h, 24 h): loads the range from the daemon when
// picked and again on the view's refresh (at most every 10 s), and hands each answer to the view to draw.
#pragma once

#include "history/historysnapshot.h"

#include <QWidget>

class QComboBox;
class QHBoxLayout;
class QLabel;

namespace crosslogic {
class AdminClient;
}

namespace crosslogic::console {

class HistoryChart;
class HistoryFeed;

class HistoryPanel : public QWidget
{
    Q_OBJECT
public:
    HistoryPanel(AdminClient *client, const QString &defaultRange, QWidget *parent = nullptr);

    void addChart(HistoryChart *chart, int stretch = 1);
    QComboBox *rangePicker() const { return m_range; }
    // The range of the last answer drawn ("" before the first).
    QString loadedRange() const { return m_loadedRange; }
    const HistorySnapshot &snapshot() const;

public slots:
    // Loads again unless the last load is younger than 10 s.
    void refresh();
    // Loads the picked range now.
    void reload();

signals:
    void loaded(const crosslogic::console::HistorySnapshot &snapshot);

private:
    HistoryFeed *m_feed;
    QComboBox *m_range;
    QLabel *m_status;
    QHBoxLayout *m_charts;
    QList<HistoryChart *> m_chartList;
    QString m_loadedRange;
};

} // namespace crosslogic::console
