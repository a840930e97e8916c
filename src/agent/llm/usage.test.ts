import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { priceOf } from './prices.js';
import { ScriptedChatModel } from './testing/scripted-chat-model.js';
import { UsageMeter, formatUsage } from './usage.js';

describe('UsageMeter', () => {
  it('counts every turn a wrapped model takes and prices it', async () => {
    const meter = new UsageMeter();
    const model = meter.wrap(new ScriptedChatModel([
      { text: 'a', usage: { inputTokens: 1_000_000, outputTokens: 0 } },
      { text: 'b', usage: { inputTokens: 0, outputTokens: 1_000_000 } },
    ], 'openai:gpt-4o-mini'));
    await model.complete({ system: '', messages: [] });
    await model.complete({ system: '', messages: [] });
    const totals = meter.totals();
    assert.equal(totals.turns, 2);
    assert.equal(totals.inputTokens, 1_000_000);
    assert.equal(totals.outputTokens, 1_000_000);
    assert.ok(typeof totals.costUsd === 'number');
    assert.ok(Math.abs(totals.costUsd - 0.75) < 1e-9, `gpt-4o-mini: $0.15 in + $0.60 out per million, got ${totals.costUsd}`);
    assert.equal(formatUsage(totals), '2 model turns, 1,000,000 input + 1,000,000 output tokens, about $0.75 (list prices of 2026-03)');
  });

  it('reports an unknown hosted model\'s cost as unknown, not zero', () => {
    const meter = new UsageMeter();
    meter.record('anthropic:claude-sonnet-4-5', { inputTokens: 1000, outputTokens: 100 });
    meter.record('openai:some-new-model', { inputTokens: 10, outputTokens: 1 });
    const totals = meter.totals();
    assert.equal(totals.costUsd, 'unknown');
    assert.equal(totals.byModel[0]?.costUsd, (1000 * 3 + 100 * 15) / 1_000_000);
    assert.match(formatUsage(totals), /cost unknown \(no price for openai:some-new-model\)$/);
  });

  it('charges nothing for local models', () => {
    const meter = new UsageMeter();
    meter.record('ollama:llama3.1', { inputTokens: 5000, outputTokens: 700 });
    meter.record('openai-compatible:qwen', { inputTokens: 5000, outputTokens: 700 }, 'http://127.0.0.1:8000/v1');
    assert.equal(meter.totals().costUsd, 0);
    assert.match(formatUsage(meter.totals()), /no cost \(local model\)$/);
  });
});

describe('priceOf', () => {
  it('knows dated and aliased model names', () => {
    assert.deepEqual(priceOf('anthropic:claude-sonnet-4-5-20250929'), { type: 'priced', input: 3, output: 15 });
    assert.deepEqual(priceOf('anthropic:claude-3-5-haiku-latest'), { type: 'priced', input: 0.8, output: 4 });
    assert.deepEqual(priceOf('anthropic:claude-opus-4-1'), { type: 'priced', input: 15, output: 75 });
    assert.deepEqual(priceOf('anthropic:claude-opus-4-5'), { type: 'priced', input: 5, output: 25 });
    assert.deepEqual(priceOf('openai:gpt-4o-2024-08-06'), { type: 'priced', input: 2.5, output: 10 });
    assert.deepEqual(priceOf('openai:gpt-4.1-mini'), { type: 'priced', input: 0.4, output: 1.6 });
    assert.deepEqual(priceOf('azure:gpt-4o-mini'), { type: 'priced', input: 0.15, output: 0.6 });
    assert.deepEqual(priceOf('azure:prod-deployment'), { type: 'unknown' });
    assert.deepEqual(priceOf('openai-compatible:qwen', 'https://api.together.example/v1'), { type: 'unknown' });
  });
});
