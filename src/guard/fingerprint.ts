import { createHash } from 'node:crypto';
import { allResources, type AnyResourceView, type Inventory } from '../cloud/inventory.js';
import type { ParameterValue, Plan } from '../plan/plan.js';

/** What each existing resource a plan touches looked like when the plan was made: id → digest and view. */
export interface PlanFingerprint {
  readonly resources: Readonly<Record<string, { readonly digest: string; readonly view: Readonly<Record<string, unknown>> }>>;
}

/** One way the cloud moved under a plan. */
export interface ResourceChange {
  readonly id: string;
  readonly name: string | undefined;
  /** "gone", or the fields that differ with their old and new values. */
  readonly what: string;
}

/**
 * Fields that move on their own while nothing is wrong (target health settling, a load balancer
 * finishing provisioning, free addresses in a subnet): a plan is not stale because of them.
 */
const SETTLING_FIELDS = new Set(['launchTime', 'availableIpAddressCount', 'targets', 'dnsName']);
const SETTLED_STATE: Readonly<Record<string, string>> = { pending: 'running', provisioning: 'active', creating: 'available', attaching: 'attached' };

/** The existing resources a plan touches: the steps' own resources and every id its calls name. */
export function touchedResourceIds(plan: Plan, inventory: Inventory): string[] {
  const known = new Set(allResources(inventory).map((resource) => resource.id));
  const found = new Set<string>();
  const walk = (value: ParameterValue | undefined): void => {
    if (typeof value === 'string') {
      if (known.has(value)) found.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (value && typeof value === 'object' && !('$ref' in value)) {
      for (const item of Object.values(value)) walk(item as ParameterValue);
    }
  };
  for (const step of plan.steps) {
    if (step.effect === 'read') continue;
    if (step.resource.id && known.has(step.resource.id)) found.add(step.resource.id);
    walk(step.call.input);
  }
  return [...found].sort();
}

/** Records how the resources a plan touches look now, to detect later that they changed. */
export function fingerprintPlan(plan: Plan, inventory: Inventory): PlanFingerprint {
  const byId = new Map(allResources(inventory).map((resource) => [resource.id, resource]));
  const resources: Record<string, { digest: string; view: Record<string, unknown> }> = {};
  for (const id of touchedResourceIds(plan, inventory)) {
    const view = comparable(byId.get(id)!);
    resources[id] = { digest: digest(view), view };
  }
  return { resources };
}

/** What changed since the fingerprint was taken; empty when the plan still stands on the same ground. */
export function changesSince(fingerprint: PlanFingerprint, inventory: Inventory): ResourceChange[] {
  const byId = new Map(allResources(inventory).map((resource) => [resource.id, resource]));
  const changes: ResourceChange[] = [];
  for (const [id, before] of Object.entries(fingerprint.resources)) {
    const current = byId.get(id);
    const name = typeof before.view['name'] === 'string' ? before.view['name'] : undefined;
    if (!current || (current.kind === 'instance' && (current.state === 'terminated' || current.state === 'shutting-down'))) {
      changes.push({ id, name, what: 'gone' });
      continue;
    }
    const now = comparable(current);
    if (digest(now) === before.digest) continue;
    const fields = [...new Set([...Object.keys(before.view), ...Object.keys(now)])]
      .filter((field) => JSON.stringify(before.view[field]) !== JSON.stringify(now[field]))
      .map((field) => `${field} ${brief(before.view[field])} → ${brief(now[field])}`);
    changes.push({ id, name, what: fields.join(', ') });
  }
  return changes;
}

function comparable(view: AnyResourceView): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(view)) {
    if (SETTLING_FIELDS.has(field) || value === undefined) continue;
    out[field] = field === 'state' && typeof value === 'string' ? SETTLED_STATE[value] ?? value : value;
  }
  return out;
}

function digest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** JSON with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().filter((key) => (value as Record<string, unknown>)[key] !== undefined).map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function brief(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
