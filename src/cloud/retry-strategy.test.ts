import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RetryErrorInfo, RetryErrorType } from '@smithy/types';
import { cloudRetryStrategy } from './retry-strategy.js';

/** A strategy on a fake clock that records its waits instead of sleeping. */
function fakeStrategy(options: { maxAttempts?: number; budgetMs?: number; random?: () => number } = {}) {
  let clock = 0;
  const waits: number[] = [];
  const strategy = cloudRetryStrategy({ ...options, now: () => clock, sleep: async (milliseconds) => { waits.push(milliseconds); clock += milliseconds; } });
  return { strategy, waits };
}

function failure(errorType: RetryErrorType, code = 'InternalError'): RetryErrorInfo {
  return { errorType, error: Object.assign(new Error('failed'), { name: code, $metadata: {} }) as never };
}

/** Retries until the strategy refuses; the number of attempts that made (the first included). */
async function attemptsUntilRefused(strategy: ReturnType<typeof cloudRetryStrategy>, info: RetryErrorInfo): Promise<number> {
  let token = await strategy.acquireInitialRetryToken('');
  for (let attempts = 1; ; attempts++) {
    try {
      token = await strategy.refreshRetryTokenForRetry(token, info);
    } catch {
      return attempts;
    }
  }
}

describe('cloudRetryStrategy', () => {
  it('tries throttling, 5xx and connection failures 8 times by default, with growing jittered waits', async () => {
    const { strategy, waits } = fakeStrategy({ random: () => 0.5 });
    assert.equal(await attemptsUntilRefused(strategy, failure('TRANSIENT')), 8);
    assert.deepEqual(waits, [50, 100, 200, 400, 800, 1600, 2500], 'half of min(5 s, 100 ms × 2^retry)');
    const throttled = fakeStrategy({ random: () => 0.5 });
    assert.equal(await attemptsUntilRefused(throttled.strategy, failure('THROTTLING', 'RequestLimitExceeded')), 8);
    assert.equal(throttled.waits[0], 250, 'throttling backs off from a longer base');
  });

  it('does not retry what retrying cannot fix (a bad request, denied access, a 501)', async () => {
    const { strategy, waits } = fakeStrategy();
    assert.equal(await attemptsUntilRefused(strategy, failure('CLIENT_ERROR', 'InvalidParameterValue')), 1);
    assert.equal(await attemptsUntilRefused(strategy, failure('SERVER_ERROR', 'NotImplemented')), 1);
    assert.deepEqual(waits, []);
  });

  it('stops when the next wait would pass the time budget of the call', async () => {
    const { strategy, waits } = fakeStrategy({ maxAttempts: 50, budgetMs: 3_000, random: () => 0.99 });
    const attempts = await attemptsUntilRefused(strategy, failure('TRANSIENT'));
    assert.ok(attempts < 50, `gave up after ${attempts} attempts`);
    assert.ok(waits.reduce((sum, wait) => sum + wait, 0) <= 3_000, `waited ${waits.join('+')} ms`);
  });

  it('jitters: different random draws wait differently', async () => {
    const low = fakeStrategy({ random: () => 0.1 });
    const high = fakeStrategy({ random: () => 0.9 });
    await attemptsUntilRefused(low.strategy, failure('TRANSIENT'));
    await attemptsUntilRefused(high.strategy, failure('TRANSIENT'));
    assert.notDeepEqual(low.waits, high.waits);
  });

  it('shares a retry capacity per client, refilled by successes, so a cloud that is down is not hammered', async () => {
    const { strategy } = fakeStrategy({ random: () => 0 });
    let calls = 0;
    while (calls < 200 && (await attemptsUntilRefused(strategy, failure('TRANSIENT'))) > 1) calls++;
    assert.ok(calls < 200 && calls >= 14, `the capacity ran out after ${calls} failing calls`);
    assert.equal(await attemptsUntilRefused(strategy, failure('TRANSIENT')), 1, 'no capacity: no retry');
    for (let success = 0; success < 10; success++) strategy.recordSuccess(await strategy.acquireInitialRetryToken(''));
    assert.ok((await attemptsUntilRefused(strategy, failure('TRANSIENT'))) > 1, 'successes refill it');
  });
});
