import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FaultInjector, type FaultEffect } from './faults.js';

const denied: FaultEffect = { type: 'error', code: 'UnauthorizedOperation', message: 'no', status: 403 };

/** Which of `calls` calls of an operation the injector fails (1-based). */
function failedCalls(injector: FaultInjector, service: string, operation: string, calls: number): number[] {
  const failed: number[] = [];
  for (let call = 1; call <= calls; call++) if (injector.take(service, operation)) failed.push(call);
  return failed;
}

describe('fault injection rules', () => {
  it('fails only the k-th call when told to skip the ones before it', () => {
    const injector = new FaultInjector();
    injector.add({ service: 'ec2', operation: 'RunInstances', effect: denied, skip: 2, remaining: 1 });
    assert.deepEqual(failedCalls(injector, 'ec2', 'RunInstances', 5), [3]);
    assert.deepEqual(injector.list(), [], 'a spent rule is gone');
  });

  it('fails the next calls straight away without a skip, as before', () => {
    const injector = new FaultInjector();
    injector.add({ service: undefined, operation: 'CreateTags', effect: denied, remaining: 2 });
    assert.deepEqual(failedCalls(injector, 'ec2', 'CreateTags', 4), [1, 2]);
  });

  it('keeps calls from outside and calls between services apart: an internal rule fails only what the gym calls itself, any fails both', () => {
    const injector = new FaultInjector();
    injector.add({ service: 'ec2', operation: 'ModifyInstanceAttribute', effect: denied, remaining: 1, scope: 'internal' });
    assert.equal(injector.take('ec2', 'ModifyInstanceAttribute'), undefined, 'an outside call goes through');
    assert.equal(injector.take('ec2', 'ModifyInstanceAttribute', 'internal')?.effect, denied);
    injector.add({ service: 'ec2', operation: 'StopInstances', effect: denied, remaining: 2, scope: 'any' });
    assert.ok(injector.take('ec2', 'StopInstances'));
    assert.ok(injector.take('ec2', 'StopInstances', 'internal'));
    injector.add({ service: 'ec2', operation: 'StartInstances', effect: denied, remaining: 1 });
    assert.equal(injector.take('ec2', 'StartInstances', 'internal'), undefined, 'by default a rule is for calls from outside, as before');
  });

  it('does not count calls of other operations or services toward the skip', () => {
    const injector = new FaultInjector();
    injector.add({ service: 'ec2', operation: 'CreateTags', effect: denied, skip: 1, remaining: 1 });
    assert.equal(injector.take('ec2', 'DescribeTags'), undefined);
    assert.equal(injector.take('elbv2', 'CreateTags'), undefined);
    assert.equal(injector.take('ec2', 'CreateTags'), undefined, 'the first CreateTags is skipped');
    assert.equal(injector.take('ec2', 'CreateTags')?.effect, denied);
  });

  it('counts each call for every rule, so two rules on one operation fail the calls each names', () => {
    const injector = new FaultInjector();
    injector.add({ service: 'ec2', operation: 'RunInstances', effect: denied, skip: 1, remaining: 1 });
    injector.add({ service: 'ec2', operation: 'RunInstances', effect: { type: 'throttle' }, skip: 3, remaining: 1 });
    const effects = Array.from({ length: 5 }, () => injector.take('ec2', 'RunInstances')?.effect.type ?? 'ok');
    assert.deepEqual(effects, ['ok', 'error', 'ok', 'throttle', 'ok']);
  });
});
