// Where the test suite's private services are: read from the variables scripts/test.sh exports.
#pragma once

#include <QString>

namespace crosslogic::test {

// postgres://... of the private cluster's maintenance database; fails the test when unset.
QString adminDatabaseUrl();
// A free TCP port on 127.0.0.1.
quint16 freePort();
// Directory for this test's scratch files (removed at exit).
QString scratchDir();

} // namespace crosslogic::test
