import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleInventory, SAMPLE_IDS } from '../cloud/testing/sample-inventory.js';
import type { Inventory } from '../cloud/inventory.js';
import { buildPlan } from './builder.js';
import { imageKey, type PlanContext } from './context.js';
import type { Intent } from './intent.js';
import { changesCloud, type Plan } from './plan.js';

function context(inventory: Inventory = sampleInventory()): PlanContext {
  return {
    inventory,
    region: 'us-east-1',
    images: new Map([
      [imageKey('amazon-linux-2023', 'x86_64'), { imageId: 'ami-0x86', name: 'al2023-ami-2023.6-x86_64', architecture: 'x86_64', rootDeviceName: '/dev/xvda' }],
      [imageKey('amazon-linux-2023', 'arm64'), { imageId: 'ami-0arm', name: 'al2023-ami-2023.6-arm64', architecture: 'arm64', rootDeviceName: '/dev/xvda' }],
    ]),
    instanceTypes: new Map([
      ['t3.micro', { name: 't3.micro', vCpus: 2, memoryMiB: 1024, architectures: ['x86_64'] }],
      ['t3.large', { name: 't3.large', vCpus: 2, memoryMiB: 8192, architectures: ['x86_64'] }],
      ['t4g.small', { name: 't4g.small', vCpus: 2, memoryMiB: 2048, architectures: ['arm64'] }],
    ]),
    defaultInstanceType: 't3.micro',
  };
}

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
    assert.deepEqual(operations, ['CreateImage', 'RunInstances', 'StopInstances', 'DetachVolume', 'AttachVolume', 'AssociateAddress', 'RegisterTargets', 'DeregisterTargets', 'TerminateInstances']);
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
    assert.deepEqual(result.steps.map((step) => step.call.operation), ['CreateTargetGroup', 'CreateLoadBalancer', 'CreateListener', 'RegisterTargets', 'DescribeLoadBalancers']);
    assert.equal((result.steps[1]!.call.input['Subnets'] as string[]).length, 2);
    assert.equal(result.steps[0]!.call.input['HealthCheckPath'], '/health');
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
