import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PlanBindings } from './plan-bindings.js';

const clockAt = (start: number) => {
  const clock = { time: start, now: () => clock.time };
  return clock;
};
const instance = (id: string) => ({ kind: 'instance', id });
const HOUR = 3600_000;

describe('plan bindings', () => {
  const setUp = () => {
    const clock = clockAt(1_000_000);
    let next = 0;
    const bindings = new PlanBindings(clock, () => `binding-${++next}`);
    const id = bindings.bind('AKIA1', {
      planId: 'p1',
      calls: [
        { service: 'ec2', operation: 'RunInstances', resourceIds: [] },
        { service: 'ec2', operation: 'StopInstances', resourceIds: ['i-0000000000000000a'] },
        { service: 'ec2', operation: 'StopInstances', resourceIds: ['i-0000000000000000b'] },
        { service: 'elbv2', operation: 'RegisterTargets', resourceIds: ['i-0000000000000000a'] },
      ],
      expiresAt: new Date(clock.time + HOUR),
    });
    return { clock, bindings, id };
  };

  it('admits anything from an unbound credential, and reads from a bound one', () => {
    const { bindings } = setUp();
    assert.equal(bindings.admit('AKIA2', 'ec2', 'TerminateInstances', 'delete', [instance('i-1')]).admitted, true);
    const read = bindings.admit('AKIA1', 'ec2', 'DescribeInstances', 'read', [instance('i-0000000000000000c')]);
    assert.equal(read.admitted, true);
    assert.equal(read.record?.binding.planId, 'p1');
  });

  it('needs one declared call that covers every id the call names', () => {
    const { bindings } = setUp();
    assert.equal(bindings.admit('AKIA1', 'ec2', 'StopInstances', 'update-live', [instance('i-0000000000000000b')]).admitted, true);
    const both = bindings.admit('AKIA1', 'ec2', 'StopInstances', 'update-live', [instance('i-0000000000000000a'), instance('i-0000000000000000b')]);
    assert.equal(both.admitted, false);
    const stranger = bindings.admit('AKIA1', 'ec2', 'StopInstances', 'update-live', [instance('i-0000000000000000c')]);
    assert.ok(!stranger.admitted);
    assert.equal(stranger.reason, 'ec2:StopInstances on instance i-0000000000000000c is not in plan p1: the plan declares ec2:StopInstances only for i-0000000000000000a, i-0000000000000000b');
  });

  it('admits ids the plan created, once recorded, and matches services by either name', () => {
    const { bindings } = setUp();
    const run = bindings.admit('AKIA1', 'ec2', 'RunInstances', 'create', [{ kind: 'subnet', id: 'subnet-00000001' }]);
    assert.ok(run.admitted && run.record);
    assert.equal(bindings.admit('AKIA1', 'elasticloadbalancing', 'RegisterTargets', 'update-live', [instance('i-0000000000000000d')]).admitted, false);
    bindings.recordCreated(run.record, ['i-0000000000000000d']);
    assert.equal(bindings.admit('AKIA1', 'elasticloadbalancing', 'RegisterTargets', 'update-live', [instance('i-0000000000000000d'), instance('i-0000000000000000a')]).admitted, true);
  });

  it('names the declared operations when the call is not one of them', () => {
    const { bindings } = setUp();
    const refused = bindings.admit('AKIA1', 'ec2', 'TerminateInstances', 'delete', []);
    assert.ok(!refused.admitted);
    assert.equal(refused.reason, 'ec2:TerminateInstances is not in plan p1: the plan declares ec2:RunInstances, ec2:StopInstances, elbv2:RegisterTargets');
  });

  it('refuses the plan\'s own calls after it expires, until unbound; a new binding replaces the old', () => {
    const { clock, bindings, id } = setUp();
    clock.time += HOUR;
    const late = bindings.admit('AKIA1', 'ec2', 'RunInstances', 'create', []);
    assert.ok(!late.admitted);
    assert.match(late.reason, /plan p1's binding ended at 1970-01-01T01:16:40\.000Z/);
    const second = bindings.bind('AKIA1', { planId: 'p2', calls: [], expiresAt: new Date(clock.time + HOUR) });
    assert.equal(bindings.unbind(id), false, 'the replaced binding is gone');
    assert.equal(bindings.admit('AKIA1', 'ec2', 'RunInstances', 'create', []).admitted, false);
    assert.equal(bindings.unbind(second), true);
    assert.equal(bindings.admit('AKIA1', 'ec2', 'RunInstances', 'create', []).admitted, true);
    assert.equal(bindings.size, 0);
  });
});
