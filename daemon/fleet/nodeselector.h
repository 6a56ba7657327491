// Chooses the engine node for a request; the gateway depends only on this interface.
#pragma once

#include "base/spendperiod.h"

#include <QByteArray>
#include <QSet>
#include <QString>
#include <QStringList>
#include <optional>

namespace crosslogic {

struct NodeTarget
{
    QString id;
    QByteArray baseUrl; // e.g. http://10.0.0.5:8000 (no trailing /v1)
    QString model;
};

class NodeSelector
{
public:
    virtual ~NodeSelector() = default;
    // An active node serving model, not in exclude; nullopt when there is none.
    virtual std::optional<NodeTarget> pick(const QString &model, const QSet<QString> &exclude) = 0;
    // Models with at least one active node.
    virtual QStringList activeModels() const = 0;
    // When the model was first registered (its earliest node row), as unix seconds; 0 when unknown.
    virtual qint64 modelCreated(const QString &model) const
    {
        Q_UNUSED(model);
        return 0;
    }
    // Whether any node or price list knows this model (unknown → 404, known but no active node → 503).
    virtual bool knowsModel(const QString &model) const = 0;
    // The model's prices (the models table as last read; zero when it has none): what spend admission reserves.
    virtual ModelPrice priceOf(const QString &model) const
    {
        Q_UNUSED(model);
        return {};
    }
    // The routing strategy the model is balanced with (a metrics label).
    virtual QString strategyFor(const QString &model) const
    {
        Q_UNUSED(model);
        return QStringLiteral("none");
    }
    // Outcome feedback for health and latency-aware strategies.
    virtual void requestStarted(const QString &nodeId) { Q_UNUSED(nodeId); }
    virtual void requestFinished(const QString &nodeId, bool ok, qint64 timeToFirstByteMs)
    {
        Q_UNUSED(nodeId);
        Q_UNUSED(ok);
        Q_UNUSED(timeToFirstByteMs);
    }
};

// endpoint_url as registered, normalised to a base URL the gateway appends /v1/... to.
QByteArray normaliseEndpoint(QByteArray url);

} // namespace crosslogic
