// One mutating admin call as the console describes it to the operator before running it.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

namespace crosslogic::console {

struct ActionRequest
{
    ActionRequest(QString title_, QString description_, QByteArray method_, QString path_, QJsonObject body_ = {}, QUrlQuery query_ = {})
        : title(std::move(title_)), description(std::move(description_)), method(std::move(method_)), path(std::move(path_)),
          body(std::move(body_)), query(std::move(query_))
    {
    }

    QString title;       // "Drain node c1"
    QString description; // what it is for, in one sentence
    QByteArray method = "POST";
    QString path;
    QJsonObject body;
    QUrlQuery query;
    QString reason; // the operator's why, typed in the preview; sent as X-Audit-Reason and stored in the audit row
};

} // namespace crosslogic::console
