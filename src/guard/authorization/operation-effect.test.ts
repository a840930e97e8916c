import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleInventory, SAMPLE_IDS } from '../../cloud/testing/sample-inventory.js';
import { buildPlan } from '../../plan/builder.js';
import { imageKey, type PlanContext } from '../../plan/context.js';
import type { Intent } from '../../plan/intent.js';
import { effectOfOperation } from './operation-effect.js';

describe('effectOfOperation', () => {
  it('reads Describe, Get and List calls of every service', () => {
    for (const [service, operation] of [['ec2', 'DescribeInstances'], ['ec2', 'GetConsoleOutput'], ['elbv2', 'DescribeTargetHealth'], ['sts', 'GetCallerIdentity'], ['ec2', 'ListImagesInRecycleBin']]) {
      assert.equal(effectOfOperation(service!, operation!), 'read', `${service}:${operation}`);
    }
  });

  it('creates with Create, Run, Allocate and Import calls, and the ones whose names hide it', () => {
    for (const operation of ['RunInstances', 'CreateVolume', 'AllocateAddress', 'ImportKeyPair', 'RequestSpotInstances', 'CopyImage']) {
      assert.equal(effectOfOperation('ec2', operation), 'create', operation);
    }
    assert.equal(effectOfOperation('elbv2', 'CreateLoadBalancer'), 'create');
  });

  it('deletes with Terminate, Delete, Release, Deregister and Cancel calls', () => {
    for (const operation of ['TerminateInstances', 'DeleteVolume', 'ReleaseAddress', 'DeregisterImage', 'CancelSpotInstanceRequests']) {
      assert.equal(effectOfOperation('ec2', operation), 'delete', operation);
    }
    assert.equal(effectOfOperation('elbv2', 'DeleteLoadBalancer'), 'delete');
  });

  it('calls tagging, detaching, revoking and power changes live updates, whatever their prefix says', () => {
    for (const [service, operation] of [
      ['ec2', 'CreateTags'], ['ec2', 'DeleteTags'], ['elbv2', 'DeregisterTargets'], ['ec2', 'DetachVolume'], ['ec2', 'DisassociateAddress'],
      ['ec2', 'RevokeSecurityGroupIngress'], ['ec2', 'RevokeSecurityGroupEgress'], ['ec2', 'StopInstances'], ['ec2', 'RebootInstances'],
      ['ec2', 'ModifyInstanceAttribute'], ['ec2', 'ReplaceRoute'], ['ec2', 'AuthorizeSecurityGroupIngress'], ['elbv2', 'RegisterTargets'],
    ]) {
      assert.equal(effectOfOperation(service!, operation!), 'update-live', `${service}:${operation}`);
    }
  });

  it('knows ELBv2 by its signing name too, and that assuming a role changes nothing', () => {
    assert.equal(effectOfOperation('elasticloadbalancing', 'DeregisterTargets'), 'update-live');
    assert.equal(effectOfOperation('sts', 'AssumeRole'), 'read');
  });

  it('reads with CloudFormation drift detection, so a reader may ask what changed outside the code', () => {
    for (const operation of ['DetectStackDrift', 'DetectStackResourceDrift', 'DescribeStackResourceDrifts', 'DescribeStackDriftDetectionStatus', 'ListStackResources']) {
      assert.equal(effectOfOperation('cloudformation', operation), 'read', operation);
    }
    assert.equal(effectOfOperation('cloudformation', 'UpdateStack'), 'update-live');
  });

  it('agrees with the plan builder on every call of representative plans, except where only a plan can know', () => {
    const context: PlanContext = {
      inventory: sampleInventory(),
      region: 'us-east-1',
      images: new Map([[imageKey('amazon-linux-2023', 'x86_64'), { imageId: 'ami-0x86', name: 'al2023', architecture: 'x86_64', rootDeviceName: '/dev/xvda' }]]),
      instanceTypes: new Map([['t3.micro', { name: 't3.micro', vCpus: 2, memoryMiB: 1024, architectures: ['x86_64'] }], ['t3.large', { name: 't3.large', vCpus: 2, memoryMiB: 8192, architectures: ['x86_64'] }]]),
      defaultInstanceType: 't3.micro',
    };
    const instance = (name: string) => ({ kind: 'instance' as const, selector: { by: 'name' as const, name } });
    const intents: Intent[] = [
      { type: 'create-instances', count: 2, names: ['app-1'] },
      { type: 'resize', targets: instance('web-1'), instanceType: 't3.large' },
      { type: 'set-market', targets: instance('api-1'), market: 'spot' },
      { type: 'instance-power', action: 'terminate', targets: instance('web-3') },
      { type: 'tag', targets: instance('web-2'), tags: { team: 'shop' } },
      { type: 'delete', targets: { kind: 'volume', selector: { by: 'id', id: SAMPLE_IDS.logs } } },
      { type: 'create-load-balancer', name: 'front', instances: { kind: 'instance', selector: { by: 'names', names: ['web-1', 'web-2'] } }, port: 80, protocol: 'HTTP', loadBalancerType: 'application' },
    ];
    let checked = 0;
    for (const intent of intents) {
      const outcome = buildPlan(intent, context);
      assert.equal(outcome.type, 'plan', JSON.stringify(outcome));
      if (outcome.type !== 'plan') continue;
      for (const step of outcome.plan.steps) {
        const seen = effectOfOperation(step.call.service, step.call.operation);
        // Only a plan knows that a stop belongs to a resize or that a launch and a terminate form a replacement.
        if (step.effect === 'update-stop-start' || step.effect === 'replace') continue;
        assert.equal(seen, step.effect, `${intent.type}: ${step.call.service}:${step.call.operation} is ${step.effect} in the plan`);
        checked++;
      }
    }
    assert.ok(checked >= 10, `only ${checked} calls were compared`);
  });
});
