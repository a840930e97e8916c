import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { MODEL_FLAG_HELP, MODEL_FLAG_OPTIONS, chatModelForChoice, resolveModelChoice } from './model-config.js';

describe('resolveModelChoice', () => {
  it('uses the embedded brain when nothing chooses a model', () => {
    const result = resolveModelChoice({}, {});
    assert.deepEqual(result, { success: true, value: undefined });
  });

  it('prefers --model over CIRRO_MODEL, and "embedded" forces the embedded brain', () => {
    const env = { CIRRO_MODEL: 'anthropic:claude-sonnet-4-5' };
    const fromEnv = resolveModelChoice({}, env);
    assert.ok(fromEnv.success);
    assert.equal(fromEnv.value?.spec, 'anthropic:claude-sonnet-4-5');
    assert.equal(fromEnv.value?.source, 'CIRRO_MODEL');
    const fromFlag = resolveModelChoice({ model: 'ollama:llama3.1' }, env);
    assert.ok(fromFlag.success);
    assert.equal(fromFlag.value?.spec, 'ollama:llama3.1');
    assert.equal(fromFlag.value?.source, '--model');
    assert.deepEqual(resolveModelChoice({ model: 'embedded' }, env), { success: true, value: undefined });
  });

  it('reads the flags as parseArgs gives them, with --base-url and --api-key overriding the environment', () => {
    const { values } = parseArgs({ args: ['--model', 'openai:gpt-4o-mini', '--base-url', 'http://127.0.0.1:4000/v1', '--api-key', 'sk-flag', '--redact'], options: MODEL_FLAG_OPTIONS });
    const choice = resolveModelChoice(values, { OPENAI_API_KEY: 'sk-env', OPENAI_BASE_URL: 'https://api.openai.com/v1' });
    assert.ok(choice.success && choice.value);
    assert.deepEqual(choice.value, { spec: 'openai:gpt-4o-mini', source: '--model', baseUrl: 'http://127.0.0.1:4000/v1', apiKey: 'sk-flag', redact: true });
    const model = chatModelForChoice(choice.value, { OPENAI_API_KEY: 'sk-env', OPENAI_BASE_URL: 'https://api.openai.com/v1' });
    assert.ok(model.success);
    assert.equal(model.value.endpoint, 'http://127.0.0.1:4000/v1');
  });

  it('turns redaction on from CIRRO_REDACT', () => {
    const choice = resolveModelChoice({ model: 'openai:gpt-4o' }, { CIRRO_REDACT: '1' });
    assert.ok(choice.success);
    assert.equal(choice.value?.redact, true);
  });

  it('rejects bad input with the flag, the problem and the fix', () => {
    const typo = resolveModelChoice({}, { CIRRO_MODEL: 'opneai:gpt-4o' });
    assert.ok(!typo.success);
    assert.equal(typo.error.message, "CIRRO_MODEL: unknown provider 'opneai' in 'opneai:gpt-4o' (did you mean openai?)");
    const url = resolveModelChoice({ model: 'vllm:m', 'base-url': 'localhost:8000' }, {});
    assert.ok(!url.success);
    assert.equal(url.error.message, '--base-url "localhost:8000" is not an http(s) URL; write e.g. http://localhost:11434/v1');
    const stray = resolveModelChoice({ 'api-key': 'sk-x' }, {});
    assert.ok(!stray.success);
    assert.match(stray.error.message, /^--api-key only applies to an LLM brain; add --model provider:name/);
    const empty = resolveModelChoice({ model: ' ' }, {});
    assert.ok(!empty.success);
    assert.match(empty.error.message, /^--model " " is empty; write provider:name/);
  });

  it('documents every flag it accepts in the shared help lines', () => {
    for (const flag of Object.keys(MODEL_FLAG_OPTIONS)) assert.ok(MODEL_FLAG_HELP.some((line) => line.includes(`--${flag} `)), flag);
  });
});
