// Integers as decimal text for the request path. QByteArray::number() goes through QString and an insert: about
// 400 instructions a call, and a request made some 28 calls (rate-limit arguments and headers, Content-Length).
#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace crosslogic {

// Writes the digits of value at out (at most 20 characters) and returns the end.
inline char *writeDecimal(char *out, qint64 value)
{
    char digits[20];
    int n = 0;
    // Negative numbers are built from the negative side, so the smallest qint64 needs no special case.
    const bool negative = value < 0;
    do {
        const int digit = int(value % 10);
        digits[n++] = char('0' + (negative ? -digit : digit));
        value /= 10;
    } while (value != 0);
    if (negative)
        *out++ = '-';
    while (n > 0)
        *out++ = digits[--n];
    return out;
}

inline QByteArray decimal(qint64 value)
{
    char text[21];
    return QByteArray(text, qsizetype(writeDecimal(text, value) - text));
}

} // namespace crosslogic
