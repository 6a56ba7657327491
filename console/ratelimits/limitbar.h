// One counter against its limit as a labelled bar ("42 / 60 requests per minute"), red when close to the limit.
#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;

namespace crosslogic::console {

class LimitBar : public QWidget
{
    Q_OBJECT
public:
    LimitBar(const QString &caption, QWidget *parent = nullptr);
    // limit < 0: no limit configured.
    void setValues(double current, double limit);
    QString text() const;

private:
    QLabel *m_caption;
    QProgressBar *m_bar;
    QLabel *m_value;
};

} // namespace crosslogic::console
