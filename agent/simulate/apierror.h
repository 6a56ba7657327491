// An OpenAI-shaped error the simulated engine answers with: status, message, type and code.
#pragma once

#include <QByteArray>
#include <QString>

namespace crosslogic::sim {

struct ApiError
{
    int status = 400;
    QString message;
    QByteArray type = "invalid_request_error";
    QByteArray code;

    static ApiError badRequest(const QString &message, const QByteArray &code = "invalid_request")
    {
        return ApiError{400, message, "invalid_request_error", code};
    }
};

} // namespace crosslogic::sim
