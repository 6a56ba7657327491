// The cors_allowed_origins a tenant PATCH may set: exact browser origins or "*".
#pragma once

#include "core/result.h"
#include "store/sqljson.h"

#include <QString>

namespace crosslogic {

// value: a JSON array of origins (scheme http or https, a host, an optional port; no path, query or trailing
// slash; at most 200 characters; stored lower-cased) or "*" for every origin; null or [] for none. At most 50.
// Returns them as a JSON array text for PostgreSQL, or 400 invalid_value naming the first bad one.
Result<QString> corsOriginsJson(const Json &value);

} // namespace crosslogic
