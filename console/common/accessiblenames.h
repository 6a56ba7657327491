// Names for a screen reader: every table, chart, tree and text field of a view that has no accessible name of
// its own gets one from what a sighted user reads beside it — the enclosing group box's title, a chart's title,
// a field's placeholder — or, failing those, the view's title and the control's kind.
#pragma once

#include <QString>

class QWidget;

namespace crosslogic::console {

void nameUnlabelledControls(QWidget *root, const QString &viewTitle);

} // namespace crosslogic::console
