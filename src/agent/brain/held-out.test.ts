import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { CORPUS_CONTEXT } from './corpus/corpus-case.js';
import { HELD_OUT, HELD_OUT_SECOND, HELD_OUT_THIRD, type HeldOutCase } from './corpus/held-out.js';
import { understand } from './embedded-brain.js';

/**
 * The held-out sets measure the brain on phrasings nobody tuned it for. Each batch was written after
 * the parser, then run once, and its first-run pass rate recorded here before any fix:
 *   batch 1: 98/104 (94.2%), one wrong change ("running out of space, add a disk" read as terminate);
 *   batch 2: 73/81 (90.1%), one wrong change ("get api-1 off spot" read as to spot);
 *   batch 3: 60/65 (92.3%), one wrong change (an AMI id taken as the new instance's name).
 * Over the three first runs: 231/250 = 92.4%.
 * Fixes that followed were general (polarity read only after the verb, light verbs never delete,
 * leaving spot means on-demand …), but a batch that prompted fixes no longer measures generalization:
 * the next batch does. The test requires 90% on every batch and that failures fail safe.
 */
const BATCHES: readonly (readonly [string, readonly HeldOutCase[]])[] = [
  ['batch 1', HELD_OUT],
  ['batch 2', HELD_OUT_SECOND],
  ['batch 3', HELD_OUT_THIRD],
];

describe('held-out phrasings', () => {
  for (const [name, cases] of BATCHES) {
    it(`${name}: at least 90% understood exactly, and every miss fails safe`, (context) => {
      const misses: string[] = [];
      const unsafe: string[] = [];
      for (const heldOut of cases) {
        const result = understand(heldOut.request, CORPUS_CONTEXT);
        if (result.type === 'intent' && isDeepStrictEqual(result.intent, heldOut.expected)) continue;
        misses.push(`${heldOut.request} → ${result.type === 'intent' ? result.understood : result.type}`);
        // A miss may ask, say it did not understand, or answer a question; it must never make a different change.
        if (result.type === 'intent' && result.intent.type !== 'query') unsafe.push(`${heldOut.request} → ${result.understood}`);
      }
      const rate = (cases.length - misses.length) / cases.length;
      context.diagnostic(`${name}: ${cases.length - misses.length}/${cases.length} = ${(rate * 100).toFixed(1)}%${misses.length ? `; misses: ${misses.join(' | ')}` : ''}`);
      assert.deepEqual(unsafe, [], 'misses that would change the cloud wrongly');
      assert.ok(rate >= 0.9, `${name}: ${(rate * 100).toFixed(1)}% < 90%`);
    });
  }
});
