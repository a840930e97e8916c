import { allResources, type AnyResourceView, type Inventory, type InstanceView } from '../../cloud/inventory.js';
import { fail, ok, type Result } from '../../core/result.js';
import { exportTemplate, type CloudFormationTemplate } from './export-template.js';
import { assignLogicalIds, claimName } from './logical-ids.js';
import { predictChanges, referencesIn, replacedIds, type PredictedChange } from './predict-changes.js';
import { importIdentifier } from './import-identifiers.js';
import { protectionLast } from './protection-last.js';
import type { TemplateResourceEntry } from './template-builder.js';

/** The stack a change goes into, as it is now. */
export interface StackSituation {
  readonly stackName: string;
  /** Its current template; undefined when the stack does not exist yet. */
  readonly template: CloudFormationTemplate | undefined;
  /** Its resources: physical id → logical id. */
  readonly members: ReadonlyMap<string, string>;
  /** Its id (which outlives its name once deleted); undefined when it does not exist yet. */
  readonly stackId?: string;
  /** The parameters it was given values for (DescribeStacks' Parameters): an update keeps them (UsePreviousValue). */
  readonly parameters?: readonly string[];
}

/** What a plan does, as states: the cloud before and after, and what it touches. */
export interface IacInput {
  readonly before: Inventory;
  /** The state the plan produces (created resources under their placeholder ids). */
  readonly after: Inventory;
  /** Ids the plan creates or changes. */
  readonly touched: ReadonlySet<string>;
  readonly stack: StackSituation;
}

/** A resource the stack adopts by import before the update. */
export interface ImportedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly identifier: Readonly<Record<string, string>>;
  /** `api-1 (i-0abc…)`, for people. */
  readonly label: string;
}

/** One update of the stack: the template it moves to and the changes its change set should list. */
export interface IacPhase {
  readonly template: CloudFormationTemplate;
  readonly changes: readonly PredictedChange[];
  /** Reviewed as a change set (its replacements compared with the prediction) before it runs. */
  readonly reviewed: boolean;
  readonly purpose: string;
}

/** A plan as a change to a stack's template. */
export interface IacChange {
  readonly stackName: string;
  readonly createsStack: boolean;
  /** The plan removes the stack's last resources: a stack cannot be empty, so it is deleted instead (its id, to follow it). */
  readonly deletesStack?: { readonly stackId: string };
  readonly imports: readonly ImportedResource[];
  /** The template the import change set uses: the current one plus the imported resources. */
  readonly importTemplate: CloudFormationTemplate | undefined;
  readonly current: CloudFormationTemplate | undefined;
  /** The parameters the stack has values for: every change set and update passes them with UsePreviousValue. */
  readonly stackParameters: readonly string[];
  readonly desired: CloudFormationTemplate;
  readonly phases: readonly IacPhase[];
  /** Every change from the stack (after the import) to the desired template. */
  readonly changes: readonly PredictedChange[];
  /** Physical id → logical id for every resource the change names. */
  readonly logicalIds: ReadonlyMap<string, string>;
  readonly notes: readonly string[];
}

const EMPTY: CloudFormationTemplate = { AWSTemplateFormatVersion: '2010-09-09', Description: 'Resources Cirro manages', Resources: {} };

/**
 * Turns a plan's effect on the cloud into a change to a stack: the resources it touches (and, when one
 * is replaced, what must follow it: its data volumes, target groups and addresses) are adopted into the
 * stack by import if they are not in it yet; then only the top-level properties that differ between the
 * before- and after-views are patched into the stack's own template, so the rest of it stays as written.
 * Volume attachments of a replaced instance are let go in the update that replaces it and attached to
 * the new one in a second update, since EBS attaches a volume to one instance at a time.
 */
