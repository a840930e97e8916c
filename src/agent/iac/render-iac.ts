import type { CloudClients } from '../../cloud/clients.js';
import { allResources, type Inventory } from '../../cloud/inventory.js';
import { fail, ok, type Result } from '../../core/result.js';
import { unifiedDiff } from '../../core/unified-diff.js';
import { isProjected, projectPlan } from '../../guard/compliance/project-plan.js';
import { translateToIac, type IacChange } from '../../plan/iac/iac-change.js';
import { iacPlan } from '../../plan/iac/iac-plan.js';
import type { Plan } from '../../plan/plan.js';
import { groupStackName, readStackSituation, stackByTag } from './stack-situation.js';
import { formatIacCalls } from './iac-text.js';

/** A plan rendered as a stack change: the change, the plan of CloudFormation calls that makes it, and the template diff. */
export interface IacRendering {
  readonly change: IacChange;
  readonly plan: Plan;
  /** Unified diff of the stack's template, current → desired. */
  readonly diff: string;
  readonly apiCalls: number;
  /** Logical id → how people know it (`api-1 (Api1Instance)`). */
  readonly labels: ReadonlyMap<string, string>;
}

/** The state a plan produces, and what it touches, as the template sees it. */
function afterState(plan: Plan, inventory: Inventory): { after: Inventory; touched: Set<string>; unmodelled?: string[] } {
  const intent = plan.intent;
  const instanceIds = new Set(plan.steps.filter((step) => step.effect !== 'read').flatMap((step) => (step.resource.id ?? '').split(','))
    .filter((id) => inventory.instances.some((instance) => instance.id === id)));
  // The SDK plans for these work around what EC2 cannot do in place (image and relaunch for spot) or
  // call what the projection does not model (monitoring); the template states the end result instead.
  if (intent.type === 'set-market') {
    return { after: { ...inventory, instances: inventory.instances.map((instance) => (instanceIds.has(instance.id) ? { ...instance, lifecycle: intent.market } : instance)) }, touched: instanceIds };
  }
  if (intent.type === 'set-monitoring') {
    const monitoring = intent.enabled ? 'enabled' : 'disabled';
    return { after: { ...inventory, instances: inventory.instances.map((instance) => (instanceIds.has(instance.id) ? { ...instance, monitoring } : instance)) }, touched: instanceIds };
  }
  const unmodelled = [...new Set(plan.steps.filter((step) => step.effect !== 'read' && !isProjected(step.call.operation)).map((step) => step.call.operation))];
  // The template is written from the projected after-state: a call it does not model would be left out silently.
  if (unmodelled.length > 0) return { after: inventory, touched: new Set(), unmodelled };
  const projected = projectPlan(plan, inventory);
  // What the plan removes counts as touched too: the template loses it.
  const remaining = new Set(allResources(projected.after).map((resource) => resource.id));
  const removed = allResources(inventory).map((resource) => resource.id).filter((id) => !remaining.has(id));
  return { after: withLaunchRoots(projected.after, inventory), touched: new Set([...projected.touched, ...removed]) };
}

/**
 * The projection leaves a new instance's root device unnamed; its root volume (the one it launches with
 * at a root device, or unnamed) is part of the instance, so the template writes it as the instance's
 * BlockDeviceMappings rather than as a volume of its own.
 */
function withLaunchRoots(after: Inventory, before: Inventory): Inventory {
  const known = new Set(before.instances.map((instance) => instance.id));
  return {
    ...after,
    instances: after.instances.map((instance) => {
      if (known.has(instance.id) || instance.rootDeviceName !== undefined) return instance;
      const root = instance.volumes.find((volume) => ROOT_DEVICES.has(volume.device)) ?? instance.volumes.find((volume) => volume.device === '');
      return root ? { ...instance, rootDeviceName: root.device } : instance;
    }),
  };
}

/** True for a plan that deletes what it touches (terminate, delete): as IaC, a removal from the stack. */
function isDeletion(plan: Plan): boolean {
  const intent = plan.intent;
  return intent.type === 'delete' || (intent.type === 'instance-power' && intent.action === 'terminate');
}

