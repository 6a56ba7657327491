// Money as the daemon keeps it: integer micro-units of the tenant's currency ($0.05 = 50000). Shown and typed in
// currency units with the locale's decimal separator, converted without floating point.
#pragma once

#include <QString>
#include <optional>

namespace crosslogic::console {

// "0.05", "1,234.50", "0.000001" (at least two decimals, at most six, trailing zeros beyond two dropped).
QString moneyText(qint64 micros);
// "0.05", the locale's "0,05", or "12" → micro-units (no digit grouping: "1.000" is one unit in any locale);
// nullopt when it is not a positive amount with at most six decimals or is above maxMicros.
std::optional<qint64> parseMoney(const QString &text, qint64 maxMicros = 1000000000000000LL);

} // namespace crosslogic::console
