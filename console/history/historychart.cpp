// A time chart of the metrics history: segments, dashed thresholds, alert markers, accessible description.
#include "history/historychart.h"

#include <QCursor>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>

namespace crosslogic::console {

namespace {
QColor severityColor(const QString &severity)
{
    if (severity == QLatin1String("critical"))
        return QColor(0xc6, 0x28, 0x28);
    if (severity == QLatin1String("warning"))
        return QColor(0xef, 0x8f, 0x00);
    return QColor(0x15, 0x65, 0xc0);
}

double niceCeiling(double top)
{
    return top <= 0 ? 1 : top * 1.15;
}
} // namespace

HistoryChart::HistoryChart(const QString &title, const QString &leftTitle, const QString &rightTitle, QWidget *parent)
    : QChartView(new QChart, parent), m_title(title), m_time(new QDateTimeAxis), m_left(new QValueAxis)
{
    // QChartView(QWidget*) would make a default chart that setChart() only releases, never deletes (LeakSanitizer):
    // the view gets its chart at construction and owns it.
    QChart *c = chart();
    c->setTitle(title);
    m_time->setFormat(QStringLiteral("HH:mm"));
    m_time->setTickCount(7);
    // A time axis laid out before it has a range loses its ticks and labels for good (Qt 6.4): one from the start.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(now - 3600000), QDateTime::fromMSecsSinceEpoch(now));
    m_left->setTitleText(leftTitle);
    m_left->setLabelFormat(QStringLiteral("%.1f"));
    c->addAxis(m_time, Qt::AlignBottom);
    c->addAxis(m_left, Qt::AlignLeft);
    if (!rightTitle.isEmpty()) {
        m_right = new QValueAxis;
        m_right->setTitleText(rightTitle);
        m_right->setLabelFormat(QStringLiteral("%.0f"));
        m_right->setGridLineVisible(false); // the left axis draws the grid; two would not line up
        c->addAxis(m_right, Qt::AlignRight);
    }
    c->legend()->setAlignment(Qt::AlignTop);
    c->setMargins(QMargins(4, 0, 4, 0));
    QFont small = c->legend()->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    c->legend()->setFont(small);
    c->setTitleFont(small);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
    setAccessibleName(title);
    setFocusPolicy(Qt::TabFocus); // a screen reader reaches it with Tab and reads its description
}

QValueAxis *HistoryChart::axis(Axis a) const
{
    return a == Axis::Right && m_right ? m_right : m_left;
}

void HistoryChart::begin(const HistorySnapshot &snapshot)
{
    chart()->removeAllSeries();
    chart()->setTitle(m_title);
    m_fromMs = snapshot.fromMs;
    m_toMs = snapshot.toMs;
    if (m_fromMs <= 0 || m_fromMs >= m_toMs) {
        // Nothing loaded yet: an empty range would leave the time axis without ticks or labels for good.
        m_toMs = QDateTime::currentMSecsSinceEpoch();
        m_fromMs = m_toMs - 3600000;
    }
    m_top[0] = m_top[1] = 0;
    m_thresholds.clear();
    m_lines.clear();
    m_markers = 0;
    m_time->setFormat(m_toMs - m_fromMs > 6 * 3600000 ? QStringLiteral("dd. HH:mm") : QStringLiteral("HH:mm"));
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(m_fromMs), QDateTime::fromMSecsSinceEpoch(m_toMs));
}

void HistoryChart::addSeries(const QString &key, const QString &name, const QList<QList<QPointF>> &segments,
                             const QColor &color, Axis a, const QString &unit)
{
    const int side = a == Axis::Right && m_right ? 1 : 0;
    bool first = true;
    for (const QList<QPointF> &run : segments) {
        auto *series = new QLineSeries;
        series->setObjectName(QStringLiteral("series:") + key);
        series->setName(name);
        series->setColor(color);
        series->replace(run);
        series->setPointsVisible(run.size() == 1); // a lone point would be invisible as a line
        chart()->addSeries(series);
        series->attachAxis(m_time);
        series->attachAxis(axis(a));
        // One legend entry per series, not per segment.
        for (QLegendMarker *marker : chart()->legend()->markers(series))
            marker->setVisible(first);
        first = false;
        for (const QPointF &p : run)
            m_top[side] = std::max(m_top[side], p.y());
    }
    if (segments.isEmpty()) {
        m_lines << tr("%1: no data").arg(name);
        return;
    }
    const double last = segments.last().last().y();
    m_lines << (segments.size() > 1 ? tr("%1: latest %L2 %3, %n gap(s)", nullptr, int(segments.size() - 1)).arg(name).arg(last, 0, 'f', 1).arg(unit)
                                    : tr("%1: latest %L2 %3").arg(name).arg(last, 0, 'f', 1).arg(unit));
}

void HistoryChart::addThreshold(const QString &key, const QString &name, double value, Axis a, bool alwaysInView)
{
    auto *line = new QLineSeries;
    line->setObjectName(QStringLiteral("threshold:") + key);
    line->setName(name);
    QPen pen(QColor(0xc6, 0x28, 0x28));
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(1.5);
    line->setPen(pen);
    line->append(double(m_fromMs), value);
    line->append(double(m_toMs), value);
    chart()->addSeries(line);
    line->attachAxis(m_time);
    line->attachAxis(axis(a));
    m_thresholds.append({line, value, a == Axis::Right && m_right ? 1 : 0, alwaysInView});
    m_lines << tr("%1 at %L2").arg(name).arg(value, 0, 'g', 4);
}

