// A typed TypeScript client for the CrossLogic API: the types generated from docs/openapi.yaml by openapi-typescript
// (generated/api.ts, made by client.sh) with openapi-fetch. test_openapi_client compiles this file with tsc --strict,
// so every call below must type-check against the document (paths, parameters, bodies, answers).
import createClient from 'openapi-fetch';
import type { components, paths } from './generated/api';

export function crosslogic(baseUrl: string, apiKey: string) {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });
}

// The endpoints that can stream answer either JSON or text/event-stream: the JSON one, when that is what came.
function whole<T>(data: T | string | undefined): T | undefined {
  return typeof data === 'string' ? undefined : data;
}

export async function examples(baseUrl: string, apiKey: string, adminToken: string) {
  const client = crosslogic(baseUrl, apiKey);
  const chat = await client.POST('/v1/chat/completions', {
    body: { model: 'demo-model', messages: [{ role: 'user', content: 'Hello' }], max_tokens: 4 },
  });
  const completionTokens: number | undefined = whole(chat.data)?.usage?.completion_tokens;
  const error: components['schemas']['Error'] | undefined = chat.error;

  const response = await client.POST('/v1/responses', {
    body: { model: 'demo-model', instructions: 'Be brief.', input: 'Hello', max_output_tokens: 16 },
  });
  const status: 'completed' | 'incomplete' | 'failed' | 'in_progress' | undefined = whole(response.data)?.status;
  const outputTokens: number | undefined = whole(response.data)?.usage?.output_tokens;

  const message = await client.POST('/v1/messages', {
    params: { header: { 'anthropic-version': '2023-06-01' } },
    body: { model: 'demo-model', max_tokens: 16, messages: [{ role: 'user', content: 'Hello' }] },
  });
  const stopReason: 'end_turn' | 'max_tokens' | 'tool_use' | undefined = whole(message.data)?.stop_reason;
  const anthropicError: string | undefined = message.error?.error.type;

  const models = await client.GET('/v1/models');
  const model = await client.GET('/v1/models/{model}', { params: { path: { model: 'meta-llama/Llama-3.1-8B-Instruct' } } });

  const admin = createClient<paths>({ baseUrl, headers: { 'X-Admin-Token': adminToken } });
  const tenant = await admin.GET('/admin/tenants/{id}', { params: { path: { id: '00000000-0000-0000-0000-000000000000' } } });
  return { completionTokens, error, status, outputTokens, stopReason, anthropicError, models: models.data, model: model.data, tenant: tenant.data };
}
