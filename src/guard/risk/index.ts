import type { Inventory } from '../../cloud/inventory.js';
import type { Plan } from '../../plan/plan.js';
import { indexPlanResources } from '../authorization/step-resources.js';
import type { RiskAssessment, RiskLevel } from '../decision.js';
import { blastRadiusFactors } from './blast-radius.js';
import { launchFactors } from './launches.js';
import { changesOf, labelOf, type Change } from './changes.js';

/** One reason the risk is what it is. */
export type RiskFactor = RiskAssessment['factors'][number];

const ORDER: Readonly<Record<RiskLevel, number>> = { none: 0, low: 1, medium: 2, high: 3 };

/**
 * How much a plan could hurt, from its effects. none: it only reads. low: creates and live updates,
 * up to 3 instances launched, nothing tagged env=prod touched. medium: a stop (with or without a start),
 * one delete or replacement, 4–10 instances, 1–3 dependents of what it deletes, replaces or stops, or a
 * live change to something tagged env=prod. high: more than one delete or replacement, deleting,
 * replacing or stopping anything tagged env=prod, more than 10 instances, more than 3 dependents, or
 * more than $5/hour of new on-demand capacity. Every factor names the resources that raised it.
 */
export function assessRisk(plan: Plan, inventory: Inventory): RiskAssessment {
  const changing = plan.steps.filter((step) => step.effect !== 'read');
  if (changing.length === 0) return { level: 'none', factors: [{ level: 'none', reason: 'the plan only reads; nothing in the cloud changes' }] };
  const changes = changesOf(changing, indexPlanResources(plan, inventory));
  const factors: RiskFactor[] = [
    ...baselineFactors(changes),
    ...destructionFactors(changes),
    ...stopFactors(changes),
    ...prodFactors(changes),
    ...launchFactors(changing),
    ...blastRadiusFactors(changes, inventory),
  ];
  const level = factors.reduce<RiskLevel>((highest, factor) => (ORDER[factor.level] > ORDER[highest] ? factor.level : highest), 'low');
  return { level, factors };
}

/** The plain creates and live updates: low on their own (launches have a factor of their own). */
function baselineFactors(changes: readonly Change[]): RiskFactor[] {
  const destroyed = new Set(destroyedResources(changes).map((change) => change.resource.id));
  const created = unique(changes.filter((change) => change.effect === 'create' && change.step.call.operation !== 'RunInstances').map((change) => labelOf(change.resource)));
  const updated = unique(changes
    .filter((change) => change.effect === 'update-live' && !change.stops && !change.resource.planned && !destroyed.has(change.resource.id))
    .map((change) => labelOf(change.resource)));
  const parts = [
    ...(created.length > 0 ? [`creates ${list(created)}`] : []),
    ...(updated.length > 0 ? [`updates ${list(updated)} in place`] : []),
  ];
  return parts.length > 0 ? [{ level: 'low', reason: parts.join('; ') }] : [];
}

/** Deletes and replacements: one is medium, more than one at once (bulk) is high. */
function destructionFactors(changes: readonly Change[]): RiskFactor[] {
  const destroyed = destroyedResources(changes);
  if (destroyed.length === 0) return [];
  const described = destroyed.map((change) => `${change.verb} ${labelOf(change.resource)}`);
  if (destroyed.length === 1) return [{ level: 'medium', reason: `${described[0]}, which cannot be undone` }];
  return [{ level: 'high', reason: `deletes or replaces ${destroyed.length} resources at once: ${described.join(', ')}` }];
}

/** The existing resources the plan deletes or replaces, once each. */
export function destroyedResources(changes: readonly Change[]): Change[] {
  const seen = new Map<string, Change>();
  for (const change of changes) {
    const destroys = change.effect === 'delete' || (change.effect === 'replace' && !change.resource.planned);
    if (destroys && !seen.has(change.resource.id)) seen.set(change.resource.id, change);
  }
  return [...seen.values()];
}

/** Stops, with or without a start: the resource is down for a while. */
function stopFactors(changes: readonly Change[]): RiskFactor[] {
  const destroyed = new Set(destroyedResources(changes).map((change) => change.resource.id));
  const restarted = unique(changes.filter((change) => change.effect === 'update-stop-start' && !destroyed.has(change.resource.id)).map((change) => labelOf(change.resource)));
  const stopped = unique(changes.filter((change) => change.stops && change.effect === 'update-live' && !destroyed.has(change.resource.id)).map((change) => labelOf(change.resource)))
    .filter((label) => !restarted.includes(label));
  return [
    ...(restarted.length > 0 ? [{ level: 'medium' as const, reason: `stops and starts ${list(restarted)}: down for a minute or two` }] : []),
    ...(stopped.length > 0 ? [{ level: 'medium' as const, reason: `stops ${list(stopped)}: down until started again` }] : []),
  ];
}

/** Anything tagged env=prod: deleting, replacing or stopping it is high; any other change medium. */
function prodFactors(changes: readonly Change[]): RiskFactor[] {
  const prod = changes.filter((change) => !change.resource.planned && change.resource.tags['env'] === 'prod');
  // One mention per resource, by the worst thing the plan does to it (a replacement also stops it).
  const worst = new Map<string, Change>();
  for (const change of prod) {
    const known = worst.get(change.resource.id);
    if (!known || severity(change) > severity(known)) worst.set(change.resource.id, change);
  }
  const severe = [...worst.values()].filter((change) => severity(change) > 0);
  const mild = [...worst.values()].filter((change) => severity(change) === 0);
  return [
    ...(severe.length > 0 ? [{ level: 'high' as const, reason: `${list(severe.map((change) => `${change.verb} ${labelOf(change.resource)}`))}, tagged env=prod` }] : []),
    ...(mild.length > 0 ? [{ level: 'medium' as const, reason: `changes ${list(mild.map((change) => labelOf(change.resource)))}, tagged env=prod` }] : []),
  ];
}

function severity(change: Change): number {
  if (change.effect === 'delete' || change.effect === 'replace') return 3;
  if (change.effect === 'update-stop-start') return 2;
  return change.stops ? 1 : 0;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** "a, b and c", or "a, b, c and 4 more" for long lists. */
export function list(values: readonly string[], limit = 6): string {
  const shown = values.length > limit ? [...values.slice(0, limit - 1), `${values.length - limit + 1} more`] : [...values];
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
