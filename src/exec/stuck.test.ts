import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createStuckDetector } from './stuck.js';

const runInstances = { service: 'ec2', operation: 'RunInstances', input: { ImageId: 'ami-1', MinCount: 1, MaxCount: 1 } };
const describeInstances = { service: 'ec2', operation: 'DescribeInstances', input: { InstanceIds: ['i-1'] } };

/** A clock the test moves by hand (milliseconds). */
function manualClock() {
  let now = 0;
  return { now: () => now, advance: (seconds: number) => (now += seconds * 1000) };
}

describe('the stuck detector', () => {
  it('fires when the same call fails the same way maxRepeats times', () => {
    const detector = createStuckDetector({ maxRepeats: 3, now: manualClock().now });
    assert.equal(detector.record(runInstances, { code: 'InvalidParameterValue' }), undefined);
    assert.equal(detector.record(runInstances, { code: 'InvalidParameterValue' }), undefined);
    const signal = detector.record(runInstances, { code: 'InvalidParameterValue', message: 'bad AMI' });
    assert.match(signal?.reason ?? '', /RunInstances failed with InvalidParameterValue 3 times/);
    assert.match(signal?.summary ?? '', /0 changes made; last error: InvalidParameterValue from RunInstances \(bad AMI\)/);
  });

  it('treats a different input, operation or error code as a different failure', () => {
    const detector = createStuckDetector({ maxRepeats: 2, now: manualClock().now });
    assert.equal(detector.record(runInstances, { code: 'InvalidParameterValue' }), undefined);
    assert.equal(detector.record({ ...runInstances, input: { ...runInstances.input, ImageId: 'ami-2' } }, { code: 'InvalidParameterValue' }), undefined);
    assert.equal(detector.record(runInstances, { code: 'Unsupported' }), undefined);
    assert.equal(detector.record({ ...runInstances, operation: 'StartInstances' }, { code: 'InvalidParameterValue' }), undefined);
    // The same input with its keys in another order is the same call.
    assert.ok(detector.record({ ...runInstances, input: { MaxCount: 1, MinCount: 1, ImageId: 'ami-1' } }, { code: 'InvalidParameterValue' }));
  });

  it('fires after stallSeconds with no successful change and nothing new observed', () => {
    const clock = manualClock();
    const detector = createStuckDetector({ stallSeconds: 60, now: clock.now });
    assert.equal(detector.record(runInstances, { ok: true }), undefined);
    assert.equal(detector.record(describeInstances, { ok: true, observed: 'pending' }), undefined);
    clock.advance(45);
    assert.equal(detector.record(describeInstances, { ok: true, observed: 'pending' }), undefined);
    clock.advance(20);
    const signal = detector.record(describeInstances, { ok: true, observed: 'pending' });
    assert.match(signal?.reason ?? '', /no progress for 65 s/);
    assert.match(signal?.summary ?? '', /1 change made; last error: none; last seen: pending/);
  });

  it('counts a successful change, or a new observation, as progress', () => {
    const clock = manualClock();
    const detector = createStuckDetector({ stallSeconds: 60, now: clock.now });
    for (const observed of ['pending', 'running', 'stopping']) {
      clock.advance(50);
      assert.equal(detector.record(describeInstances, { ok: true, observed }), undefined, observed);
    }
    clock.advance(50);
    assert.equal(detector.record({ ...runInstances, operation: 'CreateTags' }, { ok: true }), undefined);
    clock.advance(50);
    assert.equal(detector.record(describeInstances, { ok: true }), undefined);
    clock.advance(20);
    assert.ok(detector.record(describeInstances, { ok: true }), 'reads alone are not progress');
  });

  it('takes the caller\'s word on whether a call changes anything', () => {
    const clock = manualClock();
    const detector = createStuckDetector({ stallSeconds: 10, now: clock.now });
    clock.advance(11);
    assert.ok(detector.record(runInstances, { ok: true, mutating: false }));
    assert.equal(detector.record(describeInstances, { ok: true, mutating: true }), undefined);
  });
});
