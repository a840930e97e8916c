import type { ListenerView, LoadBalancerView, TargetGroupView } from '../../cloud/inventory.js';
import { compact, templateTags, type TemplateBuilder } from './template-builder.js';

/** Writes an AWS::ElasticLoadBalancingV2::LoadBalancer (type and scheme only when not AWS's application/internet-facing). */
export function writeLoadBalancer(builder: TemplateBuilder, balancer: LoadBalancerView): void {
  const subnets = builder.references(balancer.subnetIds);
  const groups = builder.references(balancer.securityGroupIds);
  builder.add(builder.logicalId(balancer.id), {
    Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    Properties: compact({
      Name: balancer.name,
      Type: balancer.type === 'application' ? undefined : balancer.type,
      Scheme: balancer.scheme === 'internet-facing' ? undefined : balancer.scheme,
      Subnets: subnets,
      SecurityGroups: groups.length > 0 ? groups : undefined,
      LoadBalancerAttributes: balancer.deletionProtection ? [{ Key: 'deletion_protection.enabled', Value: 'true' }] : undefined,
      Tags: templateTags(balancer.tags),
    }),
  });
}

/**
 * Writes an AWS::ElasticLoadBalancingV2::TargetGroup with its registered targets (a target's port only
 * when it is not the group's), the health check path only when it is not AWS's `/`.
 */
export function writeTargetGroup(builder: TemplateBuilder, group: TargetGroupView): void {
  const targets = group.targets
    // Instances (by id, or one a plan creates, under its placeholder id) are referenced; IP and Lambda targets are literal.
    .map((target) => compact({ Id: target.id.startsWith('i-') || builder.inventory.instances.some((instance) => instance.id === target.id) ? builder.reference(target.id) : target.id, Port: target.port !== group.port ? target.port : undefined }))
    .sort((left, right) => JSON.stringify(left).localeCompare(JSON.stringify(right)));
  builder.add(builder.logicalId(group.id), {
    Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    Properties: compact({
      Name: group.name,
      Protocol: group.protocol,
      Port: group.port,
      VpcId: group.vpcId ? builder.reference(group.vpcId) : undefined,
      TargetType: group.targetType === 'instance' ? undefined : group.targetType,
      HealthCheckPath: group.healthCheckPath && group.healthCheckPath !== '/' ? group.healthCheckPath : undefined,
      Targets: targets.length > 0 ? targets : undefined,
      Tags: templateTags(group.tags),
    }),
  });
}

/**
 * Writes an AWS::ElasticLoadBalancingV2::Listener forwarding to its target groups. Returns false for a
 * listener whose default action forwards nowhere (a redirect or fixed response the inventory does not
 * describe), which is then left out rather than written wrong.
 */
export function writeListener(builder: TemplateBuilder, listener: ListenerView): boolean {
  const groups = [...listener.targetGroupArns].sort();
  if (groups.length === 0) return false;
  const action = groups.length === 1
    ? { Type: 'forward', TargetGroupArn: builder.reference(groups[0]!) }
    : { Type: 'forward', ForwardConfig: { TargetGroups: groups.map((arn) => ({ TargetGroupArn: builder.reference(arn) })) } };
  builder.add(builder.logicalId(listener.id), {
    Type: 'AWS::ElasticLoadBalancingV2::Listener',
    Properties: compact({
      LoadBalancerArn: builder.reference(listener.loadBalancerArn),
      Protocol: listener.protocol,
      Port: listener.port,
      DefaultActions: [action],
    }),
  });
  return true;
}
