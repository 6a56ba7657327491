// One answer of the admin API as the console sees it: HTTP status, parsed JSON, or why the daemon was unreachable.
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace crosslogic {

struct AdminResponse
{
    int status = 0; // 0: no HTTP answer at all (connection refused, timeout)
    QByteArray body;
    QJsonDocument json;
    QString networkError; // why there was no answer, in words ("timed out: no answer within 8 s")
    bool timedOut = false;

    bool ok() const { return status >= 200 && status < 300; }
    bool reachable() const { return status != 0; }
    bool notFound() const { return status == 404; }
    bool forbidden() const { return status == 403; }
    QJsonObject object() const { return json.object(); }
    // The OpenAI-shaped error message, the network error, or "HTTP <status>".
    QString errorMessage() const;
    // audit_id of a mutating call, or -1 when the answer has none.
    qint64 auditId() const;
};

} // namespace crosslogic
