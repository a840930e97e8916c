import { createHash } from 'node:crypto';
import { allResources, type AnyResourceView, type Inventory } from '../cloud/inventory.js';
import type { ApiCall, ParameterValue, Plan } from '../plan/plan.js';
import { canonicalJson } from './audit/canonical-json.js';

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

/** The literal strings in a call's input that `accept` takes for resource ids (output references are skipped). */
export function idsInCall(call: ApiCall, accept: (value: string) => boolean): string[] {
  const found = new Set<string>();
  const walk = (value: ParameterValue | undefined): void => {
    if (typeof value === 'string') {
      if (accept(value)) found.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (value && typeof value === 'object' && !('$ref' in value)) {
      for (const item of Object.values(value)) walk(item as ParameterValue);
    }
  };
  walk(call.input);
  return [...found];
}

/** True for strings shaped like an EC2 resource id or an ARN (for calls on resources no inventory has seen). */
export function looksLikeResourceId(value: string): boolean {
  return /^(i|vol|sg|subnet|vpc|igw|rtb|eipalloc|eipassoc|rtbassoc|snap|ami|key|sir)-[0-9a-f]+$/.test(value) || value.startsWith('arn:');
}

/** The existing resources a plan touches: the steps' own resources and every id its calls name. */
export function touchedResourceIds(plan: Plan, inventory: Inventory): string[] {
  const known = new Set(allResources(inventory).map((resource) => resource.id));
  const found = new Set<string>();
  for (const step of plan.steps) {
    if (step.effect === 'read') continue;
    if (step.resource.id && known.has(step.resource.id)) found.add(step.resource.id);
    for (const id of idsInCall(step.call, (value) => known.has(value))) found.add(id);
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

function brief(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
