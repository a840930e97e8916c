import type { AnyResourceView, Inventory, ResourceKind } from '../../cloud/inventory.js';
import { indexById, type ViewOf } from '../../cloud/inventory-query.js';
import { isOutputRef, type ParameterValue, type Step } from '../../plan/plan.js';

/** The cloud as it would be once the plan ran, and which resources the plan made or changed. */
export interface ProjectedState {
  /** The state before the plan (the inventory as read). */
  readonly before: Inventory;
  /** The state after the plan: created resources carry placeholder ids (see `created`). */
  readonly after: Inventory;
  /** Every resource of `after`, by id. */
  readonly byId: ReadonlyMap<string, AnyResourceView>;
  /** Placeholder ids of the resources the plan creates. */
  readonly created: ReadonlySet<string>;
  /** Ids of the resources the plan creates or changes (deleted ones are gone from `after`). */
  readonly touched: ReadonlySet<string>;
}

/** Applies one API call of a step to the projection. */
export type StepProjection = (projection: Projection, step: Step, input: ResolvedInput) => void;

/** A step's input with every output reference replaced by the placeholder id it stands for. */
export type ResolvedInput = { readonly [key: string]: unknown };

/** Inventory list keys by kind, for rebuilding an inventory from the projected resources. */
const LIST_OF: Readonly<Record<Exclude<ResourceKind, 'image'>, keyof Inventory>> = {
  vpc: 'vpcs', subnet: 'subnets', 'internet-gateway': 'internetGateways', 'route-table': 'routeTables',
  'security-group': 'securityGroups', 'key-pair': 'keyPairs', instance: 'instances', volume: 'volumes',
  'elastic-ip': 'elasticIps', 'load-balancer': 'loadBalancers', 'target-group': 'targetGroups', listener: 'listeners',
};

/**
 * The working copy a plan is applied to: resources by id, replaced (never mutated) as steps change them,
 * with a record of what was created and touched. Step projections use it; rules see the result.
 */
export class Projection {
  private readonly resources: Map<string, AnyResourceView>;
  private readonly outputs = new Map<string, string>();
  readonly created = new Set<string>();
  readonly touched = new Set<string>();

  constructor(readonly before: Inventory) {
    this.resources = indexById(before);
  }

  /** The resource of this kind with this id, if the projection holds it. */
  get<K extends ResourceKind>(kind: K, id: string | undefined): ViewOf<K> | undefined {
    if (id === undefined) return undefined;
    const found = this.resources.get(id);
    if (found?.kind === kind) return found as ViewOf<K>;
    return undefined;
  }

  /** Every projected resource of one kind. */
  all<K extends ResourceKind>(kind: K): ViewOf<K>[] {
    return [...this.resources.values()].filter((resource): resource is ViewOf<K> => resource.kind === kind);
  }

  /** Adds a resource the plan creates, under its placeholder id. */
  create(view: AnyResourceView): void {
    this.resources.set(view.id, view);
    this.created.add(view.id);
    this.touched.add(view.id);
  }

  /** Replaces a resource by a changed copy; unknown ids are left alone (the plan may name something unread). */
  update<K extends ResourceKind>(kind: K, id: string | undefined, change: (view: ViewOf<K>) => ViewOf<K>): void {
    const view = this.get(kind, id);
    if (!view) return;
    this.resources.set(view.id, change(view));
    this.touched.add(view.id);
  }

  /** Removes a deleted resource. */
  remove(id: string | undefined): void {
    if (id === undefined) return;
    this.resources.delete(id);
    this.touched.delete(id);
  }

  /** Marks a resource as changed without a modelled change (a call whose effect no rule looks at). */
  touch(id: string | undefined): void {
    if (id !== undefined && this.resources.has(id)) this.touched.add(id);
  }

  /** Records the id a step's outputs stand for, so later steps' references resolve to it. */
  setOutput(stepId: string, id: string): void {
    this.outputs.set(stepId, id);
  }

  /** Resolves references to earlier steps' outputs, at any depth, to the ids they stand for. */
  resolve(value: ParameterValue): unknown {
    if (isOutputRef(value)) return this.outputs.get(value.$ref) ?? `(${value.output} of step ${value.$ref})`;
    if (Array.isArray(value)) return value.map((item: ParameterValue) => this.resolve(item));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.resolve(item as ParameterValue)]));
    }
    return value;
  }

  /** The state reached, as an inventory and an index. */
  finish(): ProjectedState {
    const lists: Record<string, AnyResourceView[]> = {};
    for (const key of Object.values(LIST_OF)) lists[key] = [];
    for (const view of this.resources.values()) lists[LIST_OF[view.kind]]!.push(view);
    const after = { ...this.before, ...lists } as Inventory;
    return { before: this.before, after, byId: new Map(this.resources), created: new Set(this.created), touched: new Set(this.touched) };
  }
}

/** The placeholder id of a resource a step creates (`suffix` tells several of one step apart). */
export function placeholderId(step: Step, suffix?: string): string {
  return `new:${step.id}:${step.resource.kind}${suffix ? `:${suffix}` : ''}`;
}

/** Tags in AWS's list shape (`[{ Key, Value }]`) as a record. */
export function tagsFrom(list: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!Array.isArray(list)) return tags;
  for (const tag of list as { Key?: unknown; Value?: unknown }[]) {
    if (typeof tag?.Key === 'string') tags[tag.Key] = typeof tag.Value === 'string' ? tag.Value : '';
  }
  return tags;
}

/** The tags a TagSpecifications list gives one resource type. */
export function specifiedTags(specifications: unknown, resourceType: string): Record<string, string> {
  if (!Array.isArray(specifications)) return {};
  const matching = (specifications as { ResourceType?: unknown; Tags?: unknown }[]).filter((spec) => spec?.ResourceType === resourceType);
  return Object.assign({}, ...matching.map((spec) => tagsFrom(spec.Tags))) as Record<string, string>;
}

/** A string member of an input, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A list member of an input as strings (absent or not a list: empty). */
export function texts(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The state as it is, for checking what a resource looked like before the plan. */
export function currentState(inventory: Inventory): ProjectedState {
  return { before: inventory, after: inventory, byId: indexById(inventory), created: new Set(), touched: new Set() };
}
