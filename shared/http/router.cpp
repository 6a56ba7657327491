// Maps method + path pattern (with {name} segments) to handlers; 404/405 with JSON bodies otherwise.
#include "http/router.h"

#include "http/httpexchange.h"

#include <spdlog/spdlog.h>

namespace crosslogic {
namespace {
QList<QByteArray> splitPath(const QByteArray &path)
{
    // "/a/b/" and "/a/b" are the same route; "/a//b" is not "/a/{x}/b" with an empty x.
    QList<QByteArray> parts = path.split('/');
    if (!parts.isEmpty() && parts.front().isEmpty())
        parts.removeFirst();
    if (!parts.isEmpty() && parts.back().isEmpty())
        parts.removeLast();
    return parts;
}
} // namespace

void Router::add(const QByteArray &method, const QByteArray &pattern, HttpHandler handler)
{
    m_routes.push_back(Route{method, pattern, splitPath(pattern), std::move(handler)});
}

bool Router::match(const Route &route, const QList<QByteArray> &segments, QHash<QByteArray, QString> *params)
{
    // A last segment {name*} takes the rest of the path (model ids such as meta-llama/Llama-3.1-8B-Instruct).
    const bool rest = !route.segments.isEmpty() && route.segments.back().endsWith("*}");
    if (rest ? segments.size() < route.segments.size() : route.segments.size() != segments.size())
        return false;
    QHash<QByteArray, QString> found;
    for (qsizetype i = 0; i < route.segments.size(); ++i) {
        const QByteArray &want = route.segments[i];
        if (rest && i == route.segments.size() - 1) {
            found.insert(want.mid(1, want.size() - 3), QString::fromUtf8(segments.mid(i).join('/')));
            break;
        }
        if (want.startsWith('{') && want.endsWith('}'))
            found.insert(want.mid(1, want.size() - 2), QString::fromUtf8(segments[i]));
        else if (want != segments[i])
            return false;
    }
    *params = std::move(found);
    return true;
}

bool Router::routes(const HttpRequest &request) const
{
    const QList<QByteArray> segments = splitPath(request.path);
    for (const Route &route : m_routes) {
        if (route.method != request.method && !(request.method == "HEAD" && route.method == "GET"))
            continue;
        QHash<QByteArray, QString> params;
        if (match(route, segments, &params))
            return true;
    }
    return false;
}

void Router::dispatch(HttpExchange *exchange) const
{
    HttpRequest &req = exchange->request();
    const QList<QByteArray> segments = splitPath(req.path);
    QByteArrayList allowed;
    for (const Route &route : m_routes) {
        QHash<QByteArray, QString> params;
        if (!match(route, segments, &params))
            continue;
        // A {param} segment never out-ranks a literal one: literal routes are registered first.
        if (route.method != req.method && !(req.method == "HEAD" && route.method == "GET")) {
            allowed << route.method;
            continue;
        }
        req.route = route.pattern;
        req.params = std::move(params);
        try {
            route.handler(exchange);
        } catch (const std::exception &e) {
            // A handler bug must cost one request, never the process.
            spdlog::error("request {}: handler for {} {} threw: {}", req.requestId.toStdString(), req.method.toStdString(),
                          route.pattern.toStdString(), e.what());
            if (!exchange->isStarted())
                exchange->respondError(500, QStringLiteral("internal error (request %1)").arg(QString::fromLatin1(req.requestId)), "internal_error");
        }
        return;
    }
    if (!allowed.isEmpty()) {
        req.route = "(method not allowed)";
        exchange->addHeader("Allow", allowed.join(", "));
        exchange->respondError(405, QStringLiteral("method %1 is not allowed on %2; allowed: %3")
                                        .arg(QString::fromLatin1(req.method), QString::fromUtf8(req.path.left(200)),
                                             QString::fromLatin1(allowed.join(", "))), "method_not_allowed");
        return;
    }
    req.route = "(unknown)";
    exchange->respondError(404, QStringLiteral("no route for %1 %2")
                                    .arg(QString::fromLatin1(req.method), QString::fromUtf8(req.path.left(200))), "not_found");
}

} // namespace crosslogic
