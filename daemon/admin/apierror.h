// A failure a DB job reports to the HTTP layer (status, code, message), carried inside its JSON result.
#pragma once

#include "store/dbpool.h"

#include <QString>

namespace crosslogic {

inline Json apiError(int status, const char *code, const QString &message)
{
    return Json{{"__api_error", {{"status", status}, {"code", code}, {"message", message.toStdString()}}}};
}

inline bool isApiError(const Json &j)
{
    return j.is_object() && j.contains("__api_error");
}

} // namespace crosslogic
