import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { averagePassRates, passAtK, passHatK } from './pass-at-k.js';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`);

describe('pass@k and pass^k', () => {
  it('GIVEN every trial passed THEN both are 1; GIVEN none passed THEN both are 0', () => {
    for (const k of [1, 2, 5]) {
      assert.equal(passAtK(5, 5, k), 1);
      assert.equal(passHatK(5, 5, k), 1);
      assert.equal(passAtK(5, 0, k), 0);
      assert.equal(passHatK(5, 0, k), 0);
    }
  });

  it('GIVEN k = 1 THEN both are the success rate c/n', () => {
    close(passAtK(10, 3, 1), 0.3);
    close(passHatK(10, 3, 1), 0.3);
  });

  it('GIVEN n=5, c=2, k=2 THEN pass@k = 1 − C(3,2)/C(5,2) = 0.7 and pass^k = C(2,2)/C(5,2) = 0.1', () => {
    close(passAtK(5, 2, 2), 0.7);
    close(passHatK(5, 2, 2), 0.1);
  });

  it('GIVEN k = n THEN pass@k says "some trial passed" and pass^k "every trial passed"', () => {
    assert.equal(passAtK(3, 1, 3), 1);
    assert.equal(passHatK(3, 2, 3), 0);
    assert.equal(passHatK(3, 3, 3), 1);
  });

  it('GIVEN more failures than k THEN pass@k is below 1 (n=4, c=1, k=2: 1 − 3/6 = 0.5)', () => {
    close(passAtK(4, 1, 2), 0.5);
  });

  it('refuses k above n, or successes above trials', () => {
    assert.throws(() => passAtK(2, 1, 3), /1 <= k <= n/);
    assert.throws(() => passHatK(2, 3, 1), /0 <= c <= n/);
  });

  it('averages per task, each task weighing the same, and is undefined when a task ran fewer than k trials', () => {
    const rates = averagePassRates([{ trials: 2, successes: 2 }, { trials: 2, successes: 1 }, { trials: 2, successes: 0 }], 2)!;
    close(rates.passAtK, (1 + 1 + 0) / 3);
    close(rates.passHatK, (1 + 0 + 0) / 3);
    assert.equal(averagePassRates([{ trials: 1, successes: 1 }], 2), null);
  });
});
