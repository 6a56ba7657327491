// Rate limits: counters against limits for a key, environment or tenant (GET /admin/ratelimits/{level}/{id}),
// a chart of the last minutes, and clearing the counters.
#pragma once

#include "common/consoleview.h"

#include <QJsonObject>

class QComboBox;
class QLineEdit;
class QLabel;
class QPushButton;
class QLineSeries;
class QChartView;
class QValueAxis;
class QDateTimeAxis;

namespace crosslogic::console {

class LimitBar;

class RateLimitsView : public ConsoleView
{
    Q_OBJECT
public:
    static constexpr int kMaxPoints = 120;

    explicit RateLimitsView(const ViewContext &context, QWidget *parent = nullptr);
    void setTarget(const QString &level, const QString &id);
    // Follows the key selected in the keys view (every pick, not only the first).
    void suggestKey(const QString &id);
    QString targetId() const;

public slots:
    void refresh() override;

protected:
    void applyRole() override;

private:
    void show(const QJsonObject &answer);

    QComboBox *m_level;
    QLineEdit *m_id;
    QLabel *m_status;
    LimitBar *m_requests;
    LimitBar *m_tokens;
    LimitBar *m_concurrency;
    QPushButton *m_clear;
    QChartView *m_chart;
    QLineSeries *m_requestSeries;
    QLineSeries *m_concurrencySeries;
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_valueAxis;
};

} // namespace crosslogic::console
