// Money as the daemon keeps it: integer micro-units of the tenant's currency, shown and typed in currency units.
#include "billing/money.h"

#include <QLocale>

namespace crosslogic::console {

QString moneyText(qint64 micros)
{
    const QLocale locale;
    const bool negative = micros < 0;
    const quint64 magnitude = negative ? quint64(-(micros + 1)) + 1 : quint64(micros);
    QString fraction = QStringLiteral("%1").arg(magnitude % 1000000, 6, 10, QLatin1Char('0'));
    while (fraction.size() > 2 && fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    return (negative ? locale.negativeSign() : QString()) + locale.toString(qulonglong(magnitude / 1000000)) + locale.decimalPoint() + fraction;
}

std::optional<qint64> parseMoney(const QString &text, qint64 maxMicros)
{
    const QLocale locale;
    QString t = text.trimmed();
    // Both separators are accepted as the decimal point when the locale's own is absent ("0.05" in German).
    const QString point = t.contains(locale.decimalPoint()) ? locale.decimalPoint() : QStringLiteral(".");
    const qsizetype at = t.indexOf(point);
    const QString whole = at < 0 ? t : t.left(at);
    const QString fraction = at < 0 ? QString() : t.mid(at + point.size());
    if ((whole.isEmpty() && fraction.isEmpty()) || fraction.size() > 6 || whole.size() > 12)
        return std::nullopt;
    for (const QString &part : {whole, fraction})
        for (const QChar c : part)
            if (c < QLatin1Char('0') || c > QLatin1Char('9'))
                return std::nullopt;
    const qint64 micros = (whole.isEmpty() ? 0 : whole.toLongLong()) * 1000000 + QString(fraction + QStringLiteral("000000")).left(6).toLongLong();
    if (micros <= 0 || micros > maxMicros)
        return std::nullopt;
    return micros;
}

} // namespace crosslogic::console
