// Children of a test die with it. A test process that aborts (a sanitizer's halt_on_error, a failed
// QVERIFY in a destructor) never runs its QProcess destructors; without this its daemons, agents and
// engines outlive it, keep ctest's output pipe open and turn one failure into a 400 s timeout.
#pragma once

#include <QProcess>

#include <csignal>
#include <sys/prctl.h>

namespace crosslogic::test {

inline void dieWithParent(QProcess &process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

} // namespace crosslogic::test
