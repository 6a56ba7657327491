// Command-line settings of the node agent's control-plane side (registration, heartbeats, spot notices, drain).
#include "registration/agentoptions.h"

#include <QCommandLineParser>
#include <QHostInfo>
#include <QSslCertificate>
#include <QUrl>

namespace crosslogic::agent {

void AgentOptions::addTo(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("control-plane"), QStringLiteral("Control plane URL, e.g. http://control-plane:8080 (omit to run the engine only)."), QStringLiteral("url")},
        {QStringLiteral("token"), QStringLiteral("Node registration token (default: $NODE_REGISTRATION_TOKEN)."), QStringLiteral("token")},
        {QStringLiteral("ca-cert"), QStringLiteral("PEM CA certificate to verify an https:// control plane with (in addition to the system CAs)."), QStringLiteral("file")},
        {QStringLiteral("engine-url"), QStringLiteral("URL of the inference engine (vLLM), e.g. http://127.0.0.1:8000."), QStringLiteral("url")},
        {QStringLiteral("engine-command"), QStringLiteral("Shell command that starts the engine; stopped when the agent exits."), QStringLiteral("command")},
        {QStringLiteral("advertise-url"), QStringLiteral("Engine URL the gateway should call (default: the engine URL)."), QStringLiteral("url")},
        {QStringLiteral("cluster-name"), QStringLiteral("Cluster name reported to the control plane (default: host name)."), QStringLiteral("name")},
        {QStringLiteral("provider"), QStringLiteral("local, aws, gcp, azure, lambda, kubernetes (default local)."), QStringLiteral("name")},
        {QStringLiteral("region"), QStringLiteral("Region reported to the control plane."), QStringLiteral("region")},
        {QStringLiteral("instance-type"), QStringLiteral("Instance type reported to the control plane."), QStringLiteral("type")},
        {QStringLiteral("spot"), QStringLiteral("This is a spot/preemptible instance.")},
        {QStringLiteral("node-id"), QStringLiteral("Node id assigned by the control plane's launcher."), QStringLiteral("uuid")},
        {QStringLiteral("state-dir"), QStringLiteral("Directory of the `registered` marker file (default /var/lib/node-agent)."), QStringLiteral("dir")},
        {QStringLiteral("heartbeat-interval"), QStringLiteral("Seconds between heartbeats (default 10)."), QStringLiteral("s")},
        {QStringLiteral("spot-metadata-url"), QStringLiteral("Base URL of the instance metadata service to poll for spot termination notices."), QStringLiteral("url")},
        {QStringLiteral("spot-provider"), QStringLiteral("Metadata flavour: aws, gcp or azure (default: --provider)."), QStringLiteral("name")},
        {QStringLiteral("spot-poll-ms"), QStringLiteral("Milliseconds between spot notice checks (default 5000)."), QStringLiteral("ms")},
        {QStringLiteral("drain-timeout"), QStringLiteral("Seconds SIGTERM waits for in-flight requests (default 30)."), QStringLiteral("s")},
    });
}

Result<AgentOptions> AgentOptions::fromParser(const QCommandLineParser &p, bool simulate)
{
    AgentOptions o;
    auto url = [&](const char *name, QString *out) -> Result<void> {
        const QString v = p.value(QString::fromLatin1(name));
        if (v.isEmpty())
            return {};
        const QUrl u(v, QUrl::StrictMode);
        if (!u.isValid() || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")) || u.host().isEmpty())
            return fail(QStringLiteral("--%1 must be an http(s) URL, got '%2'").arg(QLatin1String(name), v));
        *out = v;
        while (out->endsWith(QLatin1Char('/')))
            out->chop(1);
        return {};
    };
    auto integer = [&](const char *name, int min, int max, int *out) -> Result<void> {
        if (!p.isSet(QString::fromLatin1(name)))
            return {};
        bool ok = false;
        const int v = p.value(QString::fromLatin1(name)).toInt(&ok);
        if (!ok || v < min || v > max)
            return fail(QStringLiteral("--%1 must be an integer from %2 to %3").arg(QLatin1String(name)).arg(min).arg(max));
        *out = v;
        return {};
    };
    for (auto r : {url("control-plane", &o.controlPlaneUrl), url("engine-url", &o.engineUrl), url("advertise-url", &o.advertiseUrl),
                   url("spot-metadata-url", &o.spotMetadataUrl), integer("heartbeat-interval", 1, 3600, &o.heartbeatIntervalS),
                   integer("spot-poll-ms", 50, 600000, &o.spotPollMs), integer("drain-timeout", 0, 3600, &o.drainTimeoutS)})
        if (!r)
            return fail(r.error());
    o.token = p.isSet(QStringLiteral("token")) ? p.value(QStringLiteral("token")) : qEnvironmentVariable("NODE_REGISTRATION_TOKEN");
    o.caCertPath = p.value(QStringLiteral("ca-cert"));
    if (!o.caCertPath.isEmpty() && QSslCertificate::fromPath(o.caCertPath, QSsl::Pem).isEmpty())
        return fail(QStringLiteral("--ca-cert %1 holds no readable PEM certificate").arg(o.caCertPath));
    o.engineCommand = p.value(QStringLiteral("engine-command"));
    o.model = p.value(QStringLiteral("model"));
    o.clusterName = p.isSet(QStringLiteral("cluster-name")) ? p.value(QStringLiteral("cluster-name")) : QHostInfo::localHostName();
    if (p.isSet(QStringLiteral("provider")))
        o.provider = p.value(QStringLiteral("provider"));
    o.region = p.value(QStringLiteral("region"));
    o.instanceType = p.value(QStringLiteral("instance-type"));
    o.spot = p.isSet(QStringLiteral("spot")) || !o.spotMetadataUrl.isEmpty();
    o.nodeId = p.value(QStringLiteral("node-id"));
    if (p.isSet(QStringLiteral("state-dir")))
        o.stateDir = p.value(QStringLiteral("state-dir"));
    o.spotProvider = p.isSet(QStringLiteral("spot-provider")) ? p.value(QStringLiteral("spot-provider")) : o.provider;
    if (!o.controlPlaneUrl.isEmpty()) {
        if (o.token.isEmpty())
            return fail(QStringLiteral("--token or NODE_REGISTRATION_TOKEN is required with --control-plane"));
        if (!simulate && o.engineUrl.isEmpty())
            return fail(QStringLiteral("give --engine-url URL (a running engine) or --simulate"));
    }
    if (!simulate && o.controlPlaneUrl.isEmpty())
        return fail(QStringLiteral("nothing to do: give --simulate and/or --control-plane with --engine-url"));
    return o;
}

} // namespace crosslogic::agent
