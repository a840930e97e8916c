import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleInventory, SAMPLE_IDS } from '../cloud/testing/sample-inventory.js';
import { buildPlan } from './builder.js';
import type { Intent } from './intent.js';
import { changesCloud, type Plan } from './plan.js';
import { samplePlanContext } from './testing/sample-context.js';

const context = samplePlanContext;

function plan(intent: Intent, planContext = context()): Plan {
  const outcome = buildPlan(intent, planContext);
  assert.equal(outcome.type, 'plan', `expected a plan, got ${JSON.stringify(outcome)}`);
  return (outcome as { plan: Plan }).plan;
}

const byName = (name: string) => ({ kind: 'instance' as const, selector: { by: 'name' as const, name } });

describe('the plan builder', () => {
  it('GIVEN web-1..3 exist WHEN asked for two more "web" instances THEN it names them web-4 and web-5, in one subnet, with a wait', () => {
    const result = plan({ type: 'create-instances', count: 2, names: ['web-4'] });
    const launches = result.steps.filter((step) => step.call.operation === 'RunInstances');
    assert.deepEqual(launches.map((step) => step.resource.name), ['web-4', 'web-5']);
    assert.equal(new Set(launches.map((step) => step.call.input['SubnetId'])).size, 1);
    assert.ok(result.steps.some((step) => step.wait?.until.includes('running')));
    assert.ok(launches.every((step) => step.effect === 'create'));
  });

  it('refuses a name that is taken and suggests a free one', () => {
    const outcome = buildPlan({ type: 'create-instances', count: 1, names: ['web-1'] }, context());
    assert.equal(outcome.type, 'invalid');
    assert.match((outcome as { message: string }).message, /web-1 already exists .*web-4/);
  });

  it('launches an arm64 type from the arm64 image, and rejects an unknown type by name', () => {
    const arm = plan({ type: 'create-instances', count: 1, names: ['edge-1'], instanceType: 't4g.small' });
    assert.equal(arm.steps[0]!.call.input['ImageId'], 'ami-0arm');
    const unknown = buildPlan({ type: 'create-instances', count: 1, names: ['x-1'], instanceType: 't3.gigantic' }, context());
    assert.equal(unknown.type, 'invalid');
    assert.match((unknown as { message: string }).message, /t3\.gigantic is not an instance type/);
  });

  it('resizes a running instance with stop, modify, start (update-stop-start) and a stopped one live', () => {
    const running = plan({ type: 'resize', targets: byName('web-1'), instanceType: 't3.large' });
    assert.deepEqual(running.steps.map((step) => step.call.operation), ['StopInstances', 'ModifyInstanceAttribute', 'StartInstances']);
    assert.ok(running.steps.every((step) => step.effect === 'update-stop-start'));
    assert.ok(running.advisories.some((advisory) => /stop and start/.test(advisory.message)));
  });

  it('will not move an arm64 instance to an x86 type', () => {
    const outcome = buildPlan({ type: 'resize', targets: byName('db-1'), instanceType: 't3.large' }, context());
    assert.equal(outcome.type, 'invalid');
    assert.match((outcome as { message: string }).message, /arm64.*t3\.large/);
  });

  it('converts api-1 to spot by replacement, carrying its data volume, Elastic IP and target-group place', () => {
    const result = plan({ type: 'set-market', targets: byName('api-1'), market: 'spot' });
    const operations = result.steps.map((step) => step.call.operation);
    assert.deepEqual(operations, ['CreateImage', 'RunInstances', 'DeregisterTargets', 'StopInstances', 'DetachVolume', 'AttachVolume', 'AssociateAddress', 'RegisterTargets', 'TerminateInstances']);
    const image = result.steps[0]!.call.input;
    assert.deepEqual(image['BlockDeviceMappings'], [{ DeviceName: '/dev/sdf', NoDevice: '' }]);
    const launch = result.steps[1]!.call.input;
    assert.equal((launch['InstanceMarketOptions'] as { MarketType: string }).MarketType, 'spot');
    assert.equal(launch['SubnetId'], SAMPLE_IDS.publicA);
    assert.equal(result.steps[1]!.effect, 'replace');
    assert.equal(result.steps.at(-1)!.effect, 'replace');
    assert.match(result.advisories[0]!.message, /api-1 cannot become a spot instance in place: Cirro will image it, launch a spot instance from the image with the same name.*api-data|vol-/);
    assert.ok(result.postconditions.some((condition) => (condition.expect as Record<string, unknown>)['lifecycle'] === 'spot'));
  });

  it('asks which one when a name on a change matches two instances, and suggests near names when it matches none', () => {
    const inventory = sampleInventory();
    const twin = { ...inventory.instances[1]!, id: 'i-0ffffffffffffffff', name: 'web-1', tags: { Name: 'web-1' } };
    const ambiguous = buildPlan({ type: 'instance-power', action: 'stop', targets: byName('web-1') }, context({ ...inventory, instances: [...inventory.instances, twin] }));
    assert.equal(ambiguous.type, 'clarify');
    assert.equal((ambiguous as { candidates: readonly string[] }).candidates.length, 2);
    const missing = buildPlan({ type: 'instance-power', action: 'stop', targets: byName('web-99') }, context());
    assert.equal(missing.type, 'not-found');
    assert.match((missing as { message: string }).message, /web-99: no instance has this Name tag \(did you mean web-1/);
  });

  it('refuses to close a port that no rule opens, listing the rules there are', () => {
    const outcome = buildPlan({ type: 'change-ports', action: 'close', target: { kind: 'security-group', selector: { by: 'name', name: 'web-sg' } }, rules: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0' }] }, context());
    assert.equal(outcome.type, 'invalid');
    assert.match((outcome as { message: string }).message, /no rule allowing 22\/tcp from 0\.0\.0\.0\/0.*80/);
  });

  it('refuses to delete a VPC that still has subnets and instances, naming them, and never deletes the default VPC', () => {
    const busy = buildPlan({ type: 'delete', targets: { kind: 'vpc', selector: { by: 'name', name: 'main' } } }, context());
    assert.equal(busy.type, 'invalid');
    assert.match((busy as { message: string }).message, /still used by .*subnet.*instance web-1/);
    const fallback = buildPlan({ type: 'delete', targets: { kind: 'vpc', selector: { by: 'id', id: SAMPLE_IDS.defaultVpc } } }, context());
    assert.match((fallback as { message: string }).message, /default VPC/);
  });

  it('turns a question into read steps only', () => {
    const result = plan({ type: 'query', question: 'graph' });
    assert.equal(changesCloud(result), false);
    assert.ok(result.steps.length > 5);
    assert.ok(result.steps.every((step) => step.effect === 'read' && step.call.operation.startsWith('Describe')));
  });

  it('puts instances behind a new load balancer: target group, balancer over two zones, listener, registration', () => {
    const result = plan({ type: 'create-load-balancer', name: 'front', instances: { kind: 'instance', selector: { by: 'names', names: ['web-1', 'web-2'] } }, port: 80, protocol: 'HTTP', loadBalancerType: 'application', healthCheckPath: '/health' });
    assert.deepEqual(result.steps.map((step) => step.call.operation), ['CreateTargetGroup', 'CreateLoadBalancer', 'ModifyLoadBalancerAttributes', 'CreateListener', 'RegisterTargets', 'DescribeLoadBalancers']);
    assert.equal((result.steps[1]!.call.input['Subnets'] as string[]).length, 2);
    assert.equal(result.steps[0]!.call.input['HealthCheckPath'], '/health');
    assert.deepEqual(result.steps[2]!.call.input['Attributes'], [{ Key: 'deletion_protection.enabled', Value: 'true' }]);
    // Rollback lifts the protection before it deletes the balancer (inverses run in reverse order).
    assert.deepEqual(result.steps[2]!.inverse!.input['Attributes'], [{ Key: 'deletion_protection.enabled', Value: 'false' }]);
    assert.equal(result.steps[1]!.inverse!.operation, 'DeleteLoadBalancer');
  });

  it('does nothing, and says so, when the cloud already is as asked', () => {
    const result = plan({ type: 'instance-power', action: 'stop', targets: byName('db-1') });
    assert.equal(result.steps.length, 0);
    assert.ok(result.advisories.some((advisory) => /already stopped/.test(advisory.message)));
  });
});

describe('graph questions', () => {
  it('read listeners per load balancer (AWS refuses DescribeListeners without one) and none when there is none', () => {
    const withBalancer = plan({ type: 'query', question: 'graph' });
    const listeners = withBalancer.steps.filter((step) => step.call.operation === 'DescribeListeners');
    assert.deepEqual(listeners.map((step) => step.call.input['LoadBalancerArn']), [SAMPLE_IDS.loadBalancer]);
    const bare = plan({ type: 'query', question: 'graph' }, context(sampleInventory({ loadBalancers: [], listeners: [], targetGroups: [] })));
    assert.equal(bare.steps.filter((step) => step.call.operation === 'DescribeListeners').length, 0);
  });
});

describe('secure by default', () => {
  it('launches with IMDSv2 required and the root volume (on the image\'s root device) and data volumes encrypted', () => {
    const result = plan({ type: 'create-instances', count: 1, names: ['batch-1'], extraVolumes: [{ sizeGiB: 20 }] });
    const input = result.steps[0]!.call.input;
    assert.deepEqual(input['MetadataOptions'], { HttpTokens: 'required', HttpEndpoint: 'enabled' });
    assert.deepEqual(input['BlockDeviceMappings'], [
      { DeviceName: '/dev/xvda', Ebs: { Encrypted: true } },
      { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 20, VolumeType: 'gp3', DeleteOnTermination: true, Encrypted: true } },
    ]);
    assert.equal((result.postconditions[0]!.expect as Record<string, unknown>)['metadataHttpTokens'], 'required');
  });

  it('leaves the root mapping out, and says so, when the image does not name its root device', () => {
    const base = context();
    const image = { imageId: 'ami-0odd', name: 'odd-image', architecture: 'x86_64', rootDeviceName: undefined };
    const result = plan({ type: 'create-instances', count: 1, names: ['odd-1'], image: { imageId: 'ami-0odd' } }, { ...base, images: new Map([...base.images, ['ami-0odd', image]]) });
    assert.equal(result.steps[0]!.call.input['BlockDeviceMappings'], undefined);
    assert.ok(result.advisories.some((advisory) => /odd-image does not say which device is its root/.test(advisory.message)));
  });

  it('creates volumes encrypted, and expects to see them encrypted', () => {
    for (const result of [plan({ type: 'create-volume', name: 'scratch', volume: { sizeGiB: 10 } }), plan({ type: 'attach-volume', instance: byName('web-1'), volume: { sizeGiB: 10 } })]) {
      const create = result.steps.find((step) => step.call.operation === 'CreateVolume')!;
      assert.equal(create.call.input['Encrypted'], true);
      assert.equal((result.postconditions[0]!.expect as Record<string, unknown>)['encrypted'], true);
    }
  });

  it('describes the rules it adds, naming the port and Cirro, and keeps a description the user gave', () => {
    const opened = plan({ type: 'change-ports', action: 'open', target: { kind: 'security-group', selector: { by: 'name', name: 'web-sg' } }, rules: [
      { protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '203.0.113.0/24' },
      { protocol: 'tcp', fromPort: 9000, toPort: 9000, cidr: '0.0.0.0/0', description: 'metrics scraper' },
    ] });
    const permissions = opened.steps[0]!.call.input['IpPermissions'] as { IpRanges: { Description: string }[] }[];
    assert.deepEqual(permissions.map((permission) => permission.IpRanges[0]!.Description), ['SSH from 203.0.113.0/24, added by cirro', 'metrics scraper']);
    const group = plan({ type: 'create-security-group', name: 'api-sg', rules: [{ protocol: 'tcp', fromPort: 80, toPort: 80, cidr: '0.0.0.0/0' }] });
    const rules = group.steps[1]!.call.input['IpPermissions'] as { IpRanges: { Description: string }[] }[];
    assert.equal(rules[0]!.IpRanges[0]!.Description, 'HTTP from anywhere, added by cirro');
  });

  it('relaunches a spot replacement with an encrypted root and IMDSv2, unless the old instance allowed IMDSv1', () => {
    const launch = (result: Plan) => result.steps.find((step) => step.call.operation === 'RunInstances')!.call.input;
    const strict = plan({ type: 'set-market', targets: byName('web-3'), market: 'spot' });
    assert.deepEqual(launch(strict)['BlockDeviceMappings'], [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true } }]);
    assert.equal((launch(strict)['MetadataOptions'] as { HttpTokens: string }).HttpTokens, 'required');
    const inventory = sampleInventory();
    const loose = { ...inventory, instances: inventory.instances.map((instance) => (instance.name === 'web-3' ? { ...instance, metadataHttpTokens: 'optional' } : instance)) };
    const kept = plan({ type: 'set-market', targets: byName('web-3'), market: 'spot' }, context(loose));
    assert.equal((launch(kept)['MetadataOptions'] as { HttpTokens: string }).HttpTokens, 'optional');
    assert.ok(kept.advisories.some((advisory) => /web-3 .* allows IMDSv1, and so will its replacement/.test(advisory.message)));
  });
});

