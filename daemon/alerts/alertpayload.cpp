// See alertpayload.h.
#include "alerts/alertpayload.h"

#include <QList>
#include <QPair>

namespace crosslogic {
namespace {

using Json = nlohmann::json;

std::string text(const Json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string objectNames(const Json &alert)
{
    std::string names;
    for (const Json &o : alert.value("objects", Json::array()))
        names += (names.empty() ? "" : ", ") + text(o, "kind") + " " + text(o, "name");
    return names;
}

} // namespace

NotificationRequest notificationFor(const Json &event, const Json &target)
{
    const Json &alert = event["alert"];
    const std::string transition = text(event, "transition");
    const bool firing = transition == "firing";
    const std::string kind = text(target, "kind");
    const std::string section = text(alert, "section");
    const std::string runbook = alert.contains("runbook") ? text(alert["runbook"], "title") : section;
    NotificationRequest req;
    req.url = QByteArray::fromStdString(text(target, "url"));
    req.headers = {{"Content-Type", "application/json"}};
    Json body;
    if (kind == "slack") {
        const std::string mark = firing ? ":rotating_light: *FIRING*" : ":white_check_mark: *RESOLVED*";
        body = {{"text", mark + " (" + text(alert, "severity") + ") " + text(alert, "summary") + "\nRule `" + text(alert, "rule")
                             + "` · runbook §" + runbook + " · alert #" + std::to_string(alert.value("id", 0))}};
    } else if (kind == "pagerduty") {
        if (req.url.isEmpty())
            req.url = kPagerDutyEventsUrl;
        const std::string severity = text(alert, "severity");
        body = {{"routing_key", text(target, "routing_key")},
                {"event_action", firing ? "trigger" : "resolve"},
                {"dedup_key", "crosslogic-" + std::to_string(alert.value("id", 0)) + "-" + text(alert, "fingerprint")},
                {"payload",
                 {{"summary", text(alert, "summary").substr(0, 1000)},
                  {"source", "crosslogic"},
                  {"severity", severity == "critical" || severity == "warning" ? severity : "info"},
                  {"component", text(alert, "rule")},
                  {"group", "runbook " + section},
                  {"custom_details",
                   {{"objects", objectNames(alert)}, {"runbook", runbook}, {"alert_id", alert.value("id", 0)},
                    {"remediations", alert.value("remediations", Json::array())}}}}}};
    } else {
        body = {{"event_id", event.value("id", 0)}, {"transition", transition}, {"alert", alert}};
        req.headers.append({"X-CrossLogic-Event-Id", QByteArray::number(qint64(event.value("id", 0)))});
    }
    req.body = QByteArray::fromStdString(body.dump());
    return req;
}

} // namespace crosslogic
