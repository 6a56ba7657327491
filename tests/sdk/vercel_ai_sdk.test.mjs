// The Vercel AI SDK with its default OpenAI provider (openai(model) speaks the Responses API), unchanged, against the
// CrossLogic gateway (started by test_openai_sdk).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateText, streamText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';

const model = process.env.CROSSLOGIC_MODEL;
assert.ok(process.env.CROSSLOGIC_BASE_URL && process.env.CROSSLOGIC_API_KEY && model, 'run through test_openai_sdk');
const openai = createOpenAI({ baseURL: process.env.CROSSLOGIC_BASE_URL, apiKey: process.env.CROSSLOGIC_API_KEY });

test('ai generateText (default provider: Responses API)', async () => {
  const r = await generateText({ model: openai(model), prompt: 'Hello', maxOutputTokens: 3, maxRetries: 0 });
  assert.equal(r.text, 'tok1 tok2 tok3');
  assert.equal(r.usage.outputTokens, 3);
  assert.ok(r.usage.inputTokens > 0);
  assert.ok(r.response.id.startsWith('resp_'));
});

test('ai streamText (default provider: Responses API)', async () => {
  const r = streamText({ model: openai(model), prompt: 'Hi', maxOutputTokens: 4, maxRetries: 0, onError: () => {} });
  let text = '';
  for await (const part of r.textStream) text += part;
  assert.equal(text, 'tok1 tok2 tok3 tok4');
  assert.equal((await r.usage).outputTokens, 4);
});
