// The open alerts as a table: severity, age, what, objects (names; ids in the tooltip), runbook section,
// state.
#include "overview/alertlistmodel.h"

#include "common/daemontext.h"
#include "common/statuslevel.h"

#include <QDateTime>
#include <QFont>
#include <QJsonArray>
#include <QRegularExpression>

namespace crosslogic::console {

namespace {
qint64 idOf(const QJsonObject &alert)
{
    return alert.value(QLatin1String("id")).toInteger(-1);
}
QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}
int severityRank(const QString &severity)
{
    return severity == QLatin1String("critical") ? 3 : severity == QLatin1String("warning") ? 2 : 1;
}
StatusLevel severityLevel(const QString &severity)
{
    return severity == QLatin1String("critical")  ? StatusLevel::Fail
           : severity == QLatin1String("warning") ? StatusLevel::Warn
                                                  : StatusLevel::Unknown;
}
QColor severityColor(const QString &severity)
{
    return severity == QLatin1String("info") ? QColor(0x15, 0x65, 0xc0)
                                             : statusColor(severityLevel(severity));
}
} // namespace

AlertListModel::AlertListModel(QObject *parent)
    : QAbstractTableModel(parent), m_nowMs(QDateTime::currentMSecsSinceEpoch())
{
}

qint64 AlertListModel::timeMs(const QJsonValue &value)
{
    QString text = value.toString();
    if (text.isEmpty())
        return 0;
    // PostgreSQL writes microseconds; Qt reads at most milliseconds.
    static const QRegularExpression fraction(QStringLiteral("(\\.\\d{3})\\d+"));
    text.replace(fraction, QStringLiteral("\\1"));
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

void AlertListModel::setAlerts(const QList<QJsonObject> &alerts)
{
    QSet<qint64> ids;
    for (const QJsonObject &a : alerts)
        if (str(a, "state") != QLatin1String("resolved"))
            ids.insert(idOf(a));
    for (int row = int(m_alerts.size()) - 1; row >= 0; --row)
        if (!ids.contains(idOf(m_alerts[row])))
            removeRow(row);
    for (const QJsonObject &a : alerts)
        if (str(a, "state") != QLatin1String("resolved") && !m_resolved.contains(idOf(a)))
            upsert(a);
}

void AlertListModel::apply(const QString &transition, const QJsonObject &alert)
{
    if (transition == QLatin1String("resolved") || str(alert, "state") == QLatin1String("resolved")) {
        const qint64 id = idOf(alert);
        if (m_resolved.size() > 10000)
            m_resolved.clear();
        m_resolved.insert(id);
        if (const int row = rowOfId(id); row >= 0)
            removeRow(row);
        return;
    }
    upsert(alert);
}

void AlertListModel::upsert(const QJsonObject &alert)
{
    const int row = rowOfId(idOf(alert));
    if (row < 0) {
        beginInsertRows({}, int(m_alerts.size()), int(m_alerts.size()));
        m_alerts.append(alert);
        endInsertRows();
        return;
    }
    // A poll answered after a newer stream event must not undo it.
    if (timeMs(alert.value(QLatin1String("updated_at"))) <
        timeMs(m_alerts[row].value(QLatin1String("updated_at"))))
        return;
    if (m_alerts[row] == alert)
        return;
    m_alerts[row] = alert;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void AlertListModel::removeRow(int row)
{
    beginRemoveRows({}, row, row);
    m_alerts.removeAt(row);
    endRemoveRows();
}

void AlertListModel::setNow(qint64 nowMs)
{
    m_nowMs = nowMs;
    if (!m_alerts.isEmpty())
        emit dataChanged(index(0, Age), index(int(m_alerts.size()) - 1, State),
                         {Qt::DisplayRole, Qt::ToolTipRole, SortRole});
}

int AlertListModel::rowOfId(qint64 id) const
{
    for (qsizetype i = 0; i < m_alerts.size(); ++i)
        if (idOf(m_alerts[i]) == id)
            return int(i);
    return -1;
}

QJsonObject AlertListModel::alertAt(int row) const
{
    return row >= 0 && row < m_alerts.size() ? m_alerts[row] : QJsonObject();
}

QJsonObject AlertListModel::alertById(qint64 id) const
{
    return alertAt(rowOfId(id));
}

int AlertListModel::count(const QString &severity, bool firingOnly) const
{
    int n = 0;
    for (const QJsonObject &a : m_alerts)
        n += str(a, "severity") == severity && (!firingOnly || str(a, "state") == QLatin1String("firing"));
    return n;
}

int AlertListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_alerts.size());
}

int AlertListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AlertListModel::ageText(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min").arg(seconds / 60);
    if (seconds < 48 * 3600)
        return tr("%1 h").arg(seconds / 3600);
    return tr("%1 d").arg(seconds / 86400);
}

QString AlertListModel::severityText(const QString &severity)
{
    if (severity == QLatin1String("critical"))
        return tr("critical");
    if (severity == QLatin1String("warning"))
        return tr("warning");
    if (severity == QLatin1String("info"))
        return tr("info");
    return severity;
}

