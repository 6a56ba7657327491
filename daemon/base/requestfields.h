// Validates admin request fields (names, limits, timestamps) into SQL bind values, collecting clear errors.
#pragma once

#include "store/dbpool.h"

#include <QStringList>
#include <QVariant>

namespace crosslogic {

// True when text holds a control character (NUL, CR, LF, TAB, DEL, …): refused at the edge of every text field,
// since PostgreSQL's driver cuts a statement at NUL and CR/LF would forge log lines.
bool hasControlCharacters(const QString &text);

// The documented character set for names (tenants, environments, API keys, admin tokens, notification targets):
// printable Unicode (letters, marks, digits, punctuation, symbols) and the ordinary space U+0020 between words.
// Refused: control characters, format characters (zero-width joiners and spaces, bidirectional overrides such as
// U+202E, which make a name display as something else in the console and in logs), private-use, unassigned and
// surrogate code points, and every other kind of space (tab, no-break space, line and paragraph separators).
// Returns what is wrong, naming the first offending code point, or an empty string for a valid name.
QString nameCharacterProblem(const QString &name);

class RequestFields
{
public:
    explicit RequestFields(const Json &body) : m_body(body) {}

    bool has(const char *name) const { return m_body.contains(name); }
    // Required or optional text of 1..maxLen characters, without control characters.
    QVariant text(const char *name, int maxLen, bool required);
    // Like text(), and the value must also be a name in the documented character set (nameCharacterProblem).
    QVariant name(const char *name, int maxLen, bool required);
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
