// The customer API: /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/responses, /v1/messages, /v1/models.
#pragma once

namespace crosslogic {

class Router;
struct GatewayLane;

// The routes run entirely on the lane's thread; lane must outlive the router.
void registerGatewayRoutes(Router &router, GatewayLane &lane);

} // namespace crosslogic
