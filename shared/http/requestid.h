// Request ids: accept a sane client-supplied x-request-id, otherwise generate one.
#pragma once

#include <QByteArray>

namespace crosslogic {

QByteArray generateRequestId();
QByteArray acceptOrGenerateRequestId(const QByteArray &supplied);

} // namespace crosslogic
