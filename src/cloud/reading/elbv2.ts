import {
  DescribeListenersCommand, DescribeLoadBalancerAttributesCommand, DescribeLoadBalancersCommand, DescribeTagsCommand, DescribeTargetGroupsCommand, DescribeTargetHealthCommand,
  type Listener, type LoadBalancer, type TargetGroup, type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ListenerView, LoadBalancerView, ResourceKind, TargetGroupView, TargetView } from '../inventory.js';
import { allPages, chunks, pageSizeFor, tagRecord, type ReadContext } from './read-context.js';
import { kindsInWords } from '../kind-labels.js';
import { classifyReadFailure, gapWarning } from './read-failure.js';

/** Reads load balancers (all, or the given ARNs) with their tags and deletion protection. */
export async function readLoadBalancers(context: ReadContext, arns?: readonly string[]): Promise<LoadBalancerView[]> {
  const balancers = await allPages((marker) =>
    context.call(async () => {
      const output = await context.clients.elbv2.send(new DescribeLoadBalancersCommand(
        arns ? { LoadBalancerArns: [...arns] } : { PageSize: pageSizeFor(context, 'elbv2'), Marker: marker }));
      return { items: output.LoadBalancers, next: output.NextMarker };
    }));
  const balancerArns = balancers.map((balancer) => balancer.LoadBalancerArn ?? '');
  const [tags, protection] = await Promise.all([readTags(context, balancerArns, 'load-balancer'), readDeletionProtection(context, balancerArns)]);
  return balancers.map((balancer) => loadBalancerView(balancer, tags.get(balancer.LoadBalancerArn ?? ''), protection.get(balancer.LoadBalancerArn ?? '')));
}

/** Reads target groups with their tags and the health of their registered targets (one call per group). */
export async function readTargetGroups(context: ReadContext, arns?: readonly string[]): Promise<TargetGroupView[]> {
  const groups = await allPages((marker) =>
    context.call(async () => {
      const output = await context.clients.elbv2.send(new DescribeTargetGroupsCommand(
        arns ? { TargetGroupArns: [...arns] } : { PageSize: pageSizeFor(context, 'elbv2'), Marker: marker }));
      return { items: output.TargetGroups, next: output.NextMarker };
    }));
  const [tags, health] = await Promise.all([
    readTags(context, groups.map((group) => group.TargetGroupArn ?? ''), 'target-group'),
    readTargetHealth(context, groups.map((group) => group.TargetGroupArn ?? '')),
  ]);
  return groups
    .filter((group) => health.get(group.TargetGroupArn ?? '') !== 'gone')
    .map((group) => {
      const targets = health.get(group.TargetGroupArn ?? '');
      return targetGroupView(group, tags.get(group.TargetGroupArn ?? ''), targets === 'gone' ? [] : targets ?? []);
    });
}

/** Reads the listeners of the given load balancers (AWS asks for one load balancer per call), or listeners by ARN. */
export async function readListeners(context: ReadContext, loadBalancerArns: readonly string[], listenerArns?: readonly string[]): Promise<ListenerView[]> {
  if (listenerArns) {
    const output = await context.call(() => context.clients.elbv2.send(new DescribeListenersCommand({ ListenerArns: [...listenerArns] })));
    return (output.Listeners ?? []).map(listenerView);
  }
  const perBalancer = await Promise.all(loadBalancerArns.map(async (loadBalancerArn) => {
    try {
      return await allPages((marker) =>
        context.call(async () => {
          const output = await context.clients.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn, PageSize: pageSizeFor(context, 'elbv2'), Marker: marker }));
          return { items: output.Listeners, next: output.NextMarker };
        }));
    } catch (error) {
      // A load balancer deleted since it was listed has no listeners to show.
      if (classifyReadFailure(error).type === 'gone') return [];
      throw error;
    }
  }));
  return perBalancer.flat().map(listenerView);
}

/** Tags by ARN, 20 ARNs per call as AWS allows; an endpoint without DescribeTags leaves them empty. */
async function readTags(context: ReadContext, arns: readonly string[], kind: ResourceKind): Promise<Map<string, Record<string, string>>> {
  const found = new Map<string, Record<string, string>>();
  try {
    await Promise.all(chunks(arns.filter((arn) => arn !== ''), 20).map(async (batch) => {
      const output = await context.call(() => context.clients.elbv2.send(new DescribeTagsCommand({ ResourceArns: batch })));
      for (const description of output.TagDescriptions ?? []) {
        if (description.ResourceArn) found.set(description.ResourceArn, tagRecord(description.Tags));
      }
    }));
  } catch (error) {
    const failure = classifyReadFailure(error);
    if (failure.type === 'fatal') throw error;
    if (failure.type !== 'gone') {
      context.warn(gapWarning('elbv2', [kind], 'DescribeTags', failure, { subject: `tags of ${kindsInWords([kind])}`, consequence: 'they are shown untagged' }));
    }
  }
  return found;
}

