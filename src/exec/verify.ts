import { allResources, type AnyResourceView, type Inventory, type InstanceView } from '../cloud/inventory.js';
import type { Plan, Postcondition } from '../plan/plan.js';

/** One post-condition's verdict. */
export interface CheckResult {
  readonly description: string;
  readonly ok: boolean;
  /** What was found instead, when not ok. */
  readonly detail?: string;
}

/** The verdict on a whole plan. */
export interface Verification {
  readonly ok: boolean;
  readonly checks: readonly CheckResult[];
}

/** Checks every post-condition of a plan against a fresh read of the cloud. */
export function verifyPlan(plan: Plan, inventory: Inventory): Verification {
  const checks = plan.postconditions.map((condition) => check(condition, inventory));
  return { ok: checks.every((result) => result.ok), checks };
}

function find(condition: Postcondition, inventory: Inventory): AnyResourceView[] {
  const all = allResources(inventory).filter((resource) => resource.kind === condition.resource.kind);
  if (condition.resource.id) return all.filter((resource) => resource.id === condition.resource.id);
  return all.filter((resource) => {
    if (resource.name !== condition.resource.name) return false;
    return resource.kind !== 'instance' || !['shutting-down', 'terminated'].includes((resource as InstanceView).state);
  });
}

function check(condition: Postcondition, inventory: Inventory): CheckResult {
  const found = find(condition, inventory);
  const who = condition.resource.id ?? condition.resource.name ?? condition.resource.kind;
  if (condition.expect === 'absent') {
    const present = found.filter((resource) => resource.kind !== 'instance' || (resource as InstanceView).state !== 'terminated');
    return present.length === 0 ? { description: condition.description, ok: true } : { description: condition.description, ok: false, detail: `${who} still exists` };
  }
  if (found.length === 0) return { description: condition.description, ok: false, detail: `no ${condition.resource.kind} ${who} was found` };
  if (found.length > 1) return { description: condition.description, ok: false, detail: `${found.length} ${condition.resource.kind}s are called ${who} (${found.map((resource) => resource.id).join(', ')})` };
  const resource = found[0]!;
  const problems: string[] = [];
  for (const [field, expected] of Object.entries(condition.expect)) {
    const problem = compare(field, expected, resource, inventory);
    if (problem) problems.push(problem);
  }
  return problems.length === 0 ? { description: condition.description, ok: true } : { description: condition.description, ok: false, detail: `${who}: ${problems.join('; ')}` };
}

type Derived = (resource: AnyResourceView, inventory: Inventory) => unknown;

/** Facts the views do not hold directly but post-conditions talk about. */
const DERIVED: Record<string, Derived> = {
  targetCount: (resource) => (resource.kind === 'target-group' ? resource.targets.filter((target) => target.state !== 'draining').length : undefined),
  ingressRules: (resource) => (resource.kind === 'security-group' ? ingress(resource) : undefined),
  attachedTo: (resource) => (resource.kind === 'volume' ? resource.attachment?.instanceId : undefined),
  memberOf: (resource, inventory) => inventory.targetGroups.filter((group) => group.targets.some((target) => target.id === resource.id && target.state !== 'draining')).map((group) => group.id),
  volumeIds: (resource) => (resource.kind === 'instance' ? resource.volumes.map((volume) => volume.volumeId) : undefined),
};

function ingress(resource: AnyResourceView): string[] {
  if (resource.kind !== 'security-group') return [];
  return resource.rules
    .filter((rule) => rule.direction === 'ingress')
    .map((rule) => `${rule.protocol === '-1' ? 'all traffic' : rule.fromPort === rule.toPort ? `${rule.fromPort}/${rule.protocol}` : `${rule.fromPort}-${rule.toPort}/${rule.protocol}`} from ${rule.source}`);
}

function value(field: string, resource: AnyResourceView, inventory: Inventory): unknown {
  const derived = DERIVED[field];
  return derived ? derived(resource, inventory) : (resource as unknown as Record<string, unknown>)[field];
}

function compare(field: string, expected: unknown, resource: AnyResourceView, inventory: Inventory): string | undefined {
  const includes = (list: unknown, wanted: readonly unknown[]) => Array.isArray(list) && wanted.every((item) => list.includes(item));
  switch (field) {
    case 'ingressRulesInclude': {
      const rules = ingress(resource);
      const missing = (expected as string[]).filter((rule) => !rules.includes(rule));
      return missing.length ? `missing ingress ${missing.join(', ')}` : undefined;
    }
    case 'ingressRulesExclude': {
      const rules = ingress(resource);
      const present = (expected as string[]).filter((rule) => rules.includes(rule));
      return present.length ? `still allows ${present.join(', ')}` : undefined;
    }
    case 'tagsInclude': {
      const wrong = Object.entries(expected as Record<string, string>).filter(([key, tag]) => resource.tags[key] !== tag);
      return wrong.length ? `tags ${wrong.map(([key, tag]) => `${key}=${tag}`).join(', ')} not set (has ${JSON.stringify(resource.tags)})` : undefined;
    }
    case 'tagsExclude': {
      const present = (expected as string[]).filter((key) => key in resource.tags);
      return present.length ? `still tagged ${present.join(', ')}` : undefined;
    }
    case 'volumeIdsInclude':
      return includes(value('volumeIds', resource, inventory), expected as unknown[]) ? undefined : `volumes ${JSON.stringify(value('volumeIds', resource, inventory))}, expected to include ${JSON.stringify(expected)}`;
    case 'memberOf':
      return includes(value('memberOf', resource, inventory), expected as unknown[]) ? undefined : `not a target of ${(expected as string[]).join(', ')}`;
    case 'notMemberOrDraining': {
      const still = inventory.targetGroups.filter((group) => (expected as string[]).includes(group.id) && group.targets.some((target) => target.id === resource.id && target.state !== 'draining'));
      return still.length ? `still an active target of ${still.map((group) => group.name).join(', ')}` : undefined;
    }
  }
  const actual = value(field, resource, inventory);
  if (expected && typeof expected === 'object' && 'oneOf' in expected) {
    const options = (expected as { oneOf: unknown[] }).oneOf;
    return options.includes(actual) ? undefined : `${field} is ${JSON.stringify(actual)}, expected one of ${options.join(', ')}`;
  }
  // Lists are compared as sets: AWS returns rules, groups and volumes in no promised order.
  const sorted = (list: unknown) => (Array.isArray(list) ? [...list].map((item) => JSON.stringify(item)).sort() : list);
  return JSON.stringify(sorted(actual)) === JSON.stringify(sorted(expected)) ? undefined : `${field} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
}