/** The device names EC2 images use for the root volume. */
const ROOT_DEVICES = new Set(['/dev/xvda', '/dev/sda1', '/dev/sda', '/dev/nvme0n1']);

/**
 * Renders a builder plan as a change to the stack that manages what it touches (found by CloudFormation's
 * tag on them, else Cirro's stack for their VPC, created by import when absent): reads the stack, works
 * out the template change and the CloudFormation calls that make it.
 */
export async function renderIac(semantic: Plan, inventory: Inventory, clients: CloudClients, planId: string): Promise<Result<IacRendering, string>> {
  const { after, touched, unmodelled } = afterState(semantic, inventory);
  if (unmodelled) return fail(`Cirro cannot write ${unmodelled.join(', ')} into a template yet`);
  const known = new Set(allResources(inventory).map((resource) => resource.id));
  const existing = [...touched].filter((id) => known.has(id));
  if (touched.size === 0) return fail('the plan touches nothing a template describes');
  // New resources join the group of the VPC they go into (the after-state knows it).
  const stackName = stackByTag(inventory, existing) ?? (existing.length > 0 ? groupStackName(inventory, existing) : groupStackName(after, [...touched]));
  const situation = await readStackSituation(clients, stackName);
  if (!situation.success) return situation;
  if (isDeletion(semantic)) {
    // Only what a stack manages is deleted by leaving its template; the rest has no template to leave.
    // The resources the steps name (an instance's root volume goes with it and is in no template of its own).
    const named = semantic.steps.filter((step) => step.effect === 'delete').flatMap((step) => (step.resource.id ?? '').split(',')).filter((id) => known.has(id));
    const outside = named.filter((id) => !situation.value.members.has(id)).map((id) => allResources(inventory).find((resource) => resource.id === id)?.name ?? id);
    if (outside.length > 0) return fail(`${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} in no stack, so there is no template to remove ${outside.length === 1 ? 'it' : 'them'} from`);
  }
  const translated = translateToIac({ before: inventory, after, touched, stack: situation.value });
  if (!translated.success) return translated;
  const change = translated.value;
  const labels = new Map<string, string>();
  for (const [physical, logical] of change.logicalIds) {
    const view = allResources(inventory).find((resource) => resource.id === physical);
    if (view) labels.set(logical, view.name ? `${view.name} (${logical})` : logical);
  }
  const plan = iacPlan(change, semantic, `cirro-${planId}`, labels);
  const diff = unifiedDiff(change.current ? `${JSON.stringify(change.current, null, 2)}\n` : '', `${JSON.stringify(change.desired, null, 2)}\n`, `${stackName}.template.json`);
  return ok({ change, plan, diff, apiCalls: situation.value.apiCalls, labels });
}

/** What `--show iac` prints: the stack, what it adopts, the template diff and the predicted change set. */
export function formatIacRendering(rendering: IacRendering): string[] {
  const { change } = rendering;
  const lines = [`--- plan as a CloudFormation change to stack ${change.stackName}${change.createsStack ? ' (new)' : ''} ---`];
  if (change.imports.length > 0) {
    lines.push(`Adopted by import first (DeletionPolicy Retain, so they outlive the stack):`);
    for (const item of change.imports) lines.push(`  ${item.logicalId.padEnd(28)} ${item.type.padEnd(42)} ${item.label}`);
  }
  lines.push(rendering.diff.trimEnd() || '(the template does not change)');
  lines.push('Predicted change set:');
  for (const phase of change.phases) {
    if (change.phases.length > 1) lines.push(`  ${phase.purpose}:`);
    for (const item of phase.changes) lines.push(`  ${item.action.padEnd(7)} ${item.logicalId} (${item.type})${item.replacement ? ` Replacement ${item.replacement}` : ''}`);
  }
  lines.push('CloudFormation calls:', ...formatIacCalls(rendering), '---');
  return lines;
}
