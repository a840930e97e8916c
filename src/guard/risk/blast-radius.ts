import { dependencyEdges } from '../../cloud/graph.js';
import { displayName, indexById } from '../../cloud/inventory-query.js';
import type { AnyResourceView, Inventory } from '../../cloud/inventory.js';
import type { RiskAssessment } from '../decision.js';
import type { Change } from './changes.js';

type RiskFactor = RiskAssessment['factors'][number];

/**
 * The resources that depend directly on what the plan deletes, replaces or stops (the graph's edges
 * into them: volumes and addresses on an instance, target groups that send it traffic, instances in a
 * security group …), except the ones the plan itself deletes or replaces, a disrupted instance's own
 * root volume, and terminated instances. Live updates are left out: they do not take anything down.
 */
export function blastRadius(changes: readonly Change[], inventory: Inventory): AnyResourceView[] {
  const disrupted = new Map<string, AnyResourceView>();
  const gone = new Set<string>();
  for (const change of changes) {
    const view = change.resource.view;
    if (!view) continue;
    const destroys = change.effect === 'delete' || change.effect === 'replace';
    if (destroys || change.effect === 'update-stop-start' || change.stops) disrupted.set(view.id, view);
    if (destroys) gone.add(view.id);
  }
  if (disrupted.size === 0) return [];
  const byId = indexById(inventory);
  const dependents = new Map<string, AnyResourceView>();
  for (const edge of dependencyEdges(inventory)) {
    const target = disrupted.get(edge.to);
    const dependent = byId.get(edge.from);
    if (!target || !dependent || gone.has(dependent.id) || disrupted.has(dependent.id) || dependents.has(dependent.id)) continue;
    if (dependent.kind === 'instance' && dependent.state === 'terminated') continue;
    if (isRootVolumeOf(dependent, target)) continue;
    dependents.set(dependent.id, dependent);
  }
  return [...dependents.values()];
}

/** 1–3 dependents is medium, more is high. */
export function blastRadiusFactors(changes: readonly Change[], inventory: Inventory): RiskFactor[] {
  const dependents = blastRadius(changes, inventory);
  if (dependents.length === 0) return [];
  const names = dependents.map((resource) => `${resource.kind} ${displayName(resource)}`);
  const shown = names.length > 6 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
  return [{
    level: dependents.length > 3 ? 'high' : 'medium',
    reason: `${dependents.length} resource${dependents.length === 1 ? ' depends' : 's depend'} on what the plan deletes, replaces or stops: ${shown}`,
  }];
}

/** A root volume is part of its instance, not something that depends on it. */
function isRootVolumeOf(dependent: AnyResourceView, target: AnyResourceView): boolean {
  return dependent.kind === 'volume' && target.kind === 'instance' && dependent.attachment?.instanceId === target.id && dependent.attachment.device === target.rootDeviceName;
}