export function translateToIac(input: IacInput): Result<IacChange, string> {
  const { before, after, stack } = input;
  const beforeIds = new Set(allResources(before).map((resource) => resource.id));
  const replacedInstances = [...input.touched].filter((id) => isReplaced(before, after, id));
  const selected = new Set<string>([...stack.members.keys()].filter((id) => beforeIds.has(id)));
  for (const id of input.touched) if (beforeIds.has(id)) selected.add(id);
  for (const id of replacedInstances) for (const follower of followersOf(before, id)) selected.add(follower);
  const afterIds = new Set(allResources(after).filter((resource) => !isGone(resource)).map((resource) => resource.id));
  const selectedAfter = new Set([...selected].filter((id) => afterIds.has(id)));
  for (const id of input.touched) if (!beforeIds.has(id) && afterIds.has(id)) selectedAfter.add(id);

  const logicalIds = logicalIdsFor(before, after, stack.members);
  const beforeView = exportTemplate(before, { resourceIds: [...selected], logicalIds }).template;
  const afterView = exportTemplate(after, { resourceIds: [...selectedAfter], logicalIds }).template;
  const current = stack.template;
  const base = structuredClone(current ?? EMPTY) as Mutable;
  const physicalOf = new Map([...logicalIds].map(([physical, logical]) => [logical, physical]));
  const imports: ImportedResource[] = [];
  for (const [logicalId, entry] of Object.entries(beforeView.Resources)) {
    if (logicalId in base.Resources) continue;
    const identifier = importIdentifier(logicalId, entry, physicalOf, before);
    if (!identifier) continue;
    imports.push({ logicalId, type: entry.Type, identifier, label: labelOf(before, physicalOf.get(logicalId), identifier) });
    base.Resources[logicalId] = { ...entry, DeletionPolicy: 'Retain' };
  }
  if (imports.length > 0) base.Parameters = { ...beforeView.Parameters, ...base.Parameters };
  const importTemplate = imports.length > 0 ? (base as CloudFormationTemplate) : undefined;

  const desired = structuredClone(base) as Mutable;
  for (const logicalId of new Set([...Object.keys(beforeView.Resources), ...Object.keys(afterView.Resources)])) {
    const previous = beforeView.Resources[logicalId];
    const next = afterView.Resources[logicalId];
    if (previous && next && JSON.stringify(previous) === JSON.stringify(next)) continue;
    if (!next) delete desired.Resources[logicalId];
    else if (previous && desired.Resources[logicalId]) desired.Resources[logicalId] = patched(desired.Resources[logicalId]!, previous, next);
    else desired.Resources[logicalId] = next;
  }
  desired.Parameters = { ...afterView.Parameters, ...desired.Parameters };
  if (Object.keys(desired.Parameters).length === 0) delete desired.Parameters;
  const from = importTemplate ?? current ?? EMPTY;
  const replaced = new Set(replacedIds(predictChanges(from, desired as CloudFormationTemplate)));
  // Entries that cannot be imported (an address association) but refer to a replaced resource are added, so they follow it.
  for (const [logicalId, entry] of Object.entries(afterView.Resources)) {
    if (!(logicalId in desired.Resources) && [...referencesIn(entry.Properties)].some((ref) => replaced.has(ref))) desired.Resources[logicalId] = entry;
  }
  const changes = predictChanges(from, desired as CloudFormationTemplate);
  if (changes.length === 0) return fail('the stack already has this: the template would not change');
  const released = releasePhase(from, changes);
  return ok({
    stackName: stack.stackName,
    createsStack: current === undefined,
    ...(Object.keys(desired.Resources).length === 0 && stack.stackId ? { deletesStack: { stackId: stack.stackId } } : {}),
    imports,
    importTemplate,
    current,
    stackParameters: stack.parameters ?? [],
    desired: desired as CloudFormationTemplate,
    phases: protectionLast(from, released ? [released, ...phasesOf(released.template, desired as CloudFormationTemplate, new Set(replacedIds(changes)))] : phasesOf(from, desired as CloudFormationTemplate, new Set(replacedIds(changes)))),
    changes,
    logicalIds,
    notes: [],
  });
}

type Mutable = { -readonly [K in keyof CloudFormationTemplate]: CloudFormationTemplate[K] } & { Resources: Record<string, TemplateResourceEntry> };

/** The stack's entry with only the top-level properties that changed between the two views replaced. */
function patched(entry: TemplateResourceEntry, previous: TemplateResourceEntry, next: TemplateResourceEntry): TemplateResourceEntry {
  const properties = { ...entry.Properties };
  for (const name of new Set([...Object.keys(previous.Properties), ...Object.keys(next.Properties)])) {
    if (JSON.stringify(previous.Properties[name]) === JSON.stringify(next.Properties[name])) continue;
    if (next.Properties[name] === undefined) delete properties[name];
    else properties[name] = next.Properties[name];
  }
  return { ...entry, Properties: properties };
}

/**
 * A resource the stack adopted by import carries DeletionPolicy Retain, so removing it from the template
 * would only let go of it: when the plan deletes one, a first update sets its policy to Delete (nothing
 * else changes), and the removal that follows has CloudFormation delete it.
 */
