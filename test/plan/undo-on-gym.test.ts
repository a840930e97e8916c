import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AllocateAddressCommand, AssociateAddressCommand, CreateTagsCommand, CreateVolumeCommand } from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import { planContextFor } from '../../src/agent/plan-context.js';
import { benchCloud, type BenchCloud } from '../../src/bench/bench-cloud.js';
import { attachNewVolume, createLoadBalancer, createSecurityGroup, defaultNetwork, launchInstance } from '../../src/bench/fixtures.js';
import { createCloudClients, type CloudClients } from '../../src/cloud/clients.js';
import type { AnyResourceView, Inventory } from '../../src/cloud/inventory.js';
import { readInventory } from '../../src/cloud/read-inventory.js';
import { cliTransport } from '../../src/exec/cli-transport.js';
import { resolve, runPlan, type RunReport } from '../../src/exec/runner.js';
import { sdkTransport } from '../../src/exec/sdk-transport.js';
import type { CloudTransport } from '../../src/exec/transport.js';
import { verifyPlan } from '../../src/exec/verify.js';
import { buildPlan } from '../../src/plan/builder.js';
import type { Intent, Target } from '../../src/plan/intent.js';
import type { ApiCall, Plan, Step, WaitSpec } from '../../src/plan/plan.js';
import { startTestGym, TEST_CREDENTIALS } from '../support/gym.js';
import { AWS_CLI_INSTALL, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';

/*
 * The builders' inverses, run for real: each plan runs on a gym up to its first irreversible step (all
 * of it when it has none), then the inverses of what ran go in reverse order, and the world must read
 * exactly as before. This is what rollback relies on; here it is checked without the rollback machinery.
 */

const named = <K extends Target['kind']>(kind: K, name: string) => ({ kind, selector: { by: 'name' as const, name } });
const fast = { backoffMs: 5, pollMs: [20, 100] as const };

/** The inverses of the steps that ran, last first, with their output references filled in. */
function undoPlan(plan: Plan, ran: readonly Step[], report: RunReport): Plan {
  const resolved = <T>(value: T): T => resolve(value as never, report.values) as T;
  const steps = [...ran].reverse().filter((step) => step.inverse).map((step): Step => ({
    id: `undo-${step.id}`,
    action: `undo: ${step.action}`,
    effect: 'update-live',
    resource: step.resource,
    dependsOn: [],
    call: { ...step.inverse!, input: resolved(step.inverse!.input) } as ApiCall,
    ...(step.inverseWait ? { wait: { ...step.inverseWait, call: { ...step.inverseWait.call, input: resolved(step.inverseWait.call.input) } } as WaitSpec } : {}),
  }));
  return { ...plan, summary: `undo ${plan.summary}`, steps, postconditions: [] };
}

function byId<T extends { id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.id.localeCompare(b.id));
}

/** What "the same world" means: every live resource with its settings, minus what AWS reassigns by itself. */
function fingerprint(inventory: Inventory): unknown {
  const alive = inventory.instances.filter((instance) => !['terminated', 'shutting-down'].includes(instance.state));
  return {
    vpcs: byId(inventory.vpcs),
    subnets: byId(inventory.subnets).map((subnet) => ({ ...subnet, availableIpAddressCount: undefined })),
    internetGateways: byId(inventory.internetGateways),
    routeTables: byId(inventory.routeTables).map((table) => ({ ...table, subnetIds: [...table.subnetIds].sort(), routes: [...table.routes].sort((a, b) => a.destination.localeCompare(b.destination)) })),
    // Rule ids are new when a rule is put back; the rule itself is what counts.
    securityGroups: byId(inventory.securityGroups).map((group) => ({ ...group, rules: group.rules.map((rule) => JSON.stringify({ ...rule, ruleId: undefined })).sort() })),
    instances: byId(alive).map((instance) => ({ ...instance, publicIpAddress: undefined, launchTime: undefined, volumes: byIdOf(instance.volumes) })),
    volumes: byId(inventory.volumes.filter((volume) => volume.state !== 'deleted')),
    elasticIps: byId(inventory.elasticIps).map((address) => ({ ...address, associationId: undefined })),
    loadBalancers: byId(inventory.loadBalancers),
    targetGroups: byId(inventory.targetGroups).map((group) => ({
      ...group,
      targets: group.targets.filter((target) => target.state !== 'draining').map((target) => `${target.id}:${target.port}`).sort(),
    })),
    listeners: byId(inventory.listeners),
  };
}

