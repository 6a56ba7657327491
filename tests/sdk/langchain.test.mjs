// LangChain JS (@langchain/openai's ChatOpenAI), unchanged, against the CrossLogic gateway (started by test_openai_sdk).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatOpenAI } from '@langchain/openai';

const model = process.env.CROSSLOGIC_MODEL;
assert.ok(process.env.CROSSLOGIC_BASE_URL && process.env.CROSSLOGIC_API_KEY && model, 'run through test_openai_sdk');
const chat = new ChatOpenAI({
  model, apiKey: process.env.CROSSLOGIC_API_KEY, maxTokens: 3, maxRetries: 0,
  configuration: { baseURL: process.env.CROSSLOGIC_BASE_URL },
});

test('langchain ChatOpenAI invoke', async () => {
  const m = await chat.invoke('Hello');
  assert.equal(m.content, 'tok1 tok2 tok3');
  assert.equal(m.usage_metadata.output_tokens, 3);
});

test('langchain ChatOpenAI stream', async () => {
  let text = '';
  let chunks = 0;
  for await (const chunk of await chat.stream('Hi')) {
    text += chunk.content;
    if (chunk.content) chunks++;
  }
  assert.equal(text, 'tok1 tok2 tok3');
  assert.equal(chunks, 3);
});
