import type { InstanceView, SubnetView } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import { invalid, type PlanDraft } from '../draft.js';
import type { Intent, Target } from '../intent.js';
import type { ApiCall, ParameterValue, Step } from '../plan.js';
import { deletionProtection } from '../secure-defaults.js';
import { label, resolveOrStop } from '../targets.js';
import { loadBalancerActive } from '../waits.js';
import { addInstanceLaunches } from './create-instances.js';

type LoadBalancerIntent = Extract<Intent, { type: 'create-load-balancer' }>;

const NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;

function elbv2(operation: string, input: ApiCall['input']): ApiCall {
  return { service: 'elbv2', operation, input };
}

/** Picks one subnet per availability zone in the VPC, the targets' own zones first. */
function loadBalancerSubnets(context: PlanContext, vpcId: string, preferred: readonly SubnetView[]): SubnetView[] {
  const byZone = new Map<string, SubnetView>();
  for (const subnet of preferred) if (!byZone.has(subnet.availabilityZone)) byZone.set(subnet.availabilityZone, subnet);
  const others = context.inventory.subnets
    .filter((subnet) => subnet.vpcId === vpcId)
    .sort((a, b) => Number(b.mapPublicIpOnLaunch) - Number(a.mapPublicIpOnLaunch) || a.availabilityZone.localeCompare(b.availabilityZone));
  for (const subnet of others) if (!byZone.has(subnet.availabilityZone)) byZone.set(subnet.availabilityZone, subnet);
  return [...byZone.values()].slice(0, 3);
}

function uniqueName(context: PlanContext, wanted: string | undefined, base: string): string {
  const taken = new Set([...context.inventory.loadBalancers, ...context.inventory.targetGroups].map((resource) => resource.name));
  if (wanted) {
    if (!NAME_PATTERN.test(wanted)) invalid(`${wanted} cannot name a load balancer: use 1-32 letters, digits and hyphens, not starting or ending with a hyphen`);
    if (context.inventory.loadBalancers.some((balancer) => balancer.name === wanted)) invalid(`a load balancer named ${wanted} already exists; choose another name`);
    return wanted;
  }
  let name = base;
  for (let counter = 2; taken.has(name) || taken.has(`${name}-tg`); counter++) name = `${base}-${counter}`;
  return name;
}

