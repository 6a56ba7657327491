// The audit log's filters as GET /admin/audit takes them: actor (token_name), action (exact, or a prefix ending in
// *), target, result and a time range (a recent period, or since/until picked).
#pragma once

#include <QUrlQuery>
#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLineEdit;

namespace crosslogic::console {

class AuditFilter : public QWidget
{
    Q_OBJECT
public:
    explicit AuditFilter(QWidget *parent = nullptr);

    // The query for /admin/audit (limit included).
    QUrlQuery query() const;
    QLineEdit *actorEdit() const { return m_actor; }
    QLineEdit *actionEdit() const { return m_action; }
    QLineEdit *targetEdit() const { return m_target; }
    QComboBox *resultBox() const { return m_result; }
    QComboBox *periodBox() const { return m_period; }

signals:
    // A filter changed (text edits after a short pause).
    void changed();

private:
    QLineEdit *m_actor;
    QLineEdit *m_action;
    QLineEdit *m_target;
    QComboBox *m_result;
    QComboBox *m_period;
    QDateTimeEdit *m_since;
    QDateTimeEdit *m_until;
};

} // namespace crosslogic::console
