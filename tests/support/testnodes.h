// Node rows for gateway tests: an engine entered in the nodes table the way a registered agent would be, without an agent.
#pragma once

#include "support/testdatabase.h"

#include <QByteArray>
#include <QString>

namespace crosslogic::test {

// Inserts a node serving model (empty: none yet) at endpointUrl (empty: NULL), last heard from heartbeatAgeSeconds
// ago; returns its id, or an empty string when the database refused the row. The gateway routes to it from its
// next load-balancer refresh (within a second).
QString insertNode(TestDatabase &db, const QString &model, const QByteArray &endpointUrl, const QString &status = QStringLiteral("active"),
                   const QString &clusterName = QStringLiteral("test"), int heartbeatAgeSeconds = 0);

} // namespace crosslogic::test
