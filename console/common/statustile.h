// A dashboard tile: caption, big value, one line of detail, coloured by its status level.
#pragma once

#include "common/statuslevel.h"

#include <QFrame>

class QLabel;

namespace crosslogic::console {

class StatusTile : public QFrame
{
    Q_OBJECT
public:
    explicit StatusTile(const QString &caption, QWidget *parent = nullptr);
    void setState(StatusLevel level, const QString &value, const QString &detail = {});
    StatusLevel level() const { return m_level; }
    QString value() const;
    QString caption() const;

protected:
    // A disabled tile (stale data) is drawn in a faded colour.
    void changeEvent(QEvent *event) override;

private:
    void applyStyle();

    QLabel *m_caption;
    QLabel *m_value;
    QLabel *m_detail;
    StatusLevel m_level = StatusLevel::Unknown;
};

} // namespace crosslogic::console
