// Anthropic's official TypeScript SDK, unchanged, against the CrossLogic gateway's /v1/messages (started by
// test_openai_sdk): the platform's models through the Messages API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';

const model = process.env.CROSSLOGIC_MODEL;
const apiKey = process.env.CROSSLOGIC_API_KEY;
assert.ok(process.env.CROSSLOGIC_BASE_URL && apiKey && model, 'run through test_openai_sdk, which starts the system and sets the environment');
const baseURL = process.env.CROSSLOGIC_BASE_URL.replace(/\/v1$/, ''); // the SDK adds /v1/messages
const client = new Anthropic({ baseURL, apiKey, maxRetries: 0, timeout: 20000 });

test('anthropic messages.create', async () => {
  const m = await client.messages.create({ model, max_tokens: 3, system: 'Be brief.', messages: [{ role: 'user', content: 'Hello' }] });
  assert.equal(m.type, 'message');
  assert.equal(m.role, 'assistant');
  assert.deepEqual(m.content, [{ type: 'text', text: 'tok1 tok2 tok3' }]);
  assert.equal(m.stop_reason, 'max_tokens');
  assert.equal(m.usage.output_tokens, 3);
  assert.ok(m.usage.input_tokens > 0);
});

test('anthropic messages.create with stream: true', async () => {
  const stream = await client.messages.create({ model, max_tokens: 4, messages: [{ role: 'user', content: 'Hi' }], stream: true });
  const types = [];
  let text = '';
  let usage = null;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    if (event.type === 'message_delta') usage = event.usage;
  }
  assert.equal(types[0], 'message_start');
  assert.equal(types[1], 'content_block_start');
  assert.deepEqual(types.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
  assert.equal(text, 'tok1 tok2 tok3 tok4');
  assert.equal(usage.output_tokens, 4);
});

test('anthropic messages.stream helper yields the final message', async () => {
  const stream = client.messages.stream({ model, max_tokens: 2, messages: [{ role: 'user', content: 'Hi' }] });
  let text = '';
  stream.on('text', (t) => { text += t; });
  const final = await stream.finalMessage();
  assert.equal(text, 'tok1 tok2');
  assert.equal(final.content[0].text, 'tok1 tok2');
  assert.equal(final.usage.output_tokens, 2);
  assert.ok(final.usage.input_tokens > 0, 'input tokens arrive with message_delta');
});

test('anthropic tool use round trip', async () => {
  const tools = [{ name: 'get_weather', description: 'The weather', input_schema: { type: 'object', properties: { text: { type: 'string' } } } }];
  const first = await client.messages.create({ model, max_tokens: 2, tools, tool_choice: { type: 'any' }, messages: [{ role: 'user', content: 'Weather?' }] });
  assert.equal(first.stop_reason, 'tool_use');
  const use = first.content.find((b) => b.type === 'tool_use');
  assert.deepEqual(use.input, { text: 'tok1 tok2' });
  const second = await client.messages.create({
    model, max_tokens: 2, tools,
    messages: [{ role: 'user', content: 'Weather?' }, { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'sunny' }] }],
  });
  assert.deepEqual(second.content, [{ type: 'text', text: 'tok1 tok2' }]);
});

test('anthropic errors: an unknown key is an AuthenticationError, an unknown model a NotFoundError', async () => {
  const bad = new Anthropic({ baseURL, apiKey: 'clsk_live_not_a_real_key', maxRetries: 0 });
  await assert.rejects(bad.messages.create({ model, max_tokens: 2, messages: [{ role: 'user', content: 'x' }] }), (e) => {
    assert.ok(e instanceof Anthropic.AuthenticationError, e.constructor.name);
    assert.equal(e.error.type, 'error');
    assert.equal(e.error.error.type, 'authentication_error');
    return true;
  });
  await assert.rejects(client.messages.create({ model: 'no-such-model', max_tokens: 2, messages: [{ role: 'user', content: 'x' }] }), (e) => {
    assert.ok(e instanceof Anthropic.NotFoundError, e.constructor.name);
    assert.equal(e.error.error.type, 'not_found_error');
    return true;
  });
});
