// The cors_allowed_origins a tenant PATCH may set: exact browser origins or "*".
#include "admin/corsorigins.h"

#include <QRegularExpression>

namespace crosslogic {

Result<QString> corsOriginsJson(const Json &value)
{
    if (value.is_null())
        return QStringLiteral("[]");
    auto bad = [](const QString &why) { return fail(400, "invalid_value", why, QStringLiteral("cors_allowed_origins")); };
    if (!value.is_array())
        return bad(QStringLiteral("cors_allowed_origins must be an array of origins such as \"https://app.example.com\", or [\"*\"]"));
    if (value.size() > 50)
        return bad(QStringLiteral("cors_allowed_origins holds at most 50 origins"));
    // scheme://host[:port]: a DNS name or IPv4 address, or an IPv6 literal in brackets.
    static const QRegularExpression origin(QStringLiteral(
        "^https?://([a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?$"));
    Json out = Json::array();
    for (const Json &item : value) {
        if (!item.is_string())
            return bad(QStringLiteral("cors_allowed_origins must hold strings"));
        const QString o = QString::fromStdString(item.get<std::string>()).toLower();
        if (o != QLatin1String("*") && (o.size() > 200 || !origin.match(o).hasMatch()))
            return bad(QStringLiteral("'%1' is not an origin: give scheme://host[:port] (e.g. https://app.example.com), no path or "
                                      "trailing slash, or \"*\"").arg(o.left(200)));
        const QRegularExpressionMatch port = QRegularExpression(QStringLiteral(":([0-9]+)$")).match(o);
        if (port.hasMatch() && (port.captured(1).toInt() < 1 || port.captured(1).toInt() > 65535))
            return bad(QStringLiteral("'%1' has no valid port").arg(o.left(200)));
        if (!std::count(out.begin(), out.end(), Json(o.toStdString())))
            out.push_back(o.toStdString());
    }
    return QString::fromStdString(out.dump());
}

} // namespace crosslogic
