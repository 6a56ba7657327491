// Small helpers for DB jobs: bind-and-run, and read row_to_json/json_agg results as nlohmann::json.
#include "store/sqljson.h"

#include "store/sqlinline.h"

#include <QRegularExpression>
#include <QSqlDriver>

namespace crosslogic {

Result<void> runSql(QSqlQuery &query, const QString &sql, const QVariantList &values)
{
    if (query.driver() && query.driver()->property(kInlineParametersProperty).toBool()) {
        auto inlined = inlineSqlParameters(sql, values);
        if (!inlined)
            return inlined.failure();
        if (!query.exec(*inlined))
            return fail(sqlError(query));
        return {};
    }
    if (!query.prepare(sql))
        return fail(sqlError(query));
    for (const QVariant &v : values)
        query.addBindValue(v);
    if (!query.exec())
        return fail(sqlError(query));
    return {};
}

Result<Json> queryJson(QSqlDatabase &db, const QString &sql, const QVariantList &values)
{
    QSqlQuery q(db);
    if (auto r = runSql(q, sql, values); !r)
        return r.failure();
    if (!q.next() || q.isNull(0))
        return Json(nullptr);
    try {
        return Json::parse(q.value(0).toString().toStdString());
    } catch (const std::exception &e) {
        return fail(QStringLiteral("unparseable JSON from the database: %1").arg(QString::fromUtf8(e.what())));
    }
}

bool isUuid(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    return re.match(text).hasMatch();
}

QVariant toVariant(const Json &value)
{
    switch (value.type()) {
    case Json::value_t::null: return QVariant(QMetaType::fromType<QString>());
    case Json::value_t::boolean: return QVariant(value.get<bool>());
    case Json::value_t::number_integer: return QVariant(qlonglong(value.get<long long>()));
    case Json::value_t::number_unsigned: return QVariant(qulonglong(value.get<unsigned long long>()));
    case Json::value_t::number_float: return QVariant(value.get<double>());
    case Json::value_t::string: return QVariant(QString::fromStdString(value.get<std::string>()));
    default: return QVariant(QString::fromStdString(value.dump()));
    }
}

} // namespace crosslogic
