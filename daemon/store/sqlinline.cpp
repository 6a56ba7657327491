// SQL with its '?' parameters written in as quoted literals (see sqlinline.h for why and when).
#include "store/sqlinline.h"

#include <QDate>
#include <QDateTime>
#include <QLocale>
#include <QUuid>

namespace crosslogic {

namespace {

// NULL as Qt's drivers bind it (QSqlResultPrivate::isVariantNull): besides a null variant, a null QString or
// QByteArray and an invalid date or time.
bool boundAsNull(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return true;
    switch (value.typeId()) {
    case QMetaType::QString:
        return static_cast<const QString *>(value.constData())->isNull();
    case QMetaType::QByteArray:
        return static_cast<const QByteArray *>(value.constData())->isNull();
    case QMetaType::QDateTime:
        return !value.toDateTime().isValid();
    case QMetaType::QDate:
        return !value.toDate().isValid();
    case QMetaType::QUuid:
        return value.toUuid().isNull();
    default:
        return false;
    }
}

} // namespace

Result<QString> sqlLiteral(const QVariant &value)
{
    if (boundAsNull(value))
        return QStringLiteral("NULL");
    QString text;
    switch (value.typeId()) {
    case QMetaType::Bool:
        text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        break;
    case QMetaType::Double:
    case QMetaType::Float:
        text = QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest); // round-trips, as Qt's own
        break;
    case QMetaType::QDateTime:
        text = value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
        break;
    case QMetaType::QDate:
        text = value.toDate().toString(Qt::ISODate);
        break;
    case QMetaType::QByteArray:
        text = QStringLiteral("\\x") + QString::fromLatin1(value.toByteArray().toHex());
        break;
    case QMetaType::QUuid:
        text = value.toUuid().toString(QUuid::WithoutBraces);
        break;
    default:
        if (!value.canConvert<QString>())
            return fail(QStringLiteral("a %1 value cannot be written as an SQL literal").arg(QString::fromLatin1(value.typeName())));
        text = value.toString();
    }
    if (text.contains(QChar(0)))
        return fail(QStringLiteral("a text value contains a NUL byte"));
    text.replace(QLatin1Char('\''), QLatin1String("''"));
    return QString(QLatin1Char('\'') + text + QLatin1Char('\''));
}

namespace {

bool isIdentChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

// The dollar-quote tag starting at i ("$$" or "$tag$"), or an empty string when none starts there.
QString dollarTag(const QString &sql, qsizetype i)
{
    if (i > 0 && isIdentChar(sql[i - 1]))
        return {}; // $1 or part of an identifier
    qsizetype j = i + 1;
    while (j < sql.size() && (sql[j].isLetterOrNumber() || sql[j] == QLatin1Char('_')))
        ++j;
    if (j >= sql.size() || sql[j] != QLatin1Char('$') || (j > i + 1 && sql[i + 1].isDigit()))
        return {};
    return sql.mid(i, j - i + 1);
}

} // namespace

Result<QString> inlineSqlParameters(const QString &sql, const QVariantList &values)
{
    QString out;
    out.reserve(sql.size() + 32 * values.size());
    qsizetype next = 0;
    qsizetype i = 0;
    const auto copyUntil = [&](qsizetype end) {
        out += QStringView(sql).mid(i, end - i);
        i = end;
    };
    while (i < sql.size()) {
        const QChar c = sql[i];
        const QChar after = i + 1 < sql.size() ? sql[i + 1] : QChar();
        if (c == QLatin1Char('\'')) {
            // A string literal; E'…' strings also escape with a backslash.
            const bool escapes = i > 0 && (sql[i - 1] == QLatin1Char('E') || sql[i - 1] == QLatin1Char('e'))
                && (i < 2 || !isIdentChar(sql[i - 2]));
            qsizetype j = i + 1;
            while (j < sql.size()) {
                if (escapes && sql[j] == QLatin1Char('\\')) {
                    j += 2;
                } else if (sql[j] == QLatin1Char('\'')) {
                    if (j + 1 < sql.size() && sql[j + 1] == QLatin1Char('\''))
                        j += 2;
                    else
                        break;
                } else {
                    ++j;
                }
            }
            copyUntil(std::min(j + 1, sql.size()));
        } else if (c == QLatin1Char('"')) {
            const qsizetype j = sql.indexOf(QLatin1Char('"'), i + 1);
            copyUntil(j < 0 ? sql.size() : j + 1);
        } else if (c == QLatin1Char('-') && after == QLatin1Char('-')) {
            const qsizetype j = sql.indexOf(QLatin1Char('\n'), i);
            copyUntil(j < 0 ? sql.size() : j + 1);
        } else if (c == QLatin1Char('/') && after == QLatin1Char('*')) {
            const qsizetype j = sql.indexOf(QLatin1String("*/"), i + 2);
            copyUntil(j < 0 ? sql.size() : j + 2);
        } else if (c == QLatin1Char('$') && !dollarTag(sql, i).isEmpty()) {
            const QString tag = dollarTag(sql, i);
            const qsizetype j = sql.indexOf(tag, i + tag.size());
            copyUntil(j < 0 ? sql.size() : j + tag.size());
        } else if (c == QLatin1Char('?')) {
            if (next >= values.size())
                return fail(QStringLiteral("the statement has more '?' placeholders than the %1 value(s) bound").arg(values.size()));
            auto literal = sqlLiteral(values[next++]);
            if (!literal)
                return literal.failure();
            out += *literal;
            ++i;
        } else {
            out += c;
            ++i;
        }
    }
    if (next != values.size())
        return fail(QStringLiteral("%1 value(s) bound to a statement with %2 '?' placeholder(s)").arg(values.size()).arg(next));
    return out;
}

} // namespace crosslogic
