import { allResources, type AnyResourceView, type Inventory, type ResourceKind } from '../../../cloud/inventory.js';
import { displayName, idsOf, namesOf, shortId } from '../../../cloud/inventory-query.js';
import { isWildcard, wildcardMatcher } from '../../../cloud/similar-names.js';
import type { Target } from '../../../plan/intent.js';
import type { Plan, Step } from '../../../plan/plan.js';
import { resolveTargets } from '../../../plan/resolve.js';
import { idsInCall } from '../../../guard/fingerprint.js';
import type { Brain, ScopeVerdict } from '../../brain/brain.js';
import { EFFECT_RANK, effectAllowedByWords, effectOfIntent, expandRanges, readsAsQuestion } from './request-reading.js';

/** Kinds a change to a named resource may reach without being named: its disks, addresses, groups, listeners. */
const RELATED_KINDS: ReadonlySet<ResourceKind> = new Set(['volume', 'elastic-ip', 'security-group', 'target-group', 'listener']);

/** Kinds whose ids in a call mean the call changes them (a subnet or VPC in a call is only where things go). */
const CHANGED_KINDS: ReadonlySet<ResourceKind> = new Set(['instance', 'volume', 'security-group', 'elastic-ip', 'load-balancer', 'target-group', 'listener', 'key-pair']);

const FIX = 'ask for exactly the change you want, naming what it should touch; or run without --model to use the embedded brain';

/**
 * The independent check on a model's plan: the request's own words and the embedded brain's reading of
 * them bound what the plan may do. A question may change nothing; no step may be more destructive than
 * the request's verbs (or the embedded brain's intent) allow; and no existing resource may change that
 * the request never named — by name, id, range, wildcard or a group phrase the embedded brain resolves
 * ("all instances in vpc prod") — except what belongs to a named one (its disks, addresses, groups).
 * A plan that goes beyond is refused, not flagged: a tool result that talked the model into
 * "terminate everything" cannot get past this, whatever the model says.
 */
export async function reviewScope(request: string, plan: Plan, inventory: Inventory, reference: Brain): Promise<ScopeVerdict> {
  const changing = plan.steps.filter((step) => step.effect !== 'read');
  if (changing.length === 0) return { type: 'within' };
  const byId = new Map(allResources(inventory).map((resource) => [resource.id, resource]));
  if (readsAsQuestion(request)) {
    return beyond('question-changes', `the request is a question, and a question never changes anything; the model proposed to ${plan.summary} (${describeSteps(changing, byId)})`);
  }
  const reading = await reference.understand(request, { resources: allResources(inventory).map((resource) => ({ kind: resource.kind, id: resource.id, name: resource.name })) });
  const readIntent = reading.type === 'intent' ? reading.intent : undefined;
  // When the embedded brain read a change, its reading bounds the effect: "remove web-2 from the target
  // group" holds a delete verb, but what it asks for is a membership change, never a terminate. Only when
  // it read a question (or nothing) for a request in command form do the request's verbs decide.
  const allowed = readIntent && readIntent.type !== 'query' ? effectOfIntent(readIntent) : effectAllowedByWords(request);
  const tooFar = changing.filter((step) => EFFECT_RANK[step.effect] > EFFECT_RANK[allowed]);
  if (tooFar.length) {
    return beyond('more-destructive', `the plan would ${describeSteps(tooFar, byId)} (${tooFar[0]!.effect}), more than the request asks for (at most ${allowed})`);
  }
  const named = namedResources(request, inventory, readIntent ? targetsIn(readIntent) : []);
  const unnamed = [...changedIds(changing, byId)].filter((id) => !named.has(id)).map((id) => byId.get(id)!);
  if (unnamed.length) {
    return beyond('unnamed-resources', `the plan would change ${unnamed.slice(0, 5).map(displayName).join(', ')}${unnamed.length > 5 ? ` and ${unnamed.length - 5} more` : ''}, which the request never named`);
  }
  return { type: 'within' };
}

function beyond(id: string, what: string): ScopeVerdict {
  return { type: 'beyond', ruleId: `scope/${id}`, reason: `Refused: it goes beyond the request — ${what}`, fix: FIX };
}

/** The existing resources the changing steps change. */
function changedIds(steps: readonly Step[], byId: ReadonlyMap<string, AnyResourceView>): Set<string> {
  const ids = new Set<string>();
  for (const step of steps) {
    if (step.effect === 'create') continue;
    if (step.resource.id && byId.has(step.resource.id)) ids.add(step.resource.id);
    for (const id of idsInCall(step.call, (value) => CHANGED_KINDS.has(byId.get(value)?.kind as ResourceKind))) ids.add(id);
  }
  return ids;
}

/** What the request names, with what belongs to each named resource. */
export function namedResources(request: string, inventory: Inventory, readTargets: readonly Target[]): Set<string> {
  const resources = allResources(inventory);
  const text = request.toLowerCase();
  const named = new Set<string>();
  const words = new Set(expandRanges(request).map((name) => name.toLowerCase()));
  const patterns = [...request.matchAll(/[\w.*?-]*[*?][\w.*?-]*/g)].map((match) => match[0]).filter(isWildcard).map((pattern) => wildcardMatcher(pattern));
  for (const resource of resources) {
    const names = [...namesOf(resource), ...idsOf(resource), shortId(resource)];
    if (names.some((name) => mentions(text, name.toLowerCase()) || words.has(name.toLowerCase())) || namesOf(resource).some((name) => patterns.some((matches) => matches(name)))) {
      named.add(resource.id);
    }
  }
  for (const target of readTargets) {
    const resolution = resolveTargets(inventory, target, 'read');
    if (resolution.type === 'found') for (const resource of resolution.resources) named.add(resource.id);
  }
  for (const resource of resources) {
    if (!RELATED_KINDS.has(resource.kind) || named.has(resource.id)) continue;
    const own = JSON.stringify(resource);
    const belongs = [...named].some((id) => own.includes(`"${id}"`) || JSON.stringify(resources.find((other) => other.id === id)).includes(`"${resource.id}"`));
    if (belongs) named.add(resource.id);
  }
  return named;
}

/** True when `name` stands in `text` as a word of its own ("web-1" in "resize web-1", not in "web-10"). */
function mentions(text: string, name: string): boolean {
  if (name.length < 2) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w-])${escaped}($|[^\\w-])`).test(text);
}

/** Every target in an intent, at any depth. */
export function targetsIn(value: unknown): Target[] {
  if (Array.isArray(value)) return value.flatMap(targetsIn);
  if (!value || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const own = typeof record['kind'] === 'string' && record['selector'] && typeof record['selector'] === 'object' ? [record as unknown as Target] : [];
  return [...own, ...Object.values(record).flatMap(targetsIn)];
}

function describeSteps(steps: readonly Step[], byId: ReadonlyMap<string, AnyResourceView>): string {
  const shown = steps.slice(0, 3).map((step) => {
    const resource = step.resource.id ? byId.get(step.resource.id) : undefined;
    return resource && !step.action.includes(resource.id) ? `${step.action} [${displayName(resource)}]` : step.action;
  });
  return `${shown.join('; ')}${steps.length > 3 ? `; and ${steps.length - 3} more steps` : ''}`;
}
