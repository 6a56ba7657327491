// What every console view is handed: the admin client, the confirm-with-dry-run helper and the object navigator
// (passed in, no singletons).
#pragma once

namespace crosslogic {
class AdminClient;
}

namespace crosslogic::console {

class ActionRunner;
class ObjectNavigator;

struct ViewContext
{
    AdminClient *client = nullptr;
    ActionRunner *actions = nullptr;
    // Opens keys, tenants, environments, nodes and models in the detail panel (detail/tablelinks.h links tables).
    ObjectNavigator *navigator = nullptr;
};

} // namespace crosslogic::console
