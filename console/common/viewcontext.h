// What every console view is handed: the admin client and the confirm-with-dry-run helper (passed in, no singletons).
#pragma once

namespace crosslogic {
class AdminClient;
}

namespace crosslogic::console {

class ActionRunner;

struct ViewContext
{
    AdminClient *client = nullptr;
    ActionRunner *actions = nullptr;
};

} // namespace crosslogic::console
