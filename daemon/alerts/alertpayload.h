// The body each kind of notification target gets for one alert transition: a generic JSON webhook, a Slack
// incoming webhook, PagerDuty Events v2.
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <nlohmann/json.hpp>

namespace crosslogic {

struct NotificationRequest
{
    QByteArray url;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

// event: {"id", "transition", "alert"} (alert decorated); target: {"kind", "url", "routing_key"}.
NotificationRequest notificationFor(const nlohmann::json &event, const nlohmann::json &target);

// PagerDuty's Events v2 endpoint, used when a pagerduty target names no URL of its own.
inline constexpr const char *kPagerDutyEventsUrl = "https://events.pagerduty.com/v2/enqueue";

} // namespace crosslogic
