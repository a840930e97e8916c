import type { TargetGroupView } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import { invalid, PlanStop, type PlanDraft } from '../draft.js';
import type { Intent, Target } from '../intent.js';
import { label, resolveOne } from '../targets.js';
import { changeableInstances } from './instances.js';

type MembershipIntent = Extract<Intent, { type: 'target-membership' }>;

/** The target group a request means: named directly, or the one behind a named load balancer. */
export function targetGroupOf(context: PlanContext, target: Target): TargetGroupView {
  if (target.kind === 'target-group') return resolveOne(context, { kind: 'target-group', selector: target.selector }, 'change');
  const balancer = resolveOne(context, { kind: 'load-balancer', selector: target.selector }, 'change');
  const groups = context.inventory.targetGroups.filter((group) => group.loadBalancerArns.includes(balancer.id));
  if (groups.length === 0) invalid(`${label(balancer)} forwards to no target group yet; create a listener first`);
  if (groups.length > 1) {
    throw new PlanStop({ type: 'clarify', question: `${label(balancer)} forwards to ${groups.length} target groups; which one?`, candidates: groups.map((group) => group.name ?? group.id) });
  }
  return groups[0]!;
}

function targetOf(group: TargetGroupView, id: string): { Id: string; Port?: number } {
  const port = group.targets.find((target) => target.id === id)?.port;
  return port ? { Id: id, Port: port } : { Id: id };
}

/** Put instances into a target group, or take them out. */
export function buildMembership(draft: PlanDraft, context: PlanContext, intent: MembershipIntent): string {
  const group = targetGroupOf(context, intent.group);
  const instances = changeableInstances(context, intent.instances);
  const registered = new Set(group.targets.map((target) => target.id));
  if (intent.action === 'add') {
    const wrongVpc = instances.filter((instance) => instance.vpcId !== group.vpcId);
    if (wrongVpc.length) invalid(`${wrongVpc.map(label).join(', ')} ${wrongVpc.length === 1 ? 'is' : 'are'} not in ${group.vpcId}, the VPC of ${group.name}`);
    const todo = instances.filter((instance) => !registered.has(instance.id));
    for (const instance of instances.filter((candidate) => registered.has(candidate.id))) draft.advise('info', `${label(instance)} is already in ${group.name}.`);
    if (todo.length === 0) return `add ${instances.map(label).join(', ')} to ${group.name} (nothing to do)`;
    draft.step({
      action: `register ${todo.map(label).join(', ')} in ${group.name}`,
      effect: 'update-live',
      resource: { kind: 'target-group', id: group.id, name: group.name },
      call: { service: 'elbv2', operation: 'RegisterTargets', input: { TargetGroupArn: group.id, Targets: todo.map((instance) => ({ Id: instance.id, ...(group.port ? { Port: group.port } : {}) })) } },
      inverse: { service: 'elbv2', operation: 'DeregisterTargets', input: { TargetGroupArn: group.id, Targets: todo.map((instance) => ({ Id: instance.id })) } },
    });
    for (const instance of todo) draft.expect(`${label(instance)} is a target of ${group.name}`, { kind: 'instance', id: instance.id }, { memberOf: [group.id] });
    draft.advise('info', `New targets start 'initial' and receive traffic once they pass ${group.name}'s health checks.`);
    return `add ${todo.map(label).join(', ')} to ${group.name}`;
  }
  const todo = instances.filter((instance) => registered.has(instance.id));
  if (todo.length === 0) invalid(`${instances.map(label).join(', ')} ${instances.length === 1 ? 'is' : 'are'} not in ${group.name}`);
  draft.step({
    action: `deregister ${todo.map(label).join(', ')} from ${group.name}`,
    effect: 'update-live',
    resource: { kind: 'target-group', id: group.id, name: group.name },
    call: { service: 'elbv2', operation: 'DeregisterTargets', input: { TargetGroupArn: group.id, Targets: todo.map((instance) => ({ Id: instance.id })) } },
    // Registered back on the ports they had.
    inverse: { service: 'elbv2', operation: 'RegisterTargets', input: { TargetGroupArn: group.id, Targets: todo.map((instance) => targetOf(group, instance.id)) } },
  });
  for (const instance of todo) draft.expect(`${label(instance)} is leaving ${group.name}`, { kind: 'instance', id: instance.id }, { notMemberOrDraining: [group.id] });
  const remaining = group.targets.filter((target) => !todo.some((instance) => instance.id === target.id)).length;
  if (remaining === 0) draft.advise('danger', `${group.name} will have no targets left: its load balancer will answer 503 to every request.`);
  draft.advise('info', `Deregistered targets drain existing connections for the group's deregistration delay (300 s by default).`);
  return `remove ${todo.map(label).join(', ')} from ${group.name}`;
}
