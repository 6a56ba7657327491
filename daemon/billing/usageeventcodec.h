// Serialises a UsageEvent to one compact JSON record for the spool, and back.
#pragma once

#include "base/usageevent.h"

#include <QByteArrayView>
#include <optional>

namespace crosslogic {

QByteArray encodeUsageEvent(const UsageEvent &event);
// nullopt when the bytes are not an encoded event (a corrupted or foreign record).
// Records as encodeUsageEvent writes them are read directly; anything else through Qt's JSON parser.
std::optional<UsageEvent> decodeUsageEvent(QByteArrayView bytes);
// The full parser alone (tests compare both paths).
std::optional<UsageEvent> decodeUsageEventWithQtJson(QByteArrayView bytes);

} // namespace crosslogic
