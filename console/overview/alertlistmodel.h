// The open alerts as a table: severity, age, what, objects (names; ids in the tooltip), runbook section,
// state. Fed by snapshots and stream transitions; rows are updated in place so a selection survives.
#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>
#include <QSet>

namespace crosslogic::console {

class AlertListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Severity,
        Age,
        What,
        Objects,
        Runbook,
        State,
        ColumnCount
    };
    // The same roles as JsonTableModel, so the console's table helpers work on it.
    enum Role
    {
        RowObjectRole = Qt::UserRole,
        IdRole,
        SortRole
    };

    explicit AlertListModel(QObject *parent = nullptr);

    // Every open alert (a snapshot): rows not in it go, new ones come, the others are updated.
    void setAlerts(const QList<QJsonObject> &alerts);
    // One stream transition: "resolved" removes the alert, anything else updates or adds it.
    void apply(const QString &transition, const QJsonObject &alert);
    // The clock the ages are measured against (ms since the epoch); updates the Age and State columns.
    void setNow(qint64 nowMs);

    int rowOfId(qint64 id) const;
    QJsonObject alertAt(int row) const;
    QJsonObject alertById(qint64 id) const;
    // Open alerts of a severity (critical, warning, info), firing ones only when firingOnly.
    int count(const QString &severity, bool firingOnly) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Texts shared with the panel: "3 min", "critical", "node gpu-a1".
    static QString ageText(qint64 seconds);
    static QString severityText(const QString &severity);
    static QString kindText(const QString &kind);
    static QString objectsText(const QJsonObject &alert);
    static QString stateText(const QJsonObject &alert, qint64 nowMs);
    // An RFC 3339 time from the daemon (microseconds allowed) in ms since the epoch; 0 when missing.
    static qint64 timeMs(const QJsonValue &value);

private:
    void upsert(const QJsonObject &alert);
    void removeRow(int row);

    QList<QJsonObject> m_alerts;
    QSet<qint64> m_resolved; // resolved ids: a late snapshot must not bring them back
    qint64 m_nowMs;
};

} // namespace crosslogic::console
