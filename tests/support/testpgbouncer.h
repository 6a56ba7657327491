// A private PgBouncer in transaction pooling mode (Debian's pgbouncer) in front of the test cluster, one per test
// process, started on first use. Tests run as <name>_pgbouncer (tests/CMakeLists.txt) set
// CROSSLOGIC_TEST_PGBOUNCER=1: every crosslogicd they start, and `crosslogicd migrate`, then reach PostgreSQL
// through it (daemonDatabaseUrl), while the test's own assertions keep their direct connection.
#pragma once

#include <QString>

namespace crosslogic::test {

// True when this test run goes through PgBouncer.
bool viaPgBouncer();
// The URL a crosslogicd started by a test uses for directUrl: directUrl itself, or, via PgBouncer, the same
// database through the private PgBouncer with pool_mode=transaction (started here if it is not yet). A URL to
// another port (a test's TCP proxy simulating an outage) is left as it is.
QString daemonDatabaseUrl(const QString &directUrl);
// The private PgBouncer's port (starting it); fails the test when it cannot start.
quint16 pgBouncerPort();

} // namespace crosslogic::test