/** Builds the plan for "put these VMs behind a new load balancer" (creating the VMs first if asked). */
export function buildCreateLoadBalancer(draft: PlanDraft, context: PlanContext, intent: LoadBalancerIntent): string {
  let targets: { id: ParameterValue; label: string; subnetId: string }[];
  let vpcId: string;
  let after: Step[] = [];
  let preferred: SubnetView[] = [];
  if ('type' in intent.instances && intent.instances.type === 'create-instances') {
    const launches = addInstanceLaunches(draft, context, intent.instances);
    targets = launches.instances.map((instance) => ({ id: instance.instanceId, label: instance.name, subnetId: instance.subnet.id }));
    vpcId = launches.instances[0]!.subnet.vpcId;
    preferred = [launches.instances[0]!.subnet];
    after = [launches.running];
  } else {
    const instances = resolveOrStop(context, { kind: 'instance', selector: (intent.instances as Target).selector }, 'change') as InstanceView[];
    const alive = instances.filter((instance) => instance.state !== 'terminated' && instance.state !== 'shutting-down');
    if (alive.length === 0) invalid('none of those instances is alive to put behind a load balancer');
    const vpcs = new Set(alive.map((instance) => instance.vpcId));
    if (vpcs.size > 1) invalid(`the instances are in different VPCs (${[...vpcs].join(', ')}); a load balancer serves one VPC`);
    vpcId = alive[0]!.vpcId!;
    targets = alive.map((instance) => ({ id: instance.id, label: label(instance), subnetId: instance.subnetId ?? '' }));
    preferred = context.inventory.subnets.filter((subnet) => alive.some((instance) => instance.subnetId === subnet.id));
  }
  const name = uniqueName(context, intent.name, 'web-lb');
  const subnets = loadBalancerSubnets(context, vpcId, preferred);
  if (intent.loadBalancerType === 'application' && new Set(subnets.map((subnet) => subnet.availabilityZone)).size < 2) {
    invalid(`${vpcId} has subnets in only one availability zone; an application load balancer needs two. Add a subnet in another zone first, or ask for a network load balancer`);
  }
  // An internet-facing load balancer needs an internet gateway on its VPC; without one it can only be internal.
  const scheme = context.inventory.internetGateways.some((gateway) => gateway.vpcId === vpcId) ? 'internet-facing' : 'internal';
  if (scheme === 'internal') draft.advise('warning', `${vpcId} has no internet gateway, so ${name} will be internal: reachable only from inside the VPC.`);
  const protocol = intent.loadBalancerType === 'network' ? 'TCP' : intent.protocol === 'TCP' ? 'HTTP' : intent.protocol;
  const targetProtocol = intent.loadBalancerType === 'network' ? 'TCP' : 'HTTP';
  const groupName = `${name}-tg`.slice(0, 32);
  const group = draft.step({
    action: `create target group ${groupName} (${targetProtocol}:${intent.port}${intent.healthCheckPath ? `, health check ${intent.healthCheckPath}` : ''}) in ${vpcId}`,
    effect: 'create',
    resource: { kind: 'target-group', name: groupName },
    call: {
      service: 'elbv2',
      operation: 'CreateTargetGroup',
      input: {
        Name: groupName, Protocol: targetProtocol, Port: intent.port, VpcId: vpcId, TargetType: 'instance',
        ...(targetProtocol === 'HTTP' ? { HealthCheckPath: intent.healthCheckPath ?? '/', HealthCheckProtocol: 'HTTP' } : {}),
      },
    },
    outputs: { arn: 'TargetGroups[0].TargetGroupArn' },
    inverse: (self) => elbv2('DeleteTargetGroup', { TargetGroupArn: draft.ref(self, 'arn') }),
  });
  const balancer = draft.step({
    action: `create ${scheme} ${intent.loadBalancerType} load balancer ${name} across ${subnets.map((subnet) => subnet.availabilityZone).join(', ')}`,
    effect: 'create',
    resource: { kind: 'load-balancer', name },
    call: {
      service: 'elbv2',
      operation: 'CreateLoadBalancer',
      input: { Name: name, Type: intent.loadBalancerType, Scheme: scheme, Subnets: subnets.map((subnet) => subnet.id), Tags: [{ Key: 'Name', Value: name }] },
    },
    outputs: { arn: 'LoadBalancers[0].LoadBalancerArn', dnsName: 'LoadBalancers[0].DNSName' },
    inverse: (self) => elbv2('DeleteLoadBalancer', { LoadBalancerArn: draft.ref(self, 'arn') }),
  });
  // Protected as soon as it exists; a rollback lifts the protection before it deletes the balancer.
  draft.step({
    action: `turn on deletion protection for ${name}`,
    effect: 'update-live',
    resource: { kind: 'load-balancer', name },
    call: elbv2('ModifyLoadBalancerAttributes', { LoadBalancerArn: draft.ref(balancer, 'arn'), Attributes: deletionProtection(true) }),
    dependsOn: [balancer],
    inverse: elbv2('ModifyLoadBalancerAttributes', { LoadBalancerArn: draft.ref(balancer, 'arn'), Attributes: deletionProtection(false) }),
  });
  const listener = draft.step({
    action: `listen on ${protocol}:${intent.port} and forward to ${groupName}`,
    effect: 'create',
    resource: { kind: 'listener', name: `${name}:${intent.port}` },
    call: {
      service: 'elbv2',
      operation: 'CreateListener',
      input: { LoadBalancerArn: draft.ref(balancer, 'arn'), Protocol: protocol, Port: intent.port, DefaultActions: [{ Type: 'forward', TargetGroupArn: draft.ref(group, 'arn') }] },
    },
    outputs: { arn: 'Listeners[0].ListenerArn' },
    dependsOn: [balancer, group],
    inverse: (self) => elbv2('DeleteListener', { ListenerArn: draft.ref(self, 'arn') }),
  });
  draft.step({
    action: `register ${targets.map((target) => target.label).join(', ')} in ${groupName}`,
    effect: 'update-live',
    resource: { kind: 'target-group', name: groupName },
    call: { service: 'elbv2', operation: 'RegisterTargets', input: { TargetGroupArn: draft.ref(group, 'arn'), Targets: targets.map((target) => ({ Id: target.id, Port: intent.port })) } },
    dependsOn: [group, ...after],
    inverse: elbv2('DeregisterTargets', { TargetGroupArn: draft.ref(group, 'arn'), Targets: targets.map((target) => ({ Id: target.id, Port: intent.port })) }),
  });
  draft.step({
    action: `wait for ${name} to be active`,
    effect: 'read',
    resource: { kind: 'load-balancer', name },
    call: { service: 'elbv2', operation: 'DescribeLoadBalancers', input: { LoadBalancerArns: [draft.ref(balancer, 'arn')] } },
    dependsOn: [listener],
    wait: loadBalancerActive(draft.ref(balancer, 'arn'), name),
  });
  draft.expect(`${name} is active, with deletion protection on`, { kind: 'load-balancer', name }, { state: 'active', deletionProtection: true });
  draft.expect(`${groupName} has ${targets.length} registered target(s)`, { kind: 'target-group', name: groupName }, { targetCount: targets.length });
  draft.advise('info', `Targets start as 'initial' and turn 'healthy' after ${intent.loadBalancerType === 'network' ? '5 TCP checks' : `5 passing checks of ${intent.healthCheckPath ?? '/'}`} 30 s apart; make sure the instances answer on port ${intent.port}.`);
  draft.advise('info', `${name} is protected against deletion; to delete it, ask Cirro (it turns the protection off first) or turn deletion protection off yourself.`);
  if (intent.loadBalancerType === 'application') {
    draft.advise('info', `The load balancer uses ${vpcId}'s default security group; allow port ${intent.port} there (or say "open port ${intent.port} on the load balancer") for traffic from the internet.`);
  }
  return `put ${targets.map((target) => target.label).join(', ')} behind a new ${intent.loadBalancerType} load balancer ${name} on port ${intent.port}`;
}
