// Where "open this object" requests meet the detail panel: views and the command bar ask, the panel listens.
#pragma once

#include "detail/objectref.h"

#include <QObject>

namespace crosslogic::console {

class ObjectNavigator : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    void open(const ObjectRef &ref)
    {
        if (ref.isValid() && ObjectRef::isOpenable(ref.kind))
            emit openRequested(ref);
    }

signals:
    void openRequested(const crosslogic::console::ObjectRef &ref);
};

} // namespace crosslogic::console
