import type { InstanceView } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import { invalid, type PlanDraft } from '../draft.js';
import type { Intent, Target } from '../intent.js';
import type { ApiCall } from '../plan.js';
import { label, resolveOrStop } from '../targets.js';
import { targetGroupOf } from './membership.js';

type QueryIntent = Extract<Intent, { type: 'query' }>;

/** The describe call that reads each kind. */
export const READ_CALLS: Readonly<Record<string, ApiCall>> = {
  vpc: { service: 'ec2', operation: 'DescribeVpcs', input: {} },
  subnet: { service: 'ec2', operation: 'DescribeSubnets', input: {} },
  'internet-gateway': { service: 'ec2', operation: 'DescribeInternetGateways', input: {} },
  'route-table': { service: 'ec2', operation: 'DescribeRouteTables', input: {} },
  'security-group': { service: 'ec2', operation: 'DescribeSecurityGroups', input: {} },
  'key-pair': { service: 'ec2', operation: 'DescribeKeyPairs', input: {} },
  instance: { service: 'ec2', operation: 'DescribeInstances', input: {} },
  volume: { service: 'ec2', operation: 'DescribeVolumes', input: {} },
  'elastic-ip': { service: 'ec2', operation: 'DescribeAddresses', input: {} },
  'load-balancer': { service: 'elbv2', operation: 'DescribeLoadBalancers', input: {} },
  'target-group': { service: 'elbv2', operation: 'DescribeTargetGroups', input: {} },
};

function read(draft: PlanDraft, action: string, call: ApiCall, kind: Target['kind']): void {
  draft.step({ action, effect: 'read', resource: { kind }, call });
}

function instancesOf(context: PlanContext, targets: Target | undefined): InstanceView[] {
  if (!targets) return context.inventory.instances.filter((instance) => instance.state !== 'terminated');
  if (targets.kind !== 'instance') invalid(`that question is about instances, not ${targets.kind}s`);
  return resolveOrStop(context, { kind: 'instance', selector: targets.selector }, 'read') as InstanceView[];
}

/** A monitoring question becomes read steps; the answer is composed from what they return. */
export function buildQuery(draft: PlanDraft, context: PlanContext, intent: QueryIntent): string {
  switch (intent.question) {
    case 'status':
    case 'public-ip':
    case 'private-ip':
    case 'addresses':
    case 'instance-type':
    case 'describe': {
      if (intent.targets && intent.targets.kind !== 'instance') return readKind(draft, context, intent);
      const instances = instancesOf(context, intent.targets);
      const ids = instances.map((instance) => instance.id);
      read(draft, `describe ${intent.targets ? instances.map(label).join(', ') : 'all instances'}`, { service: 'ec2', operation: 'DescribeInstances', input: intent.targets ? { InstanceIds: ids } : {} }, 'instance');
      return `${intent.question.replace('-', ' ')} of ${intent.targets ? instances.map(label).join(', ') : 'every instance'}`;
    }
    case 'disks': {
      const instances = instancesOf(context, intent.targets);
      const ids = instances.map((instance) => instance.id);
      read(draft, `describe the volumes attached to ${instances.map(label).join(', ')}`, { service: 'ec2', operation: 'DescribeVolumes', input: { Filters: [{ Name: 'attachment.instance-id', Values: ids }] } }, 'volume');
      return `disks attached to ${instances.map(label).join(', ')}`;
    }
    case 'network-peers': {
      const [instance] = instancesOf(context, intent.targets);
      if (!instance?.vpcId) invalid('say which instance (or VPC) to look around: "what shares a network with web-1?"');
      read(draft, `describe instances in ${instance.vpcId}`, { service: 'ec2', operation: 'DescribeInstances', input: { Filters: [{ Name: 'vpc-id', Values: [instance.vpcId] }] } }, 'instance');
      read(draft, `describe subnets of ${instance.vpcId}`, { service: 'ec2', operation: 'DescribeSubnets', input: { Filters: [{ Name: 'vpc-id', Values: [instance.vpcId] }] } }, 'subnet');
      return `what shares ${instance.vpcId} with ${label(instance)}`;
    }
    case 'lb-members':
    case 'target-health': {
      const groups = intent.targets ? [targetGroupOf(context, intent.targets)] : context.inventory.targetGroups;
      if (groups.length === 0) invalid('there is no load balancer target group to look behind');
      for (const group of groups) {
        read(draft, `describe the health of ${group.name}'s targets`, { service: 'elbv2', operation: 'DescribeTargetHealth', input: { TargetGroupArn: group.id } }, 'target-group');
      }
      read(draft, 'describe instances (for their names)', { service: 'ec2', operation: 'DescribeInstances', input: {} }, 'instance');
      return `what is behind ${groups.map((group) => group.name).join(', ')}`;
    }
    case 'count':
    case 'list':
      return readKind(draft, context, intent);
    case 'graph': {
      for (const kind of Object.keys(READ_CALLS)) read(draft, `describe ${kind}s`, READ_CALLS[kind]!, kind as Target['kind']);
      // AWS lists listeners per load balancer only.
      for (const balancer of context.inventory.loadBalancers) {
        read(draft, `describe the listeners of ${balancer.name}`, { service: 'elbv2', operation: 'DescribeListeners', input: { LoadBalancerArn: balancer.id } }, 'listener');
      }
      for (const group of context.inventory.targetGroups) {
        read(draft, `describe the targets of ${group.name}`, { service: 'elbv2', operation: 'DescribeTargetHealth', input: { TargetGroupArn: group.id } }, 'target-group');
      }
      return intent.targets ? `the dependency graph of ${describeTarget(intent.targets)}` : 'the dependency graph of everything';
    }
  }
}

function describeTarget(target: Target): string {
  const selector = target.selector;
  return selector.by === 'id' ? selector.id : selector.by === 'name' ? selector.name : selector.by === 'names' ? selector.names.join(', ') : `the ${target.kind}`;
}

function readKind(draft: PlanDraft, context: PlanContext, intent: QueryIntent): string {
  const kind = intent.kind ?? intent.targets?.kind ?? 'instance';
  const call = READ_CALLS[kind];
  if (!call) invalid(`Cirro cannot list ${kind}s yet`);
  if (intent.targets) {
    const found = resolveOrStop(context, intent.targets, 'read');
    const ids = found.map((resource) => resource.id);
    const input: ApiCall['input'] | undefined = kind === 'load-balancer' ? { LoadBalancerArns: ids } : kind === 'target-group' ? { TargetGroupArns: ids } : undefined;
    read(draft, `describe ${found.map(label).join(', ')}`, input ? { ...call, input } : call, kind);
    return `${intent.question} ${found.map(label).join(', ')}`;
  }
  read(draft, `describe ${kind}s`, call, kind);
  return `${intent.question} ${kind}s`;
}
