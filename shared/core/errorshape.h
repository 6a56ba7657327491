// The one place an Error becomes the JSON error shape that OpenAI clients and the admin API read:
// {"error":{"message":…,"type":…,"code":…,"param":…}}, with the type taken from the HTTP status.
#pragma once

#include "core/result.h"

#include <nlohmann/json.hpp>

namespace crosslogic {

// The error type a status maps to (a data table: errorshape.cpp, tested in test_errorshape).
QByteArray errorTypeFor(int status);
// The body for error; an untyped Error (status 0) is answered as a 500 server_error.
nlohmann::json errorBody(const Error &error);
// The status an Error is answered with (500 for an untyped one).
int errorStatus(const Error &error);

} // namespace crosslogic
