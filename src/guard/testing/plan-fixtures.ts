import assert from 'node:assert/strict';
import type { Inventory } from '../../cloud/inventory.js';
import { sampleInventory } from '../../cloud/testing/sample-inventory.js';
import { buildPlan } from '../../plan/builder.js';
import { imageKey, type PlanContext } from '../../plan/context.js';
import type { Intent, Target } from '../../plan/intent.js';
import type { Plan } from '../../plan/plan.js';

/** A plan context over an inventory (the sample shop by default), with a small and a large instance type. */
export function guardPlanContext(inventory: Inventory = sampleInventory()): PlanContext {
  const type = (name: string, vCpus: number, memoryMiB: number) => [name, { name, vCpus, memoryMiB, architectures: ['x86_64'] }] as const;
  return {
    inventory,
    region: 'us-east-1',
    images: new Map([[imageKey('amazon-linux-2023', 'x86_64'), { imageId: 'ami-0x86', name: 'al2023-ami-2023.6-x86_64', architecture: 'x86_64', rootDeviceName: '/dev/xvda' }]]),
    instanceTypes: new Map([type('t3.micro', 2, 1024), type('t3.large', 2, 8192), type('m5.4xlarge', 16, 65536)]),
    defaultInstanceType: 't3.micro',
  };
}

/** The plan the builder makes for an intent, failing the test when it makes none. */
export function planFor(intent: Intent, inventory: Inventory = sampleInventory()): Plan {
  const outcome = buildPlan(intent, guardPlanContext(inventory));
  assert.equal(outcome.type, 'plan', `expected a plan, got ${JSON.stringify(outcome)}`);
  return (outcome as { plan: Plan }).plan;
}

/** The sample shop with extra tags on some resources (by id): `{ [SAMPLE_IDS.web1]: { env: 'prod' } }`. */
export function taggedInventory(extra: Readonly<Record<string, Readonly<Record<string, string>>>>, inventory: Inventory = sampleInventory()): Inventory {
  const tag = <T extends { readonly id: string; readonly tags: Readonly<Record<string, string>> }>(resources: readonly T[]): T[] =>
    resources.map((resource) => (extra[resource.id] ? { ...resource, tags: { ...resource.tags, ...extra[resource.id] } } : resource));
  return {
    ...inventory,
    instances: tag(inventory.instances),
    volumes: tag(inventory.volumes),
    securityGroups: tag(inventory.securityGroups),
    loadBalancers: tag(inventory.loadBalancers),
    targetGroups: tag(inventory.targetGroups),
    elasticIps: tag(inventory.elasticIps),
    subnets: tag(inventory.subnets),
    vpcs: tag(inventory.vpcs),
  };
}

/** Instances by Name (a pattern such as `web-*` works too). */
export function instancesNamed(name: string): Target {
  return { kind: 'instance', selector: { by: 'name', name } };
}