QString AlertListModel::kindText(const QString &kind)
{
    static const QHash<QString, const char *> kinds = {
        {QStringLiteral("node"), QT_TR_NOOP("node")},
        {QStringLiteral("model"), QT_TR_NOOP("model")},
        {QStringLiteral("key"), QT_TR_NOOP("key")},
        {QStringLiteral("tenant"), QT_TR_NOOP("tenant")},
        {QStringLiteral("environment"), QT_TR_NOOP("environment")},
        {QStringLiteral("replica"), QT_TR_NOOP("replica")},
        {QStringLiteral("billing_event"), QT_TR_NOOP("billing event")},
        {QStringLiteral("db_backend"), QT_TR_NOOP("database backend")},
        {QStringLiteral("redis_key"), QT_TR_NOOP("Redis key")},
        {QStringLiteral("database"), QT_TR_NOOP("database")},
        {QStringLiteral("redis"), QT_TR_NOOP("Redis")},
    };
    const char *text = kinds.value(kind);
    return text ? tr(text) : kind;
}

QString AlertListModel::objectsText(const QJsonObject &alert)
{
    QStringList parts;
    for (const QJsonValue &v : alert.value(QLatin1String("objects")).toArray()) {
        const QJsonObject o = v.toObject();
        QString name = str(o, "name");
        if (name.isEmpty())
            name = o.value(QLatin1String("id")).toVariant().toString();
        parts << kindText(str(o, "kind")) + QLatin1Char(' ') + name;
    }
    return parts.join(QStringLiteral(", "));
}

QString AlertListModel::stateText(const QJsonObject &alert, qint64 nowMs)
{
    QStringList parts;
    const QString state = str(alert, "state");
    parts << (state == QLatin1String("firing")    ? tr("firing")
              : state == QLatin1String("pending") ? tr("pending")
                                                  : state);
    if (!str(alert, "acknowledged_by").isEmpty())
        parts << tr("acknowledged by %1").arg(str(alert, "acknowledged_by"));
    const qint64 silencedUntil = timeMs(alert.value(QLatin1String("silenced_until")));
    if (silencedUntil > nowMs)
        parts << tr("silenced until %1")
                     .arg(QDateTime::fromMSecsSinceEpoch(silencedUntil).toString(QStringLiteral("HH:mm")));
    if (alert.value(QLatin1String("remediated_by_audit")).isDouble())
        parts << tr("fix applied (audit %1)")
                     .arg(alert.value(QLatin1String("remediated_by_audit")).toInteger());
    return parts.join(QStringLiteral(", "));
}

QVariant AlertListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const QJsonObject &a = m_alerts[index.row()];
    const QString severity = str(a, "severity");
    const qint64 since = timeMs(a.value(QLatin1String("since")));
    switch (role) {
    case RowObjectRole:
        return a;
    case IdRole:
        return QString::number(idOf(a));
    case Qt::DisplayRole:
        switch (index.column()) {
        case Severity:
            return severityText(severity);
        case Age:
            return since > 0 ? ageText((m_nowMs - since) / 1000) : QString();
        case What:
            return DaemonText::alertSummary(a, objectsText(a));
        case Objects:
            return objectsText(a);
        case Runbook:
            return QString(QStringLiteral("§") + str(a, "section"));
        case State:
            return stateText(a, m_nowMs);
        }
        break;
    case SortRole:
        switch (index.column()) {
        case Severity: // critical first, then the newest
            return double(severityRank(severity)) * 1e13 + double(since);
        case Age:
            return double(-since);
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Severity:
            return tr("%1 — rule %2 (alert #%3)").arg(str(a, "title"), str(a, "rule")).arg(idOf(a));
        case Age:
            return tr("since %1")
                .arg(QDateTime::fromMSecsSinceEpoch(since).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        case Objects: {
            QStringList lines;
            for (const QJsonValue &v : a.value(QLatin1String("objects")).toArray()) {
                const QJsonObject o = v.toObject();
                lines << tr("%1 %2 — id %3")
                             .arg(kindText(str(o, "kind")), str(o, "name"),
                                  o.value(QLatin1String("id")).toVariant().toString());
            }
            return lines.join(QLatin1Char('\n'));
        }
        case Runbook:
            return a.value(QLatin1String("runbook")).toObject().value(QLatin1String("title")).toString();
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::BackgroundRole:
        if (index.column() == Severity)
            return severityColor(severity);
        return str(a, "state") == QLatin1String("firing") ? QVariant(statusTint(severityLevel(severity)))
                                                          : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == Severity)
            return QColor(Qt::white);
        return str(a, "state") == QLatin1String("pending") ? QVariant(QColor(0x61, 0x61, 0x61))
                                                           : QVariant(QColor(Qt::black));
    case Qt::FontRole:
        if (index.column() == Severity) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant AlertListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Severity:
        return tr("Severity");
    case Age:
        return tr("Age");
    case What:
        return tr("What");
    case Objects:
        return tr("Objects");
    case Runbook:
        return tr("Runbook");
    case State:
        return tr("State");
    }
    return {};
}

} // namespace crosslogic::console
