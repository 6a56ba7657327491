// Maps method + path pattern (with {name} segments) to handlers; 404/405 with JSON bodies otherwise.
#pragma once

#include "http/httpconnection.h"

#include <QByteArray>
#include <QList>
#include <vector>

namespace crosslogic {

class Router
{
public:
    struct Route
    {
        QByteArray method;
        QByteArray pattern;
        QList<QByteArray> segments;
        HttpHandler handler;
    };

    void add(const QByteArray &method, const QByteArray &pattern, HttpHandler handler);
    // Sets request.route and request.params, then calls the handler, or answers 404/405.
    void dispatch(HttpExchange *exchange) const;
    // Whether a route takes this method and path (dispatch() would call a handler, not answer 404/405).
    bool routes(const HttpRequest &request) const;
    const std::vector<Route> &routes() const { return m_routes; }

private:
    static bool match(const Route &route, const QList<QByteArray> &segments, QHash<QByteArray, QString> *params);
    std::vector<Route> m_routes;
};

} // namespace crosslogic
