// Small formatting helpers shared by the detail loaders: locale numbers, limits, times and JSON fields.
#pragma once

#include "common/statuslevel.h"

#include <QJsonObject>
#include <QString>

namespace crosslogic::console::detail {

QString str(const QJsonObject &o, const char *field);
// "1.000.000" in German, "unlimited" for null.
QString limitText(const QJsonValue &limit);
QString number(double value, int decimals = 0);
// "used of limit (percent)" or "used (no limit)"; *level amber from 80 %, red at the limit.
QString usageText(double used, const QJsonValue &limit, StatusLevel *level);
// An RFC 3339 time as local "yyyy-MM-dd HH:mm:ss" with its age ("3 min ago"); "never" for null.
QString timeText(const QJsonValue &value, const QString &whenNull);

} // namespace crosslogic::console::detail
