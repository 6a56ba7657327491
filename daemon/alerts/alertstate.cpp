// See alertstate.h.
#include "alerts/alertstate.h"

namespace crosslogic {
namespace {

double number(const Json &params, const char *name, double fallback)
{
    const auto it = params.find(name);
    return it != params.end() && it->is_number() ? it->get<double>() : fallback;
}

} // namespace

std::vector<AlertChange> decideAlerts(const std::vector<OpenAlert> &open, const std::vector<Finding> &findings,
                                      const QSet<QString> &evaluated, const QHash<QString, Json> &params, qint64 nowMs)
{
    std::vector<AlertChange> changes;
    QHash<QString, const OpenAlert *> openByFingerprint;
    for (const OpenAlert &a : open)
        openByFingerprint.insert(a.fingerprint, &a);
    QSet<QString> stillTrue; // fingerprints of open alerts whose condition held this cycle

    for (const Finding &f : findings) {
        const AlertRule *rule = findAlertRule(f.rule);
        if (!rule || !evaluated.contains(f.rule))
            continue;
        const Json p = params.value(f.rule, effectiveParams(*rule, Json::object()));
        if (!p.value("enabled", true))
            continue;
        const double threshold = std::isnan(f.threshold) ? number(p, "threshold", 0) : f.threshold;
        bool opens = true, keeps = true;
        if (rule->direction == AlertDirection::Above) {
            opens = f.value >= threshold;
            keeps = f.value >= threshold * kHysteresis;
        } else if (rule->direction == AlertDirection::Below) {
            opens = f.value < threshold;
            keeps = f.value < threshold / kHysteresis;
        }
        const double forMs = number(p, "for_seconds", rule->forSeconds) * 1000;
        const OpenAlert *a = openByFingerprint.value(f.fingerprint());
        if (!a) {
            if (opens)
                changes.push_back({AlertChange::Open, 0, f, forMs <= 0, threshold});
            continue;
        }
        if (a->state == QLatin1String("pending")) {
            if (!opens)
                continue; // not marked true: dropped below
            stillTrue.insert(a->fingerprint);
            changes.push_back({double(nowMs - a->startedMs) >= forMs ? AlertChange::Fire : AlertChange::Refresh, a->id, f,
                               false, threshold});
        } else if (keeps) {
            stillTrue.insert(a->fingerprint);
            changes.push_back({AlertChange::Refresh, a->id, f, false, threshold});
        }
    }

    for (const OpenAlert &a : open) {
        if (stillTrue.contains(a.fingerprint))
            continue;
        const AlertRule *rule = findAlertRule(a.rule);
        const Json p = rule ? params.value(a.rule, effectiveParams(*rule, Json::object())) : Json::object();
        const bool disabled = !rule || !p.value("enabled", true);
        if (!disabled && !evaluated.contains(a.rule))
            continue; // its check did not run: nothing is known
        if (a.state == QLatin1String("pending")) {
            changes.push_back({AlertChange::Drop, a.id, {}, false, 0});
            continue;
        }
        const double clearMs = rule ? number(p, "clear_seconds", rule->clearSeconds) * 1000 : 0;
        if (disabled || double(nowMs - a.lastTrueMs) >= clearMs)
            changes.push_back({AlertChange::Resolve, a.id, {}, false, 0});
    }
    return changes;
}

} // namespace crosslogic
