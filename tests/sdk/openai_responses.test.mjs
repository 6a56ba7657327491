// The official OpenAI Node SDK's Responses API (client.responses), unchanged, against the CrossLogic gateway
// (started by test_openai_sdk), which serves it by translating to the engine's chat completions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const baseURL = process.env.CROSSLOGIC_BASE_URL;
const model = process.env.CROSSLOGIC_MODEL;
assert.ok(baseURL && process.env.CROSSLOGIC_API_KEY && model, 'run through test_openai_sdk, which starts the system and sets the environment');
const client = new OpenAI({ baseURL, apiKey: process.env.CROSSLOGIC_API_KEY, maxRetries: 0, timeout: 20000 });

const weatherTool = {
  type: 'function', name: 'get_weather', description: 'The weather in a city',
  parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false },
  strict: true,
};

test('responses.create without streaming', async () => {
  const r = await client.responses.create({ model, instructions: 'Be brief.', input: 'Hello' });
  assert.equal(r.object, 'response');
  assert.equal(r.status, 'completed');
  assert.ok(r.id.startsWith('resp_'));
  assert.equal(r.output_text, 'tok1 tok2 tok3 tok4 tok5 tok6 tok7 tok8 tok9 tok10 tok11 tok12 tok13 tok14 tok15 tok16');
  assert.equal(r.usage.output_tokens, 16);
  assert.ok(r.usage.input_tokens > 0);
  assert.equal(r.usage.total_tokens, r.usage.input_tokens + 16);
});

test('responses.create with stream: true', async () => {
  const stream = await client.responses.create({
    model, input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }], max_output_tokens: 4, stream: true,
  });
  const types = [];
  let text = '';
  let final = null;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.output_text.delta') text += event.delta;
    if (event.type === 'response.incomplete' || event.type === 'response.completed') final = event.response;
  }
  assert.deepEqual(types.slice(0, 4), ['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
  assert.equal(types.filter((t) => t === 'response.output_text.delta').length, 4);
  assert.ok(types.includes('response.output_text.done') && types.includes('response.output_item.done'));
  assert.equal(text, 'tok1 tok2 tok3 tok4');
  assert.equal(final.status, 'incomplete');
  assert.equal(final.incomplete_details.reason, 'max_output_tokens');
  assert.equal(final.usage.output_tokens, 4);
});

test('responses.stream helper yields the final response', async () => {
  const stream = client.responses.stream({ model, input: 'Hi' });
  let text = '';
  stream.on('response.output_text.delta', (e) => { text += e.delta; });
  const final = await stream.finalResponse();
  assert.equal(final.status, 'completed');
  assert.equal(final.output_text, text);
  assert.equal(final.usage.output_tokens, 16);
});

test('responses with a function tool round trip', async () => {
  const first = await client.responses.create({ model, input: 'Weather in Paris?', tools: [weatherTool], tool_choice: 'required', max_output_tokens: 2 });
  const call = first.output.find((o) => o.type === 'function_call');
  assert.ok(call, JSON.stringify(first.output));
  assert.equal(call.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.arguments), { text: 'tok1 tok2' });
  const second = await client.responses.create({
    model, tools: [weatherTool], max_output_tokens: 3,
    input: [{ role: 'user', content: 'Weather in Paris?' }, call, { type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
  });
  assert.equal(second.output[0].type, 'message');
  assert.equal(second.output_text, 'tok1 tok2 tok3');
  assert.ok(second.usage.input_tokens > first.usage.input_tokens, 'the tool output is part of the prompt');
});

test('responses: previous_response_id is refused with a BadRequestError', async () => {
  await assert.rejects(client.responses.create({ model, input: 'x', previous_response_id: 'resp_123' }), (e) => {
    assert.ok(e instanceof OpenAI.BadRequestError, e.constructor.name);
    assert.equal(e.param, 'previous_response_id');
    return true;
  });
});
