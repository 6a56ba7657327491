// Serialises a UsageEvent to one compact JSON record for the spool, and back.
#pragma once

#include "billing/usageevent.h"

#include <QByteArrayView>
#include <optional>

namespace crosslogic {

QByteArray encodeUsageEvent(const UsageEvent &event);
// nullopt when the bytes are not an encoded event (a corrupted or foreign record).
std::optional<UsageEvent> decodeUsageEvent(QByteArrayView bytes);

} // namespace crosslogic
