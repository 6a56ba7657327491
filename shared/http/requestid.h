// Request ids: accept a sane client-supplied x-request-id, otherwise generate one.
#pragma once

#include <QByteArray>

namespace crosslogic {

// "req_" and 32 lower-case hex digits: 12 of milliseconds since the epoch, 20 random; later ids sort after
// earlier ones (to the millisecond).
QByteArray generateRequestId();
QByteArray acceptOrGenerateRequestId(const QByteArray &supplied);

} // namespace crosslogic
