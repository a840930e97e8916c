import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createChatModel, type ChatModelOptions } from '../../src/agent/llm/providers.js';
import { LlmError } from '../../src/agent/llm/llm-error.js';
import { startMockProviderServer, type MockProviderServer } from '../../src/agent/llm/testing/mock-provider-server.js';
import type { ChatMessage, ChatModel, ToolSpec } from '../../src/agent/llm/types.js';

const KEY = 'sk-test-key-123';

const describeInstances: ToolSpec = {
  name: 'describe_instances',
  description: 'Lists EC2 instances, optionally by Name tag.',
  parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
};

/** Each provider as a user configures it, pointed at the mock server. */
const providers: { spec: string; options: (server: MockProviderServer) => ChatModelOptions; wire: 'openai' | 'anthropic' }[] = [
  { spec: 'openai:gpt-4o-mini', wire: 'openai', options: (server) => ({ env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${server.url}/v1` } }) },
  { spec: 'openai-compatible:qwen2.5-coder', wire: 'openai', options: (server) => ({ baseUrl: `${server.url}/v1`, apiKey: KEY }) },
  { spec: 'ollama:llama3.1:8b', wire: 'openai', options: (server) => ({ env: { OLLAMA_HOST: server.url.replace('http://', '') }, apiKey: KEY }) },
  {
    spec: 'azure:cirro-gpt4o',
    wire: 'openai',
    options: (server) => ({ env: { AZURE_OPENAI_ENDPOINT: server.url, AZURE_OPENAI_API_KEY: KEY, AZURE_OPENAI_API_VERSION: '2024-10-21' } }),
  },
  { spec: 'anthropic:claude-sonnet-4-5', wire: 'anthropic', options: (server) => ({ env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server.url } }) },
];

function modelFor(spec: string, options: ChatModelOptions): ChatModel {
  const created = createChatModel(spec, { maxRetries: 0, ...options });
  if (!created.success) throw created.error;
  return created.value;
}

for (const provider of providers) {
  describe(`${provider.spec} against a local server speaking the ${provider.wire} API`, () => {
    let server: MockProviderServer;
    let model: ChatModel;
    before(async () => {
      server = await startMockProviderServer({ apiKey: KEY });
      model = modelFor(provider.spec, provider.options(server));
    });
    after(() => server.close());

    it('answers a plain text turn and reports the tokens the provider counted', async () => {
      server.enqueue({ text: 'There are 3 instances.', usage: { inputTokens: 120, outputTokens: 7 } });
      const turn = await model.complete({ system: 'You manage AWS.', messages: [{ role: 'user', content: 'how many instances?' }] });
      assert.equal(turn.text, 'There are 3 instances.');
      assert.equal(turn.finishReason, 'stop');
      assert.deepEqual(turn.toolCalls, []);
      assert.deepEqual(turn.usage, { inputTokens: 120, outputTokens: 7 });
      const received = server.requests.at(-1)!;
      assert.equal(received.system, 'You manage AWS.');
      assert.equal(received.messages.at(-1)?.text, 'how many instances?');
      if (provider.spec.startsWith('azure')) {
        assert.equal(received.path, '/openai/deployments/cirro-gpt4o/chat/completions');
        assert.equal(received.query['api-version'], '2024-10-21');
        assert.equal(received.headers['api-key'], KEY);
      }
      if (provider.wire === 'anthropic') assert.ok(received.headers['anthropic-version'], 'the anthropic-version header is sent');
    });

    it('round-trips a tool call: the call comes back parsed, the result goes out in the provider\'s format', async () => {
      server.enqueue(
        { toolCalls: [{ id: 'call-7', name: 'describe_instances', arguments: { name: 'web-1' } }] },
        { text: 'web-1 is running.' },
      );
      const messages: ChatMessage[] = [{ role: 'user', content: 'is web-1 up?' }];
      const first = await model.complete({ system: 'You manage AWS.', messages, tools: [describeInstances] });
      assert.equal(first.finishReason, 'tool-calls');
      assert.equal(first.toolCalls.length, 1);
      const call = first.toolCalls[0]!;
      assert.equal(call.name, 'describe_instances');
      assert.equal(call.id, 'call-7');
      assert.deepEqual(call.arguments, { name: 'web-1' });
      assert.deepEqual(JSON.parse(call.rawArguments), { name: 'web-1' });
      assert.deepEqual(server.requests.at(-1)!.tools, ['describe_instances']);

      messages.push({ role: 'assistant', content: '', toolCalls: first.toolCalls });
      messages.push({ role: 'tool', toolCallId: call.id, toolName: call.name, content: '{"State":"running"}' });
      const second = await model.complete({ system: 'You manage AWS.', messages, tools: [describeInstances] });
      assert.equal(second.text, 'web-1 is running.');

      const received = server.requests.at(-1)!;
      const replayed = received.messages.find((message) => message.toolCalls.length > 0);
      assert.equal(replayed?.role, 'assistant');
      assert.equal(replayed?.toolCalls[0]?.id, 'call-7');
      const result = received.messages.at(-1)!;
      assert.equal(result.role, 'tool', 'the result travels as a tool message / tool_result block');
      assert.deepEqual(result.toolResults, [{ toolCallId: 'call-7', content: '{"State":"running"}' }]);
      if (provider.wire === 'anthropic') {
        const last = (received.body['messages'] as { role: string; content: { type: string; tool_use_id?: string }[] }[]).at(-1)!;
        assert.equal(last.role, 'user');
        assert.equal(last.content[0]?.type, 'tool_result');
        assert.equal(last.content[0]?.tool_use_id, 'call-7');
      } else {
        const last = (received.body['messages'] as { role: string; tool_call_id?: string }[]).at(-1)!;
        assert.equal(last.role, 'tool');
        assert.equal(last.tool_call_id, 'call-7');
      }
    });

    it('keeps malformed tool arguments as raw text instead of throwing', async () => {
      server.enqueue({ toolCalls: [{ name: 'describe_instances', rawArguments: '{"name": "web-1",' }] });
      const turn = await model.complete({ system: 's', messages: [{ role: 'user', content: 'web-1?' }], tools: [describeInstances] });
      assert.equal(turn.toolCalls.length, 1);
      assert.equal(turn.toolCalls[0]!.name, 'describe_instances');
      assert.equal(turn.toolCalls[0]!.arguments, undefined);
      assert.equal(turn.toolCalls[0]!.rawArguments, '{"name": "web-1",');
    });

    it('makes a rejected key a clear error that names the fix', async () => {
      const wrong = modelFor(provider.spec, { ...provider.options(server), apiKey: 'sk-wrong' });
      await assert.rejects(wrong.complete({ system: 's', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
        assert.ok(LlmError.isLlm(error));
        assert.equal(error.llmCode, 'LlmAuthentication');
        assert.equal(error.status, 401);
        assert.match(error.message, /API key was rejected/);
        assert.match(error.message, /--api-key/);
        return true;
      });
    });

    it('makes a rate limit that outlasts the retries a clear error', async () => {
      const retrying = modelFor(provider.spec, { ...provider.options(server), maxRetries: 1 });
      const before = server.requests.length;
      server.enqueue(
        { errorStatus: 429, errorMessage: 'Rate limit reached for requests', retryAfterMs: 5 },
        { errorStatus: 429, errorMessage: 'Rate limit reached for requests', retryAfterMs: 5 },
      );
      await assert.rejects(retrying.complete({ system: 's', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
        assert.ok(LlmError.isLlm(error));
        assert.equal(error.llmCode, 'LlmRateLimited');
        assert.match(error.message, /rate limited \(HTTP 429: Rate limit reached for requests\) after 2 attempts/);
        return true;
      });
      assert.equal(server.requests.length - before, 2);
    });

    it('retries a server failure a bounded number of times, then reports it', async () => {
      const retrying = modelFor(provider.spec, { ...provider.options(server), maxRetries: 1 });
      const before = server.requests.length;
      server.enqueue(
        { errorStatus: 500, errorMessage: 'upstream exploded', retryAfterMs: 5 },
        { errorStatus: 500, errorMessage: 'upstream exploded', retryAfterMs: 5 },
        { text: 'never reached' },
      );
      await assert.rejects(retrying.complete({ system: 's', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
        assert.ok(LlmError.isLlm(error));
        assert.equal(error.llmCode, 'LlmServerError');
        assert.match(error.message, /HTTP 500/);
        assert.match(error.message, /upstream exploded/);
        return true;
      });
      assert.equal(server.requests.length - before, 2, 'one call and one retry');
      const recovered = await retrying.complete({ system: 's', messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(recovered.text, 'never reached');
    });
  });
}

describe('an endpoint that is not there', () => {
  it('is a clear error naming the address', async () => {
    const server = await startMockProviderServer();
    const address = `${server.url}/v1`;
    await server.close();
    const model = modelFor('ollama:llama3.1', { baseUrl: address });
    await assert.rejects(model.complete({ system: 's', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
      assert.ok(LlmError.isLlm(error));
      assert.equal(error.llmCode, 'LlmUnreachable');
      assert.ok(error.message.includes(address), error.message);
      assert.match(error.message, /ECONNREFUSED/);
      return true;
    });
  });
});
