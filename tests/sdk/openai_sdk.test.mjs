// The official OpenAI Node SDK, unchanged, against the CrossLogic gateway (started by test_openai_sdk).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const baseURL = process.env.CROSSLOGIC_BASE_URL;
const apiKey = process.env.CROSSLOGIC_API_KEY;
const model = process.env.CROSSLOGIC_MODEL;
assert.ok(baseURL && apiKey && model && process.env.CROSSLOGIC_LIMITED_KEY, 'run through test_openai_sdk, which starts the system and sets the environment');

const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 20000 });

test('chat.completions.create without streaming', async () => {
  const r = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hello' }], max_tokens: 4 });
  assert.equal(r.object, 'chat.completion');
  assert.equal(r.choices[0].message.role, 'assistant');
  assert.equal(r.choices[0].message.content, 'tok1 tok2 tok3 tok4');
  assert.equal(r.usage.completion_tokens, 4);
  assert.ok(r.usage.prompt_tokens > 0);
});

test('chat.completions.create with stream: true', async () => {
  const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 5, stream: true });
  let text = '';
  let chunks = 0;
  let sawUsage = false;
  for await (const chunk of stream) {
    chunks++;
    if (chunk.usage) sawUsage = true;
    text += chunk.choices[0]?.delta?.content ?? '';
  }
  assert.equal(text, 'tok1 tok2 tok3 tok4 tok5');
  assert.equal(chunks, 5);
  assert.equal(sawUsage, false, 'no usage chunk unless asked for');
});

test('stream with stream_options.include_usage', async () => {
  const stream = await client.chat.completions.create({
    model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 3, stream: true, stream_options: { include_usage: true },
  });
  let usage = null;
  for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
  assert.ok(usage, 'the final chunk carries usage');
  assert.equal(usage.completion_tokens, 3);
});

test('completions.create', async () => {
  const r = await client.completions.create({ model, prompt: 'Say hi', max_tokens: 2 });
  assert.equal(r.choices[0].text, 'tok1 tok2');
});

test('embeddings.create', async () => {
  const r = await client.embeddings.create({ model, input: ['one', 'two'] });
  assert.equal(r.data.length, 2);
  assert.ok(Array.isArray(r.data[0].embedding) && r.data[0].embedding.length > 0);
  assert.ok(r.usage.prompt_tokens > 0);
});

test('models.list and models.retrieve', async () => {
  const ids = [];
  for await (const m of client.models.list()) ids.push(m.id);
  assert.ok(ids.includes(model), `models.list has ${model}: ${ids}`);
  const one = await client.models.retrieve(model);
  assert.equal(one.id, model);
});

test('401 is an AuthenticationError', async () => {
  const bad = new OpenAI({ baseURL, apiKey: 'clsk_live_not_a_real_key', maxRetries: 0 });
  await assert.rejects(bad.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }] }), (e) => {
    assert.ok(e instanceof OpenAI.AuthenticationError, e.constructor.name);
    assert.equal(e.status, 401);
    assert.equal(e.code, 'invalid_api_key');
    return true;
  });
});

test('404 for an unknown model is a NotFoundError', async () => {
  await assert.rejects(client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }), (e) => {
    assert.ok(e instanceof OpenAI.NotFoundError, e.constructor.name);
    assert.equal(e.code, 'model_not_found');
    return true;
  });
});

test('503 when no node serves the model is an InternalServerError with status 503', async () => {
  await assert.rejects(client.chat.completions.create({ model: process.env.CROSSLOGIC_PARKED_MODEL, messages: [{ role: 'user', content: 'x' }] }), (e) => {
    assert.ok(e instanceof OpenAI.InternalServerError, e.constructor.name);
    assert.equal(e.status, 503);
    assert.equal(e.code, 'no_healthy_node');
    return true;
  });
});

test('429 from a rate limit is a RateLimitError', async () => {
  const limited = new OpenAI({ baseURL, apiKey: process.env.CROSSLOGIC_LIMITED_KEY, maxRetries: 0 });
  let error = null;
  for (let i = 0; i < 10 && !error; i++) {
    try {
      await limited.embeddings.create({ model, input: 'x' });
    } catch (e) {
      error = e;
    }
  }
  assert.ok(error instanceof OpenAI.RateLimitError, error && error.constructor.name);
  assert.equal(error.status, 429);
  assert.ok(error.headers.get('retry-after'), 'retry-after header');
});
