import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { jsonSchema, streamText } from 'ai';
import { startMockProviderServer, type MockProviderServer } from './mock-provider-server.js';

const tools = {
  stop_instance: { description: 'Stops an instance', inputSchema: jsonSchema({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }) },
};

describe('the mock provider server', () => {
  let server: MockProviderServer;
  before(async () => {
    server = await startMockProviderServer({
      script: (request) =>
        request.messages.at(-1)?.text.includes('stop')
          ? { text: `Stopping (tools offered: ${request.tools.join(',')}).`, toolCalls: [{ name: 'stop_instance', arguments: { name: 'web-1' } }], usage: { inputTokens: 40, outputTokens: 9 } }
          : { text: `You said: ${request.messages.at(-1)?.text}; system was: ${request.system}` },
    });
  });
  after(() => server.close());

  it('streams OpenAI chat completion chunks the AI SDK reads back into text, tool calls and usage', async () => {
    const openai = createOpenAI({ apiKey: 'k', baseURL: `${server.url}/v1` });
    const result = streamText({ model: openai.chat('gpt-4o-mini'), instructions: 'be brief', prompt: 'please stop web-1', tools, maxRetries: 0 });
    assert.equal(await result.text, 'Stopping (tools offered: stop_instance).');
    const calls = await result.toolCalls;
    assert.equal(calls[0]?.toolName, 'stop_instance');
    assert.deepEqual(calls[0]?.input, { name: 'web-1' });
    assert.equal(await result.finishReason, 'tool-calls');
    assert.equal((await result.usage).inputTokens, 40);
    assert.equal(server.requests.at(-1)?.stream, true);
  });

  it('streams Anthropic message events the AI SDK reads back the same way', async () => {
    const anthropic = createAnthropic({ apiKey: 'k', baseURL: `${server.url}/v1` });
    const result = streamText({ model: anthropic('claude-haiku-4-5'), instructions: 'be brief', prompt: 'please stop web-1', tools, maxRetries: 0 });
    assert.equal(await result.text, 'Stopping (tools offered: stop_instance).');
    const calls = await result.toolCalls;
    assert.deepEqual(calls[0]?.input, { name: 'web-1' });
    assert.equal((await result.usage).outputTokens, 9);
    assert.equal(server.requests.at(-1)?.api, 'anthropic');
  });

  it('shows a script the system text and messages whatever the wire format', async () => {
    const anthropic = createAnthropic({ apiKey: 'k', baseURL: `${server.url}/v1` });
    const result = streamText({ model: anthropic('claude-haiku-4-5'), instructions: 'you manage AWS', prompt: 'hello', maxRetries: 0 });
    assert.equal(await result.text, 'You said: hello; system was: you manage AWS');
  });

  it('answers as the real services do when a request is incomplete or goes nowhere', async () => {
    const noVersion = await fetch(`${server.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', max_tokens: 10, messages: [] }) });
    assert.equal(noVersion.status, 400);
    assert.deepEqual(await noVersion.json(), { type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' } });
    const nowhere = await fetch(`${server.url}/v1/embeddings`, { method: 'POST', body: '{}' });
    assert.equal(nowhere.status, 404);
  });
});

describe('a queue script that runs dry', () => {
  it('fails the request with a message saying so', async () => {
    const server = await startMockProviderServer({ script: [] });
    try {
      const response = await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) });
      assert.equal(response.status, 500);
      assert.match(JSON.stringify(await response.json()), /no turn left/);
    } finally {
      await server.close();
    }
  });
});
