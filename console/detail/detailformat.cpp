// Small formatting helpers shared by the detail loaders: locale numbers, limits, times and JSON fields.
#include "detail/detailformat.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace crosslogic::console::detail {

QString str(const QJsonObject &o, const char *field)
{
    const QJsonValue v = o.value(QLatin1String(field));
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return number(v.toDouble(), v.toDouble() == double(qint64(v.toDouble())) ? 0 : 1);
    if (v.isBool())
        return v.toBool() ? QCoreApplication::translate("DetailFormat", "yes") : QCoreApplication::translate("DetailFormat", "no");
    return QString();
}

QString number(double value, int decimals)
{
    return QLocale().toString(value, 'f', decimals);
}

QString limitText(const QJsonValue &limit)
{
    return limit.isDouble() ? number(limit.toDouble()) : QCoreApplication::translate("DetailFormat", "unlimited");
}

QString usageText(double used, const QJsonValue &limit, StatusLevel *level)
{
    *level = StatusLevel::Ok;
    if (!limit.isDouble() || limit.toDouble() <= 0)
        return QCoreApplication::translate("DetailFormat", "%1 (no limit)").arg(number(used));
    const double ratio = used / limit.toDouble();
    *level = ratio >= 1.0 ? StatusLevel::Fail : ratio >= 0.8 ? StatusLevel::Warn : StatusLevel::Ok;
    return QCoreApplication::translate("DetailFormat", "%1 of %2 (%3 %)").arg(number(used), number(limit.toDouble()), number(ratio * 100, 0));
}

QString timeText(const QJsonValue &value, const QString &whenNull)
{
    if (!value.isString())
        return whenNull;
    const QDateTime at = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!at.isValid())
        return value.toString();
    const qint64 age = at.secsTo(QDateTime::currentDateTimeUtc());
    QString ago;
    if (age < 0)
        ago = QCoreApplication::translate("DetailFormat", "in the future");
    else if (age < 120)
        ago = QCoreApplication::translate("DetailFormat", "%1 s ago").arg(age);
    else if (age < 7200)
        ago = QCoreApplication::translate("DetailFormat", "%1 min ago").arg(age / 60);
    else if (age < 172800)
        ago = QCoreApplication::translate("DetailFormat", "%1 h ago").arg(age / 3600);
    else
        ago = QCoreApplication::translate("DetailFormat", "%1 days ago").arg(age / 86400);
    return QStringLiteral("%1 (%2)").arg(at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), ago);
}

} // namespace crosslogic::console::detail
