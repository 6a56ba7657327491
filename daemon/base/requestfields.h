// Validates admin request fields (names, limits, timestamps) into SQL bind values, collecting clear errors.
#pragma once

#include "store/dbpool.h"

#include <QStringList>
#include <QVariant>

namespace crosslogic {

// True when text holds a control character (NUL, CR, LF, TAB, DEL, …): refused at the edge of every text field,
// since PostgreSQL's driver cuts a statement at NUL and CR/LF would forge log lines.
bool hasControlCharacters(const QString &text);

class RequestFields
{
public:
    explicit RequestFields(const Json &body) : m_body(body) {}

    bool has(const char *name) const { return m_body.contains(name); }
    // Required or optional text of 1..maxLen characters, without control characters.
    QVariant text(const char *name, int maxLen, bool required);
    // A positive integer limit, or null to clear it (only when present).
    QVariant limit(const char *name);
    // RFC 3339 timestamp or null.
    QVariant timestamp(const char *name);
    QVariant uuid(const char *name, bool required);
    bool boolean(const char *name, bool fallback);
    // Rejects fields outside the allowed set (a typo must not be silently ignored).
    void allowOnly(std::initializer_list<const char *> names);

    bool ok() const { return m_errors.isEmpty(); }
    QString errors() const { return m_errors.join(QLatin1String("; ")); }

private:
    const Json &m_body;
    QStringList m_errors;
};

} // namespace crosslogic
