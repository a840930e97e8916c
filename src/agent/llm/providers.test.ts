import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createChatModel, parseModelSpec } from './providers.js';

describe('createChatModel', () => {
  it('names each provider and model as the user wrote them, keeping colons in model names', () => {
    const ollama = createChatModel('ollama:llama3.1:8b');
    assert.ok(ollama.success);
    assert.equal(ollama.value.id, 'ollama:llama3.1:8b');
    assert.equal(ollama.value.endpoint, 'http://localhost:11434/v1');
    const vllm = createChatModel('vllm:Qwen/Qwen2.5-7B-Instruct');
    assert.ok(vllm.success);
    assert.equal(vllm.value.endpoint, 'http://localhost:8000/v1');
    const llamacpp = createChatModel('llamacpp:any');
    assert.ok(llamacpp.success);
    assert.equal(llamacpp.value.endpoint, 'http://localhost:8080/v1');
  });

  it('suggests the provider meant when the name is misspelt', () => {
    const result = createChatModel('opneai:gpt-4o');
    assert.ok(!result.success);
    assert.equal(result.error.message, "unknown provider 'opneai' in 'opneai:gpt-4o' (did you mean openai?)");
    const anthropic = createChatModel('antropic:claude-sonnet-4-5');
    assert.ok(!anthropic.success);
    assert.match(anthropic.error.message, /did you mean anthropic\?/);
  });

  it('asks for provider:name when the provider is missing', () => {
    const result = parseModelSpec('gpt-4o');
    assert.ok(!result.success);
    assert.match(result.error.message, /'gpt-4o' is not provider:name; write e\.g\. openai:gpt-4o-mini/);
  });

  it('says which variable or flag is missing for hosted providers', () => {
    const openai = createChatModel('openai:gpt-4o-mini', { env: {} });
    assert.ok(!openai.success);
    assert.equal(openai.error.message, 'openai: OPENAI_API_KEY is not set; export it or pass --api-key');
    const anthropic = createChatModel('anthropic:claude-haiku-4-5', { env: {} });
    assert.ok(!anthropic.success);
    assert.equal(anthropic.error.message, 'anthropic: ANTHROPIC_API_KEY is not set; export it or pass --api-key');
    const azure = createChatModel('azure:my-deployment', { env: { AZURE_OPENAI_API_KEY: 'k' } });
    assert.ok(!azure.success);
    assert.match(azure.error.message, /^azure: AZURE_OPENAI_ENDPOINT is not set; export it .* or pass --base-url$/);
    const compatible = createChatModel('openai-compatible:some-model', { env: {} });
    assert.ok(!compatible.success);
    assert.match(compatible.error.message, /no base URL; pass --base-url .* or export OPENAI_BASE_URL/);
  });

  it('lets flags beat the environment, and refuses a base URL that is not http(s)', () => {
    const model = createChatModel('openai:gpt-4o', { apiKey: 'flag-key', baseUrl: 'http://127.0.0.1:9/v1/', env: { OPENAI_BASE_URL: 'https://elsewhere.example/v1' } });
    assert.ok(model.success);
    assert.equal(model.value.endpoint, 'http://127.0.0.1:9/v1');
    const bad = createChatModel('vllm:m', { baseUrl: 'localhost:8000' });
    assert.ok(!bad.success);
    assert.equal(bad.error.message, "vllm: base URL 'localhost:8000' is not an http(s) URL; pass --base-url http://host:port/v1");
  });

  it('adds /v1 to an Anthropic base URL given as a bare host, as Anthropic\'s own clients take it', () => {
    const bare = createChatModel('anthropic:claude-sonnet-4-5', { env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'https://proxy.example' } });
    assert.ok(bare.success);
    assert.equal(bare.value.endpoint, 'https://proxy.example/v1');
    const rooted = createChatModel('anthropic:claude-sonnet-4-5', { env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'https://proxy.example/anthropic/v1' } });
    assert.ok(rooted.success);
    assert.equal(rooted.value.endpoint, 'https://proxy.example/anthropic/v1');
  });

  it('never sends the OpenAI key to a local server unless asked', async () => {
    // Only --api-key reaches a local server; OPENAI_API_KEY in the environment is for OpenAI.
    const local = createChatModel('lmstudio:m', { env: { OPENAI_API_KEY: 'sk-hosted-secret' } });
    assert.ok(local.success);
    assert.equal(local.value.endpoint, 'http://localhost:1234/v1');
  });
});
