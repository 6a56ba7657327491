// Where the test suite's private services are: read from the variables scripts/test.sh exports.
#pragma once

#include <QProcessEnvironment>
#include <QString>

namespace crosslogic::test {

// postgres://... of the private cluster's maintenance database; fails the test when unset.
QString adminDatabaseUrl();
// The environment for a psql (or other libpq client) run by a test: this process's, with PGHOST, PGPORT and PGUSER
// naming the private cluster.
QProcessEnvironment psqlEnvironment();
// A free TCP port on 127.0.0.1.
quint16 freePort();
// Directory for this test's scratch files (removed at exit).
QString scratchDir();

} // namespace crosslogic::test
