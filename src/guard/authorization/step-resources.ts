import { allResources, type AnyResourceView, type Inventory } from '../../cloud/inventory.js';
import type { ParameterValue, Plan, Step } from '../../plan/plan.js';
import type { AuthorizationResource } from './types.js';

/** One resource a step touches, as the guard sees it: with its tags and, when it exists, its view. */
export interface StepResource extends AuthorizationResource {
  /** The inventory's view of it; undefined for resources the plan makes (or ids the inventory lacks). */
  readonly view: AnyResourceView | undefined;
  /** True when the plan makes it (the step names it but gives no id). */
  readonly planned: boolean;
}

/** What the guard needs to look resources up while it walks a plan's steps. */
export interface PlanResourceIndex {
  readonly byId: ReadonlyMap<string, AnyResourceView>;
  /** Tags of resources the plan makes, by `kind/name`, from their create calls. */
  readonly plannedTags: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** Indexes the inventory by id and the plan's new resources by kind and name. */
export function indexPlanResources(plan: Plan, inventory: Inventory): PlanResourceIndex {
  const byId = new Map(allResources(inventory).map((resource) => [resource.id, resource]));
  const plannedTags = new Map<string, Readonly<Record<string, string>>>();
  for (const step of plan.steps) {
    if (step.resource.id !== undefined || step.resource.name === undefined) continue;
    const tags = createdTags(step);
    if (tags) plannedTags.set(`${step.resource.kind}/${tags['Name'] ?? step.resource.name}`, tags);
  }
  return { byId, plannedTags };
}

/**
 * The resources a step touches: each id of a multi-resource step (`i-1,i-2`) with its inventory tags, or
 * the named resources it makes with the tags their create call gives them. Empty when the step names
 * no particular resource (a describe of every instance).
 */
export function resourcesOfStep(step: Step, index: PlanResourceIndex): StepResource[] {
  const { kind, id, name } = step.resource;
  if (id !== undefined) {
    return split(id).map((resourceId) => {
      const view = index.byId.get(resourceId);
      return { kind, id: resourceId, tags: view?.tags ?? {}, view, planned: false };
    });
  }
  if (name === undefined) return [];
  return split(name).map((resourceName) => {
    const tags = index.plannedTags.get(`${kind}/${resourceName}`) ?? createdTags(step) ?? {};
    return { kind, id: resourceName, tags, view: undefined, planned: true };
  });
}

function split(list: string): string[] {
  return list.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

/** Tags a create call gives the resource of its own kind: EC2 TagSpecifications, or ELBv2 Tags. */
function createdTags(step: Step): Record<string, string> | undefined {
  if (step.effect !== 'create' && step.effect !== 'replace') return undefined;
  const input = step.call.input;
  const specifications = input['TagSpecifications'];
  if (Array.isArray(specifications)) {
    const own = specifications.find((specification) => field(specification, 'ResourceType') === step.resource.kind);
    if (own !== undefined) return pairs(field(own, 'Tags'));
  }
  if (step.call.service === 'elbv2' && Array.isArray(input['Tags'])) return pairs(input['Tags']);
  return undefined;
}

function field(value: ParameterValue | undefined, key: string): ParameterValue | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, ParameterValue>)[key] : undefined;
}

function pairs(list: ParameterValue | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!Array.isArray(list)) return tags;
  for (const pair of list) {
    const key = field(pair, 'Key');
    const value = field(pair, 'Value');
    if (typeof key === 'string') tags[key] = typeof value === 'string' ? value : '';
  }
  return tags;
}
