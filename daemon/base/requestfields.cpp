// Validates admin request fields (names, limits, timestamps) into SQL bind values, collecting clear errors.
#include "base/requestfields.h"

#include "store/sqljson.h"

#include <QDateTime>

namespace crosslogic {

bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text)
        if (c.category() == QChar::Other_Control)
            return true;
    return false;
}

QString nameCharacterProblem(const QString &name)
{
    for (auto it = name.cbegin(); it != name.cend(); ++it) {
        char32_t code = it->unicode();
        if (it->isHighSurrogate() && it + 1 != name.cend() && (it + 1)->isLowSurrogate()) {
            code = QChar::surrogateToUcs4(*it, *(it + 1));
            ++it;
        }
        bool allowed = true;
        switch (QChar::category(code)) {
        case QChar::Other_Control:
        case QChar::Other_Format:
        case QChar::Other_Surrogate:
        case QChar::Other_PrivateUse:
        case QChar::Other_NotAssigned:
        case QChar::Separator_Line:
        case QChar::Separator_Paragraph:
            allowed = false;
            break;
        case QChar::Separator_Space:
            allowed = code == U' ';
            break;
        default:
            break;
        }
        if (!allowed)
            return QStringLiteral("U+%1 is not allowed in a name (printable letters, digits, punctuation, symbols and "
                                  "single spaces only)").arg(QString::number(uint(code), 16).toUpper().rightJustified(4, QLatin1Char('0')));
    }
    if (name.contains(QLatin1String("  ")))
        return QStringLiteral("a name must not contain two spaces in a row");
    return {};
}

QVariant RequestFields::name(const char *field, int maxLen, bool required)
{
    const qsizetype errorsBefore = m_errors.size();
    const QVariant v = text(field, maxLen, required);
    if (v.isNull() || m_errors.size() != errorsBefore)
        return v; // absent, or text() said why
    const QString problem = nameCharacterProblem(v.toString());
    if (!problem.isEmpty())
        m_errors << QStringLiteral("'%1': %2").arg(QLatin1String(field), problem);
    return v;
}

QVariant RequestFields::text(const char *name, int maxLen, bool required)
{
    auto it = m_body.find(name);
    if (it == m_body.end() || it->is_null()) {
        if (required)
            m_errors << QStringLiteral("'%1' is required").arg(QLatin1String(name));
        return QVariant(QMetaType::fromType<QString>());
    }
    if (!it->is_string()) {
        m_errors << QStringLiteral("'%1' must be a string").arg(QLatin1String(name));
        return {};
    }
    const QString v = QString::fromStdString(it->get<std::string>()).trimmed();
    if (v.isEmpty() || v.size() > maxLen)
        m_errors << QStringLiteral("'%1' must have 1 to %2 characters").arg(QLatin1String(name)).arg(maxLen);
    else if (hasControlCharacters(v))
        m_errors << QStringLiteral("'%1' must not contain control characters (NUL, CR, LF, TAB, …)").arg(QLatin1String(name));
    return v;
}

QVariant RequestFields::limit(const char *name)
{
    auto it = m_body.find(name);
    if (it == m_body.end() || it->is_null())
        return QVariant(QMetaType::fromType<qlonglong>());
    if (!it->is_number_integer() || it->get<long long>() <= 0 || it->get<long long>() > 1000000000000LL) {
        m_errors << QStringLiteral("'%1' must be a positive integer or null").arg(QLatin1String(name));
        return {};
    }
    return qlonglong(it->get<long long>());
}

QVariant RequestFields::timestamp(const char *name)
{
    auto it = m_body.find(name);
    if (it == m_body.end() || it->is_null())
        return QVariant(QMetaType::fromType<QString>());
    const QDateTime t = it->is_string() ? QDateTime::fromString(QString::fromStdString(it->get<std::string>()), Qt::ISODateWithMs) : QDateTime();
    if (!t.isValid()) {
        m_errors << QStringLiteral("'%1' must be an RFC 3339 timestamp such as 2030-01-01T00:00:00Z").arg(QLatin1String(name));
        return {};
    }
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QVariant RequestFields::uuid(const char *name, bool required)
{
    auto it = m_body.find(name);
    if (it == m_body.end() || it->is_null()) {
        if (required)
            m_errors << QStringLiteral("'%1' is required").arg(QLatin1String(name));
        return QVariant(QMetaType::fromType<QString>());
    }
    const QString v = it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
    if (!isUuid(v)) {
        m_errors << QStringLiteral("'%1' must be a UUID").arg(QLatin1String(name));
        return {};
    }
    return v;
}

bool RequestFields::boolean(const char *name, bool fallback)
{
    auto it = m_body.find(name);
    if (it == m_body.end() || it->is_null())
        return fallback;
    if (!it->is_boolean()) {
        m_errors << QStringLiteral("'%1' must be true or false").arg(QLatin1String(name));
        return fallback;
    }
    return it->get<bool>();
}

void RequestFields::allowOnly(std::initializer_list<const char *> names)
{
    for (auto it = m_body.begin(); it != m_body.end(); ++it) {
        bool known = false;
        for (const char *n : names)
            known = known || it.key() == n;
        if (!known)
            m_errors << QStringLiteral("unknown field '%1'").arg(QString::fromStdString(it.key()).left(60));
    }
}

} // namespace crosslogic