function releasePhase(from: CloudFormationTemplate, changes: readonly PredictedChange[]): IacPhase | undefined {
  const retained = changes.filter((change) => change.action === 'Remove' && /^Retain/.test(from.Resources[change.logicalId]?.DeletionPolicy ?? '')).map((change) => change.logicalId);
  if (retained.length === 0) return undefined;
  const template = structuredClone(from) as Mutable;
  for (const logicalId of retained) template.Resources[logicalId] = { ...template.Resources[logicalId]!, DeletionPolicy: 'Delete' };
  return { template: template as CloudFormationTemplate, changes: [], reviewed: false, purpose: `let CloudFormation delete ${retained.join(', ')} (DeletionPolicy Delete)` };
}

/**
 * The updates in order. A volume attachment of a replaced instance cannot be moved in the same update
 * (CloudFormation creates the new attachment before it lets go of the old one, and EBS refuses the
 * second attachment), so the first update drops it and replaces the instance (the old instance lets go
 * of the volume as it terminates) and a second update attaches the volume to the new instance.
 */
function phasesOf(from: CloudFormationTemplate, desired: CloudFormationTemplate, replaced: ReadonlySet<string>): IacPhase[] {
  const moving = Object.entries(desired.Resources)
    .filter(([logicalId, entry]) => entry.Type === 'AWS::EC2::VolumeAttachment' && logicalId in from.Resources && [...referencesIn(entry.Properties['InstanceId'])].some((ref) => replaced.has(ref)))
    .map(([logicalId]) => logicalId);
  if (moving.length === 0) return [{ template: desired, changes: predictChanges(from, desired), reviewed: true, purpose: 'apply the change' }];
  const first = { ...desired, Resources: Object.fromEntries(Object.entries(desired.Resources).filter(([logicalId]) => !moving.includes(logicalId))) };
  return [
    { template: first, changes: predictChanges(from, first), reviewed: true, purpose: `replace ${[...replaced].join(', ')}, letting go of ${moving.join(', ')}` },
    { template: desired, changes: predictChanges(first, desired), reviewed: false, purpose: `attach again: ${moving.join(', ')}` },
  ];
}

function isGone(resource: AnyResourceView): boolean {
  return resource.kind === 'instance' && (resource.state === 'terminated' || resource.state === 'shutting-down');
}

/** True when the after-state needs a new instance: another market, subnet, image or key. */
function isReplaced(before: Inventory, after: Inventory, id: string): boolean {
  const old = before.instances.find((instance) => instance.id === id);
  const next = after.instances.find((instance) => instance.id === id);
  if (!old || !next) return false;
  const fixed = (instance: InstanceView) => JSON.stringify([instance.lifecycle, instance.subnetId, instance.imageId, instance.keyName]);
  return fixed(old) !== fixed(next);
}

/** What must follow an instance to its replacement: its data volumes, target groups and Elastic IPs. */
function followersOf(inventory: Inventory, instanceId: string): string[] {
  const instance = inventory.instances.find((candidate) => candidate.id === instanceId);
  const data = inventory.volumes.filter((volume) => volume.attachment?.instanceId === instanceId && volume.attachment.device !== instance?.rootDeviceName);
  const groups = inventory.targetGroups.filter((group) => group.targets.some((target) => target.id === instanceId));
  const addresses = inventory.elasticIps.filter((address) => address.instanceId === instanceId);
  return [...data, ...groups, ...addresses].map((resource) => resource.id);
}

/** The stack's logical ids for its members, and names made from Name tags for everything else, all distinct. */
function logicalIdsFor(before: Inventory, after: Inventory, members: ReadonlyMap<string, string>): Map<string, string> {
  const merged = { ...before } as Record<string, unknown>;
  for (const [key, value] of Object.entries(after)) {
    if (!Array.isArray(value) || !Array.isArray(merged[key])) continue;
    const known = new Set((merged[key] as AnyResourceView[]).map((item) => item.id));
    merged[key] = [...(merged[key] as AnyResourceView[]), ...(value as AnyResourceView[]).filter((item) => !known.has(item.id))];
  }
  const named = assignLogicalIds(merged as unknown as Inventory);
  const result = new Map(members);
  const taken = new Set(members.values());
  for (const [id, name] of named) if (!result.has(id)) result.set(id, claimName(name, taken));
  return result;
}

function labelOf(inventory: Inventory, physicalId: string | undefined, identifier: Readonly<Record<string, string>>): string {
  const view = physicalId ? allResources(inventory).find((resource) => resource.id === physicalId) : undefined;
  const id = Object.values(identifier).join(' on ');
  return view?.name ? `${view.name} (${id})` : id;
}