describe('undo', () => {
  it('terminates what it launched, by the id the launch returned, and waits until it is gone', () => {
    const launch = plan({ type: 'create-instances', count: 1, names: ['web-4'] }).steps[0]!;
    assert.deepEqual(launch.inverse, { service: 'ec2', operation: 'TerminateInstances', input: { InstanceIds: [{ $ref: launch.id, output: 'instanceId' }] } });
    assert.deepEqual(launch.inverseWait?.until, ['terminated']);
  });

  it('replaces every instance before it terminates any old one, and marks the terminations irreversible', () => {
    const result = plan({ type: 'set-market', targets: { kind: 'instance', selector: { by: 'names', names: ['web-3', 'api-1'] } }, market: 'spot' });
    const operations = result.steps.map((step) => step.call.operation);
    assert.deepEqual(operations.slice(-2), ['TerminateInstances', 'TerminateInstances']);
    assert.equal(operations.filter((operation) => operation === 'TerminateInstances').length, 2);
    assert.match(result.steps.at(-2)!.irreversible!, /cannot be restarted: the old web-3 \(i-0a1b2c3d4e5f60003\) is gone for good/);
    assert.match(result.steps.at(-1)!.irreversible!, /the old api-1 \(i-0a1b2c3d4e5f60004\) and its root volume vol-0a1b2c3d4e5f60004 are gone for good \(the image made in step s\d+ keeps a copy of its root disk\)/);
    const address = result.steps.find((step) => step.call.operation === 'AssociateAddress')!;
    assert.deepEqual(address.inverse!.input, { AllocationId: SAMPLE_IDS.apiIp, InstanceId: SAMPLE_IDS.api1, AllowReassociation: true });
  });

  it('removes tags that were new and puts back the old values of tags it overwrote or removed', () => {
    const retag = plan({ type: 'tag', targets: byName('web-1'), tags: { env: 'prod', Name: 'web-one' } });
    assert.deepEqual(retag.steps.map((step) => [step.call.input['Tags'], step.inverse!.operation, step.inverse!.input['Tags']]), [
      [[{ Key: 'env', Value: 'prod' }], 'DeleteTags', [{ Key: 'env' }]],
      [[{ Key: 'Name', Value: 'web-one' }], 'CreateTags', [{ Key: 'Name', Value: 'web-1' }]],
    ]);
    const untag = plan({ type: 'tag', targets: { kind: 'instance', selector: { by: 'names', names: ['web-1', 'web-2'] } }, tags: {}, removeKeys: ['Name'] });
    assert.deepEqual(untag.steps.map((step) => [step.call.operation, step.inverse!.input]), [
      ['DeleteTags', { Resources: [SAMPLE_IDS.web1], Tags: [{ Key: 'Name', Value: 'web-1' }] }],
      ['DeleteTags', { Resources: [SAMPLE_IDS.web2], Tags: [{ Key: 'Name', Value: 'web-2' }] }],
    ]);
  });

  it('detaches every volume before it deletes any, so a failed detach leaves no volume deleted', () => {
    const result = plan({ type: 'delete', targets: { kind: 'volume', selector: { by: 'names', names: ['api-data', 'logs'] } } });
    assert.deepEqual(result.steps.map((step) => step.call.operation), ['DetachVolume', 'DeleteVolume', 'DeleteVolume']);
    assert.match(result.steps[1]!.irreversible!, /the data on api-data \(vol-0a1b2c3d4e5f60010\) is gone unless a snapshot of it exists/);
  });

  it('turns deletion protection off before deleting a protected load balancer, and back on to undo', () => {
    const inventory = sampleInventory();
    const guarded = { ...inventory, loadBalancers: inventory.loadBalancers.map((balancer) => ({ ...balancer, deletionProtection: true })) };
    const result = plan({ type: 'delete', targets: { kind: 'load-balancer', selector: { by: 'name', name: 'shop-lb' } } }, context(guarded));
    assert.deepEqual(result.steps.map((step) => step.call.operation), ['ModifyLoadBalancerAttributes', 'DeleteLoadBalancer']);
    assert.deepEqual(result.steps[0]!.inverse!.input['Attributes'], [{ Key: 'deletion_protection.enabled', Value: 'true' }]);
  });
});
