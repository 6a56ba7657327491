// The daemon's texts in the console's language: codes and parameters to sentences, the English text otherwise.
#include "common/daemontext.h"

#include <QCoreApplication>
#include <QHash>
#include <QLocale>

namespace crosslogic::console::DaemonText {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("crosslogic::console::DaemonText", text);
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toVariant().toString();
}

double num(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toDouble();
}

// Rule id -> title, as daemon/alerts/alertrules.cpp names them.
const QHash<QString, const char *> &titles()
{
    static const QHash<QString, const char *> t{
        {QStringLiteral("rejected_key_in_use"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "A revoked, expired or unknown API key is still being used")},
        {QStringLiteral("suspended_tenant_traffic"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "A suspended tenant or disabled environment still receives traffic")},
        {QStringLiteral("admin_token_failures"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Admin API requests refused for a bad token")},
        {QStringLiteral("rate_limited_share"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "A key or tenant gets many 429s")},
        {QStringLiteral("ratelimit_fail_open"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Rate limits run without Redis (fail-open)")},
        {QStringLiteral("model_without_node"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "A model has no routable node")},
        {QStringLiteral("node_heartbeat_late"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "A node's heartbeat is late")},
        {QStringLiteral("stale_node_not_replaced"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "A node drained for a stale heartbeat was not replaced")},
        {QStringLiteral("model_redundancy_lost"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "A model is down to one node")},
        {QStringLiteral("circuit_breaker_open"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "A node's circuit breaker is open")},
        {QStringLiteral("node_registration_failures"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Node registrations are refused")},
        {QStringLiteral("model_latency_slo"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "A model's p99 latency is above its objective")},
        {QStringLiteral("model_ttft_slo"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "A model's p99 time to first token is above its objective")},
        {QStringLiteral("node_health_low"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "A node's health score is low")},
        {QStringLiteral("db_pool_saturated"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Database jobs wait for a pool connection")},
        {QStringLiteral("db_connections_exhausted"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "PostgreSQL is near max_connections")},
        {QStringLiteral("db_long_running_queries"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "A query has been running for long")},
        {QStringLiteral("db_slow_queries"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Database jobs are slow")},
        {QStringLiteral("redis_unreachable"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Redis is unreachable")},
        {QStringLiteral("redis_errors"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Redis answers with errors")},
        {QStringLiteral("redis_memory_high"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Redis memory is near maxmemory")},
        {QStringLiteral("ratelimit_counters_corrupt"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Rate-limit counters are negative or malformed")},
        {QStringLiteral("usage_spool_backlog"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Usage records are not reaching PostgreSQL")},
        {QStringLiteral("usage_writer_failing"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "The usage writer fails")},
        {QStringLiteral("billing_events_failed"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Stripe webhook events failed")},
        {QStringLiteral("stripe_export_failing"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Usage export to Stripe fails")},
        {QStringLiteral("replica_version_skew"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Replicas run different versions or schema levels")},
        {QStringLiteral("tls_certificate_expiring"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "The TLS certificate expires soon")},
    };
    return t;
}

// Values that are shares (0..1) are shown as percentages; the rest as numbers, in the locale's format.
QString measured(const QString &rule, double v)
{
    static const QStringList shares{QStringLiteral("rate_limited_share"), QStringLiteral("db_connections_exhausted"),
                                    QStringLiteral("redis_memory_high")};
    const QLocale locale;
    if (shares.contains(rule))
        return locale.toString(v * 100.0, 'f', 1) + QStringLiteral(" %");
    return locale.toString(v, 'f', v == qint64(v) ? 0 : 1);
}

} // namespace

bool translating()
{
    // The German catalogue translates this marker; an English or missing one leaves it as it is.
    return tr("daemon-language:en") != QLatin1String("daemon-language:en");
}

QString ruleTitle(const QString &rule, const QString &fallback)
{
    const char *title = titles().value(rule);
    return title ? tr(title) : fallback;
}

QString alertSummary(const QJsonObject &alert, const QString &objects)
{
    const QString summary = str(alert, "summary");
    const QString rule = str(alert, "rule");
    if (!translating() || !titles().contains(rule))
        return summary;
    QString text = ruleTitle(rule);
    if (!objects.isEmpty())
        text += QStringLiteral(": ") + objects;
    const QJsonValue value = alert.value(QLatin1String("value")), threshold = alert.value(QLatin1String("threshold"));
    if (value.isDouble() && threshold.isDouble())
        text += QStringLiteral(" (") + tr("value %1, threshold %2").arg(measured(rule, value.toDouble()), measured(rule, threshold.toDouble()))
                + QLatin1Char(')');
    else if (value.isDouble())
        text += QStringLiteral(" (") + tr("value %1").arg(measured(rule, value.toDouble())) + QLatin1Char(')');
    return text;
}

QString consequence(const QJsonObject &c)
{
    const QString code = str(c, "code");
    const QString english = str(c, "message");
    if (!translating())
        return english;
    const QLocale locale;
    if (code == QLatin1String("last_routable_node"))
        return tr("last routable node for model %1: its requests will get 503 until another node serves it").arg(str(c, "model"));
    if (code == QLatin1String("capacity_reduced"))
        return tr("%1 other routable node(s) keep serving model %2").arg(locale.toString(qint64(num(c, "others"))), str(c, "model"));
    if (code == QLatin1String("requests_refused"))
        return tr("%1 key(s) will be refused with 403; they sent %2 request(s) in the last hour")
            .arg(locale.toString(qint64(num(c, "keys"))), locale.toString(qint64(num(c, "requests_last_hour"))));
    if (code == QLatin1String("count_is_live"))
        return tr("%1 counter(s) now; counters that traffic creates before you confirm are cleared too, and the result reports the exact number")
            .arg(locale.toString(qint64(num(c, "keys"))));
    if (code == QLatin1String("heartbeat_late"))
        return tr("its last heartbeat is %1 s old: the stale-node reconciler will drain it again unless its agent is running")
            .arg(locale.toString(qint64(num(c, "heartbeat_age_seconds"))));
    return english;
}

QString healthDetail(const QString &name, const QJsonObject &check)
{
    const QString english = str(check, "detail");
    if (!translating())
        return english;
    const QLocale locale;
    const QString st = str(check, "status");
    if (st == QLatin1String("pending"))
        return tr("checking…");
    if (name == QLatin1String("active_nodes") && check.contains(QLatin1String("count")))
        return num(check, "count") > 0 ? tr("%1 active node(s)").arg(locale.toString(qint64(num(check, "count"))))
                                       : tr("no active nodes: inference requests get 503 (runbook §3.1)");
    if (name == QLatin1String("stale_nodes") && check.contains(QLatin1String("seconds")))
        return tr("%1 active node(s) without a heartbeat for %2 s")
            .arg(locale.toString(qint64(num(check, "count"))), locale.toString(qint64(num(check, "seconds"))));
    if (name == QLatin1String("recent_errors") && check.contains(QLatin1String("requests")))
        return tr("%1 failed of %2 request(s) in the last %3 minutes")
            .arg(locale.toString(qint64(num(check, "count"))), locale.toString(qint64(num(check, "requests"))),
                 locale.toString(qint64(num(check, "minutes"))));
    if (name == QLatin1String("db_connections") && check.contains(QLatin1String("max_connections")))
        return tr("%1 of max_connections %2").arg(locale.toString(qint64(num(check, "count"))), locale.toString(qint64(num(check, "max_connections"))));
    if ((name == QLatin1String("database") || name == QLatin1String("redis")) && check.contains(QLatin1String("latency_ms")))
        return (name == QLatin1String("database") ? tr("SELECT answered in %1 ms") : tr("PING answered in %1 ms"))
            .arg(locale.toString(num(check, "latency_ms"), 'f', 1));
    if (name == QLatin1String("redis_memory") && check.contains(QLatin1String("used_memory_human")))
        return num(check, "maxmemory") > 0 ? tr("%1 used of maxmemory").arg(str(check, "used_memory_human"))
                                           : tr("%1 used (no maxmemory)").arg(str(check, "used_memory_human"));
    static const QHash<QString, const char *> fixed{
        {QStringLiteral("this replica is ready"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "this replica is ready")},
        {QStringLiteral("this replica is draining"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "this replica is draining")},
        {QStringLiteral("this replica is not ready (database or Redis never reached)"),
         QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "this replica is not ready (database or Redis never reached)")},
        {QStringLiteral("api, database and redis answer"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "api, database and redis answer")},
        {QStringLiteral("database unavailable"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "database unavailable")},
        {QStringLiteral("Redis unavailable"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Redis unavailable")},
        {QStringLiteral("skipped: pass ?host=<public hostname> to check it"),
         QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "skipped: pass ?host=<public hostname> to check it")},
    };
    const char *known = fixed.value(english);
    return known ? tr(known) : english;
}

QString checklistStep(const QString &title)
{
    static const QHash<QString, const char *> steps{
        {QStringLiteral("Check load balancer health"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Check load balancer health")},
        {QStringLiteral("Check control plane pods"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Check control plane pods")},
        {QStringLiteral("Check database"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Check database")},
        {QStringLiteral("Check Redis"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Check Redis")},
        {QStringLiteral("Check DNS"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Check DNS")},
        {QStringLiteral("Check TLS certificate"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "Check TLS certificate")},
    };
    const char *known = steps.value(title);
    return known ? tr(known) : title;
}

QString status(const QString &s)
{
    static const QHash<QString, const char *> words{
        {QStringLiteral("active"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "active")},
        {QStringLiteral("draining"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "draining")},
        {QStringLiteral("terminated"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "terminated")},
        {QStringLiteral("failed"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "failed")},
        {QStringLiteral("unhealthy"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "unhealthy")},
        {QStringLiteral("initializing"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "initializing")},
        {QStringLiteral("registered"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "registered")},
        {QStringLiteral("suspended"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "suspended")},
        {QStringLiteral("disabled"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "disabled")},
        {QStringLiteral("revoked"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "revoked")},
        {QStringLiteral("expired"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "expired")},
        {QStringLiteral("ok"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "ok")},
        {QStringLiteral("warn"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "warn")},
        {QStringLiteral("fail"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "fail")},
        {QStringLiteral("pending"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "pending")},
        {QStringLiteral("processed"), QT_TRANSLATE_NOOP("crosslogic::console::DaemonText", "processed")},
    };
    const char *word = words.value(s);
    return word ? tr(word) : s;
}

} // namespace crosslogic::console::DaemonText