void HistoryChart::addAlertMarkers(const QJsonArray &alerts)
{
    // One scatter series per severity so the legend says what the colours mean; placed at the top in finish().
    QHash<QString, QScatterSeries *> bySeverity;
    QStringList titles;
    QHash<qint64, QStringList> texts; // what hovering a marker shows
    for (const QJsonValue &v : alerts) {
        const QJsonObject alert = v.toObject();
        const QString severity = alert.value(QLatin1String("severity")).toString();
        QScatterSeries *&s = bySeverity[severity];
        if (!s) {
            s = new QScatterSeries;
            s->setObjectName(QStringLiteral("alerts"));
            s->setName(severity == QLatin1String("critical")  ? tr("Alerts (critical)")
                       : severity == QLatin1String("warning") ? tr("Alerts (warning)")
                                                              : tr("Alerts (info)"));
            s->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
            s->setMarkerSize(11);
            s->setColor(severityColor(severity));
            s->setBorderColor(severityColor(severity).darker());
        }
        const QJsonValue firing = alert.value(QLatin1String("firing_at"));
        const qint64 at = historyTimeMs(firing.isString() ? firing : alert.value(QLatin1String("started_at")));
        s->append(double(at), 0);
        const QString text = QStringLiteral("%1 %2").arg(QDateTime::fromMSecsSinceEpoch(at).toString(QStringLiteral("HH:mm")),
                                                         alert.value(QLatin1String("title")).toString());
        titles << text;
        texts[at] << text + QStringLiteral(" — ") + alert.value(QLatin1String("summary")).toString();
        ++m_markers;
    }
    for (QScatterSeries *s : std::as_const(bySeverity)) {
        connect(s, &QScatterSeries::hovered, this, [this, texts](const QPointF &p, bool entered) {
            if (entered)
                QToolTip::showText(QCursor::pos(), texts.value(qint64(p.x())).join(QLatin1Char('\n')), this);
            else
                QToolTip::hideText();
        });
        chart()->addSeries(s);
        s->attachAxis(m_time);
        s->attachAxis(m_left);
    }
    if (!titles.isEmpty())
        m_lines << tr("%n alert(s): %1", nullptr, int(titles.size())).arg(titles.join(QStringLiteral("; ")));
}

void HistoryChart::finish()
{
    // A threshold far above the data would flatten it: the axis reaches a threshold only within 3x the data's top;
    // one further up stays in the legend with its value.
    double top[2] = {m_top[0], m_top[1]};
    for (const Threshold &t : std::as_const(m_thresholds)) {
        if (t.alwaysInView || m_top[t.side] <= 0 || t.value <= 3 * m_top[t.side])
            top[t.side] = std::max(top[t.side], t.value);
        else
            t.line->setName(tr("%1 (%L2, above the chart)").arg(t.line->name()).arg(t.value, 0, 'g', 4));
    }
    if (m_leftMax > 0) {
        m_left->setRange(0, m_leftMax);
    } else {
        m_left->setRange(0, niceCeiling(top[0]));
        m_left->applyNiceNumbers();
    }
    m_left->setLabelFormat(m_left->max() >= 10 ? QStringLiteral("%.0f") : QStringLiteral("%.1f"));
    const double left = m_left->max();
    if (m_right) {
        m_right->setRange(0, niceCeiling(top[1]));
        m_right->applyNiceNumbers();
        m_right->setLabelFormat(m_right->max() >= 10 ? QStringLiteral("%.0f") : QStringLiteral("%.1f"));
    }
    for (QAbstractSeries *s : chart()->series())
        if (auto *scatter = qobject_cast<QScatterSeries *>(s)) {
            QList<QPointF> points = scatter->points();
            for (QPointF &p : points)
                p.setY(left * 0.96);
            scatter->replace(points);
        }
    m_description = m_lines.join(QStringLiteral(". "));
    setAccessibleDescription(m_description);
    setToolTip(m_description);
}

void HistoryChart::setLeftMaximum(double max)
{
    m_leftMax = max;
}

void HistoryChart::showMessage(const QString &text)
{
    chart()->setTitle(m_title + QStringLiteral(" — ") + text);
    setAccessibleDescription(text);
}

int HistoryChart::segmentCount(const QString &key) const
{
    int n = 0;
    for (QAbstractSeries *s : chart()->series())
        n += s->objectName() == QStringLiteral("series:") + key;
    return n;
}

std::optional<double> HistoryChart::thresholdValue(const QString &key) const
{
    for (QAbstractSeries *s : chart()->series())
        if (s->objectName() == QStringLiteral("threshold:") + key)
            if (auto *line = qobject_cast<QLineSeries *>(s); line && line->count() > 0)
                return line->at(0).y();
    return std::nullopt;
}

int HistoryChart::alertMarkerCount() const
{
    return m_markers;
}

} // namespace crosslogic::console
