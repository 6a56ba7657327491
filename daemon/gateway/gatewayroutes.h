// The OpenAI-compatible customer API: /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/models.
#pragma once

namespace crosslogic {

class Router;
struct Services;

void registerGatewayRoutes(Router &router, Services &services);

} // namespace crosslogic