function byIdOf(volumes: readonly { volumeId: string }[]): unknown[] {
  return [...volumes].sort((a, b) => a.volumeId.localeCompare(b.volumeId));
}

describe('every builder\'s undo, run on a gym, gives back the world it started from', () => {
  let gym: Gym;
  let cloud: BenchCloud;
  let clients: CloudClients;
  const sdk = (): CloudTransport => sdkTransport({ endpoint: gym.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS });
  const cli = (): CloudTransport => cliTransport({
    endpoint: gym.endpoint, region: 'us-east-1', binary: findAwsCli()!,
    environment: { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });

  before(async () => {
    gym = await startTestGym({ speed: 600 });
    cloud = benchCloud(gym.endpoint);
    clients = createCloudClients({ endpoint: gym.endpoint, credentials: TEST_CREDENTIALS });
    // A small shop: web-1/2 and api-1 (data volume, Elastic IP) behind shop-lb, a stopped db-1, a loose volume.
    const network = await defaultNetwork(cloud);
    const webSg = await createSecurityGroup(cloud, 'web-sg', network.vpcId, [80]);
    const web1 = await launchInstance(cloud, { name: 'web-1', subnetId: network.subnetIds[0], securityGroupIds: [webSg] });
    await launchInstance(cloud, { name: 'web-2', subnetId: network.subnetIds[1], securityGroupIds: [webSg] });
    const api1 = await launchInstance(cloud, { name: 'api-1', subnetId: network.subnetIds[0], securityGroupIds: [webSg] });
    await launchInstance(cloud, { name: 'db-1', stopped: true });
    await attachNewVolume(cloud, api1, 30, 'gp3', '/dev/sdf', 'api-data');
    const address = await cloud.ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: [{ ResourceType: 'elastic-ip', Tags: [{ Key: 'Name', Value: 'api-ip' }] }] }));
    await cloud.ec2.send(new AssociateAddressCommand({ AllocationId: address.AllocationId!, InstanceId: api1 }));
    await cloud.ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 5, TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: 'logs' }] }] }));
    await cloud.ec2.send(new CreateTagsCommand({ Resources: [web1], Tags: [{ Key: 'env', Value: 'dev' }] }));
    await createLoadBalancer(cloud, 'shop-lb', 'shop-tg', [web1, api1]);
  });
  after(async () => {
    await gym.stop();
  });

  /** Plans the request, runs its reversible part, checks it, undoes it and compares the world. */
  async function roundTrip(intent: Intent, transport: () => CloudTransport): Promise<Plan> {
    const before = await readInventory(clients);
    const outcome = buildPlan(intent, await planContextFor(intent, before, clients));
    assert.equal(outcome.type, 'plan', JSON.stringify(outcome));
    const plan = (outcome as { plan: Plan }).plan;
    const firstIrreversible = plan.steps.findIndex((step) => step.irreversible !== undefined);
    const ran = firstIrreversible < 0 ? plan.steps : plan.steps.slice(0, firstIrreversible);
    const forward = await runPlan({ ...plan, steps: ran }, transport(), fast);
    assert.equal(forward.status, 'succeeded', JSON.stringify(forward.steps.filter((step) => step.status === 'failed')));
    if (firstIrreversible < 0) {
      const verification = verifyPlan(plan, await readInventory(clients));
      assert.ok(verification.ok, JSON.stringify(verification.checks.filter((check) => !check.ok)));
    }
    // Undo goes through the SDK whatever ran the plan, as the runner's undoTransport does for CLI plans.
    const undo = await runPlan(undoPlan(plan, ran, forward), sdk(), fast);
    assert.equal(undo.status, 'succeeded', JSON.stringify(undo.steps.filter((step) => step.status === 'failed')));
    await cloud.advanceClock(600); // draining targets finish draining
    assert.deepEqual(fingerprint(await readInventory(clients)), fingerprint(before));
    return plan;
  }

  const requests: Record<string, Intent> = {
    'launch with an extra disk': { type: 'create-instances', count: 1, names: ['web-4'], extraVolumes: [{ sizeGiB: 20 }] },
    'a load balancer (with deletion protection)': { type: 'create-load-balancer', name: 'front', instances: { kind: 'instance', selector: { by: 'names', names: ['web-1', 'web-2'] } }, port: 80, protocol: 'HTTP', loadBalancerType: 'application' },
    'a VPC with public subnets': { type: 'create-vpc', name: 'lab', subnetCount: 2, publicSubnets: true },
    'a security group with a rule': { type: 'create-security-group', name: 'api-sg', rules: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' }] },
    'opening a port': { type: 'change-ports', action: 'open', target: named('security-group', 'web-sg'), rules: [{ protocol: 'tcp', fromPort: 8080, toPort: 8080, cidr: '10.0.0.0/16' }] },
    'closing a port': { type: 'change-ports', action: 'close', target: named('security-group', 'web-sg'), rules: [{ protocol: 'tcp', fromPort: 80, toPort: 80, cidr: '0.0.0.0/0' }] },
    'a new volume': { type: 'create-volume', name: 'scratch', volume: { sizeGiB: 10 } },
    'a new disk attached': { type: 'attach-volume', instance: named('instance', 'web-2'), volume: { sizeGiB: 10 } },
    'detaching a disk': { type: 'detach-volume', volume: named('volume', 'api-data') },
    'an Elastic IP for an instance': { type: 'allocate-address', instance: named('instance', 'web-2') },
    'stopping': { type: 'instance-power', action: 'stop', targets: named('instance', 'web-2') },
    'starting': { type: 'instance-power', action: 'start', targets: named('instance', 'db-1') },
    'resizing': { type: 'resize', targets: named('instance', 'web-1'), instanceType: 't3.large' },
    'detailed monitoring': { type: 'set-monitoring', targets: named('instance', 'web-1'), enabled: true },
    'tags added and overwritten': { type: 'tag', targets: named('instance', 'web-1'), tags: { env: 'prod', owner: 'shop' } },
    'tags removed': { type: 'tag', targets: named('instance', 'web-1'), tags: {}, removeKeys: ['env'] },
    'load balancer tags': { type: 'tag', targets: named('load-balancer', 'shop-lb'), tags: { team: 'shop' } },
    'adding a target': { type: 'target-membership', action: 'add', instances: named('instance', 'web-2'), group: named('load-balancer', 'shop-lb') },
    'removing a target': { type: 'target-membership', action: 'remove', instances: named('instance', 'web-1'), group: named('target-group', 'shop-tg') },
    'spot conversion, up to the termination': { type: 'set-market', targets: named('instance', 'api-1'), market: 'spot' },
    'deleting volumes, up to the deletions': { type: 'delete', targets: { kind: 'volume', selector: { by: 'names', names: ['logs', 'api-data'] } } },
    'releasing an address, up to the release': { type: 'release-address', address: named('elastic-ip', 'api-ip') },
  };

  for (const [what, intent] of Object.entries(requests)) {
    it(`sdk: ${what}`, async () => {
      await roundTrip(intent, sdk);
    });
  }

  it('sdk: a launch comes up with IMDSv2 required and every volume encrypted', async () => {
    const intent: Intent = { type: 'create-instances', count: 1, names: ['safe-1'], extraVolumes: [{ sizeGiB: 8 }] };
    const inventory = await readInventory(clients);
    const outcome = buildPlan(intent, await planContextFor(intent, inventory, clients));
    const plan = (outcome as { plan: Plan }).plan;
    const report = await runPlan(plan, sdk(), fast);
    assert.equal(report.status, 'succeeded');
    const read = await readInventory(clients);
    const instance = read.instances.find((candidate) => candidate.name === 'safe-1' && candidate.state === 'running')!;
    assert.equal(instance.metadataHttpTokens, 'required');
    const volumes = read.volumes.filter((volume) => volume.attachment?.instanceId === instance.id);
    assert.equal(volumes.length, 2);
    assert.ok(volumes.every((volume: AnyResourceView & { encrypted: boolean }) => volume.encrypted), JSON.stringify(volumes));
    const undo = await runPlan(undoPlan(plan, plan.steps, report), sdk(), fast);
    assert.equal(undo.status, 'succeeded');
  });

  for (const what of ['a VPC with public subnets', 'spot conversion, up to the termination'] as const) {
    it(`cli: ${what}`, async (context) => {
      if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
      await roundTrip(requests[what]!, cli);
    });
  }
});
