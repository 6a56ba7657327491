// What the detail panel shows of one object: sections of label/value rows (a row may link another object and
// carry an id to copy) and the remediations that apply to it.
#pragma once

#include "common/actionrequest.h"
#include "common/statuslevel.h"
#include "detail/objectref.h"

#include <QList>
#include <QString>

#include <functional>

class QWidget;

namespace crosslogic::console {

struct DetailRow
{
    QString label;
    QString value;
    ObjectRef link = {}; // valid: Enter or double-click opens it
    QString copyId = {}; // what "Copy id" puts on the clipboard; the link's id when empty
    StatusLevel level = StatusLevel::Unknown; // colours the value when not Unknown
};

struct DetailSection
{
    QString heading;
    QList<DetailRow> rows;
};

struct DetailAction
{
    QString text; // with its mnemonic, e.g. "&Revoke key"
    const char *permission;
    ActionRequest request; // its description is the button's tooltip
    // When set, the action first asks for its parameters (a dialog opened on parent) and hands run the request to
    // preview and apply; request is then only the tooltip. E.g. "Set budget…".
    std::function<void(QWidget *parent, std::function<void(const ActionRequest &)> run)> ask = {};
};

} // namespace crosslogic::console
