// Green/amber/red for health states ("ok", "warn", "fail") and the colours the console uses for them.
#pragma once

#include <QColor>
#include <QString>

namespace crosslogic::console {

enum class StatusLevel { Unknown, Ok, Warn, Fail };

inline StatusLevel statusLevel(const QString &state)
{
    if (state == QLatin1String("ok") || state == QLatin1String("active") || state == QLatin1String("present"))
        return StatusLevel::Ok;
    if (state == QLatin1String("warn") || state == QLatin1String("draining") || state == QLatin1String("initializing"))
        return StatusLevel::Warn;
    if (state.isEmpty())
        return StatusLevel::Unknown;
    return StatusLevel::Fail;
}

inline QColor statusColor(StatusLevel level)
{
    switch (level) {
    case StatusLevel::Ok:
        return QColor(0x2e, 0x7d, 0x32);
    case StatusLevel::Warn:
        return QColor(0xef, 0x8f, 0x00);
    case StatusLevel::Fail:
        return QColor(0xc6, 0x28, 0x28);
    case StatusLevel::Unknown:
        break;
    }
    return QColor(0x75, 0x75, 0x75);
}

// Pale background for table rows in that state.
inline QColor statusTint(StatusLevel level)
{
    switch (level) {
    case StatusLevel::Ok:
        return QColor(0xe8, 0xf5, 0xe9);
    case StatusLevel::Warn:
        return QColor(0xff, 0xf3, 0xe0);
    case StatusLevel::Fail:
        return QColor(0xff, 0xeb, 0xee);
    case StatusLevel::Unknown:
        break;
    }
    return QColor(0xf5, 0xf5, 0xf5);
}

} // namespace crosslogic::console
