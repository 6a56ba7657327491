// The alerts admin API: list and show alerts, the SSE stream, acknowledge / silence / unsilence (permission
// "alerts", every role), rules and their run-time thresholds, notification targets (permission "alert_config", sre
// and admin), and the replicas the engine sees. Changes are audited.
#pragma once

#include "base/adminaction.h"

namespace crosslogic {

class AlertEngine;
class AlertFeed;
class Router;

struct AlertRouteDeps : AdminRoutes
{
    AlertFeed *feed = nullptr;
    AlertEngine *engine = nullptr; // for GET /admin/replicas: which replica answers
};

void registerAlertRoutes(Router &router, const AlertRouteDeps &deps);

} // namespace crosslogic
