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

  it('GIVEN a rate rule THEN it hits about that share of matching calls, the same ones for the same seed, and counts them', () => {
    const failures = (seed: number) => {
      const injector = new FaultInjector();
      injector.add({ service: undefined, operation: '*', effect: { type: 'throttle' }, rate: 0.2, seed, remaining: Number.MAX_SAFE_INTEGER });
      const failed = failedCalls(injector, 'ec2', 'CreateTags', 1000);
      assert.deepEqual(injector.stats(), { calls: 1000, injected: failed.length });
      assert.equal(injector.list()[0]!.injected, failed.length);
      return failed;
    };
    const first = failures(7);
    assert.ok(first.length > 150 && first.length < 250, `about 200 of 1000, got ${first.length}`);
    assert.deepEqual(failures(7), first, 'the same seed fails the same calls');
    assert.notDeepEqual(failures(8), first, 'another seed fails other calls');
  });

  it('GIVEN calls of two operations arriving in another order THEN each operation\'s calls get the same faults', () => {
    const pattern = (order: readonly string[]) => {
      const injector = new FaultInjector();
      injector.add({ service: undefined, operation: '*', effect: { type: 'throttle' }, rate: 0.5, seed: 3, remaining: Number.MAX_SAFE_INTEGER });
      const hits: Record<string, string> = { DescribeVpcs: '', DescribeSubnets: '' };
      for (const operation of order) hits[operation] += injector.take('ec2', operation) ? 'x' : '.';
      return hits;
    };
    const interleaved = Array.from({ length: 20 }, (_, index) => (index % 2 ? 'DescribeVpcs' : 'DescribeSubnets'));
    assert.deepEqual(pattern([...interleaved].sort()), pattern(interleaved));
  });

  it('GIVEN mutatingOnly THEN Describe, List and Get calls are never hit, nor drawn for', () => {
    const injector = new FaultInjector();
    injector.add({ service: undefined, operation: '*', effect: { type: 'throttle' }, rate: 1, mutatingOnly: true, remaining: Number.MAX_SAFE_INTEGER });
    for (const operation of ['DescribeInstances', 'ListTagsForResource', 'GetCallerIdentity']) assert.equal(injector.take('ec2', operation), undefined);
    assert.ok(injector.take('ec2', 'RunInstances'));
    assert.ok(injector.take('elbv2', 'CreateLoadBalancer'));
    injector.clear();
    assert.deepEqual(injector.stats(), { calls: 0, injected: 0 }, 'clear zeroes the counts');
  });
});