/**
 * deletion_protection.enabled per load balancer ARN (AWS has one attribute call per load balancer, so they
 * run in parallel). An endpoint without the call leaves them unknown, with one warning; a load balancer
 * deleted since it was listed is simply left out.
 */
async function readDeletionProtection(context: ReadContext, arns: readonly string[]): Promise<Map<string, boolean>> {
  const found = new Map<string, boolean>();
  let warned = false;
  await Promise.all(arns.filter((arn) => arn !== '').map(async (arn) => {
    try {
      const output = await context.call(() => context.clients.elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn })));
      const value = (output.Attributes ?? []).find((attribute) => attribute.Key === 'deletion_protection.enabled')?.Value;
      if (value !== undefined) found.set(arn, value === 'true');
    } catch (error) {
      const failure = classifyReadFailure(error);
      if (failure.type === 'fatal') throw error;
      if (failure.type !== 'gone' && !warned) {
        warned = true;
        context.warn(gapWarning('elbv2', ['load-balancer'], 'DescribeLoadBalancerAttributes', failure, { subject: 'load balancer attributes', consequence: 'deletion protection is shown as unknown' }));
      }
    }
  }));
  return found;
}

/** Target health per group ARN; 'gone' for a group deleted since it was listed. */
async function readTargetHealth(context: ReadContext, arns: readonly string[]): Promise<Map<string, TargetView[] | 'gone'>> {
  const found = new Map<string, TargetView[] | 'gone'>();
  let warned = false;
  await Promise.all(arns.filter((arn) => arn !== '').map(async (arn) => {
    try {
      const output = await context.call(() => context.clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn })));
      found.set(arn, (output.TargetHealthDescriptions ?? []).map(targetView));
    } catch (error) {
      const failure = classifyReadFailure(error);
      if (failure.type === 'fatal') throw error;
      if (failure.type === 'gone') {
        found.set(arn, 'gone');
      } else if (!warned) {
        warned = true;
        context.warn(gapWarning('elbv2', ['target-group'], 'DescribeTargetHealth', failure, { subject: 'target group members', consequence: 'groups are shown without targets' }));
      }
    }
  }));
  return found;
}

/** Maps an SDK load balancer (with its tags and deletion protection, read separately) to its view (the id is its ARN). */
export function loadBalancerView(balancer: LoadBalancer, tags: Record<string, string> = {}, deletionProtection?: boolean): LoadBalancerView {
  return {
    kind: 'load-balancer', id: balancer.LoadBalancerArn ?? '', name: balancer.LoadBalancerName, tags,
    type: balancer.Type ?? 'application',
    scheme: balancer.Scheme ?? 'internet-facing',
    state: balancer.State?.Code ?? 'unknown',
    dnsName: balancer.DNSName ?? '',
    vpcId: balancer.VpcId ?? '',
    subnetIds: (balancer.AvailabilityZones ?? []).flatMap((zone) => (zone.SubnetId ? [zone.SubnetId] : [])),
    securityGroupIds: balancer.SecurityGroups ?? [],
    deletionProtection,
  };
}

/** Maps an SDK target group and its targets to its view (the id is its ARN). */
export function targetGroupView(group: TargetGroup, tags: Record<string, string> = {}, targets: readonly TargetView[] = []): TargetGroupView {
  return {
    kind: 'target-group', id: group.TargetGroupArn ?? '', name: group.TargetGroupName, tags,
    protocol: group.Protocol,
    port: group.Port,
    vpcId: group.VpcId,
    targetType: group.TargetType ?? 'instance',
    healthCheckPath: group.HealthCheckPath,
    loadBalancerArns: group.LoadBalancerArns ?? [],
    targets,
  };
}

/** Maps an SDK listener to its view: the groups it forwards to, by default action or weighted forward. */
export function listenerView(listener: Listener): ListenerView {
  const groups = new Set<string>();
  for (const action of listener.DefaultActions ?? []) {
    if (action.TargetGroupArn) groups.add(action.TargetGroupArn);
    for (const tuple of action.ForwardConfig?.TargetGroups ?? []) if (tuple.TargetGroupArn) groups.add(tuple.TargetGroupArn);
  }
  return {
    kind: 'listener', id: listener.ListenerArn ?? '', name: undefined, tags: {},
    loadBalancerArn: listener.LoadBalancerArn ?? '',
    protocol: listener.Protocol,
    port: listener.Port,
    targetGroupArns: [...groups],
  };
}

/** Maps one registered target and its health. */
function targetView(description: TargetHealthDescription): TargetView {
  return {
    id: description.Target?.Id ?? '',
    port: description.Target?.Port,
    state: description.TargetHealth?.State ?? 'unavailable',
    reason: description.TargetHealth?.Reason,
  };
}
