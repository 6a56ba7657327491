// A time chart of the daemon's metrics history: series drawn in segments (a gap stays a gap), alert rules'
// thresholds as dashed lines, alerts as markers where they fired; accessible name and a description that reads the
// latest values, thresholds and alerts.
#pragma once

#include "history/historysnapshot.h"

#include <QChartView>
#include <QColor>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace crosslogic::console {

class HistoryChart : public QChartView
{
    Q_OBJECT
public:
    enum class Axis { Left, Right };

    // rightTitle empty: the chart has one value axis.
    HistoryChart(const QString &title, const QString &leftTitle, const QString &rightTitle = {}, QWidget *parent = nullptr);

    // Starts a new drawing for this window (removes every series).
    void begin(const HistorySnapshot &snapshot);
    // One series from the snapshot, in as many line segments as it has runs; key names it for tests
    // (objectName "series:<key>").
    void addSeries(const QString &key, const QString &name, const QList<QList<QPointF>> &segments, const QColor &color,
                   Axis axis = Axis::Left, const QString &unit = {});
    // A dashed horizontal line across the window (objectName "threshold:<key>"). The value axis reaches it when
    // alwaysInView or when it is within 3x the data's top; otherwise its legend entry says it is above the chart.
    void addThreshold(const QString &key, const QString &name, double value, Axis axis = Axis::Left, bool alwaysInView = false);
    // Markers at the top of the chart where the alerts fired, coloured by severity (objectName "alerts").
    void addAlertMarkers(const QJsonArray &alerts);
    // Fits the value axes and writes the accessible description.
    void finish();
    void showMessage(const QString &text);
    // A fixed top for the left axis (e.g. 100 for a score); 0: fitted to the data.
    void setLeftMaximum(double max);

    // What a test (or screen reader) can ask: the segments of a series, a threshold's value, the markers.
    int segmentCount(const QString &key) const;
    std::optional<double> thresholdValue(const QString &key) const;
    int alertMarkerCount() const;
    QString description() const { return m_description; }

private:
    QValueAxis *axis(Axis a) const;

    QString m_title;
    QDateTimeAxis *m_time;
    QValueAxis *m_left;
    QValueAxis *m_right = nullptr;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
    double m_leftMax = 0;
    double m_top[2] = {0, 0}; // the data's highest value per axis (left, right)
    struct Threshold
    {
        QLineSeries *line;
        double value;
        int side;
        bool alwaysInView;
    };
    QList<Threshold> m_thresholds;
    QStringList m_lines;
    QString m_description;
    int m_markers = 0;
};

} // namespace crosslogic::console
