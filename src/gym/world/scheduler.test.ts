import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../core/random.js';
import { TimerQueue, type TimerRecord } from './scheduler.js';

function timer(sequence: number, at: number): TimerRecord {
  return { id: `t${sequence}`, sequence, at, kind: 'test.tick', region: 'us-east-1', target: `x-${sequence}` };
}

describe('TimerQueue', () => {
  it('pops timers by due time, and timers due together in the order they were set', () => {
    const queue = new TimerQueue();
    const random = seededRandom(42);
    const timers = Array.from({ length: 500 }, (_, index) => timer(index + 1, random.integer(50)));
    for (const item of timers) queue.push(item);
    const expected = [...timers].sort((a, b) => a.at - b.at || a.sequence - b.sequence).map((item) => item.id);
    const popped: string[] = [];
    for (let item = queue.pop(); item; item = queue.pop()) popped.push(item.id);
    assert.deepEqual(popped, expected);
    assert.equal(queue.size, 0);
  });

  it('peeks at the earliest without removing it, stays ordered when pushes interleave with pops, and clears', () => {
    const queue = new TimerQueue();
    queue.push(timer(1, 30));
    queue.push(timer(2, 10));
    assert.equal(queue.peek()!.id, 't2');
    assert.equal(queue.size, 2);
    assert.equal(queue.pop()!.id, 't2');
    queue.push(timer(3, 20));
    queue.push(timer(4, 30));
    assert.deepEqual([queue.pop()!.id, queue.pop()!.id, queue.pop()!.id], ['t3', 't1', 't4']);
    assert.equal(queue.pop(), undefined);
    queue.push(timer(5, 1));
    queue.clear();
    assert.equal(queue.peek(), undefined);
  });
});
