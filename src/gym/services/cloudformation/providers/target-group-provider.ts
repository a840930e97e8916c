import type {
  CreateTargetGroupOutput, DescribeTargetGroupAttributesOutput, DescribeTargetGroupsOutput, DescribeTargetHealthOutput, TargetDescription, TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { attributeList, changedAttributes, createTags, currentTags, elbv2, readAttributes, tagWithStack, updateTags } from './elbv2-calls.js';
import { unknownAttribute, type PropertySpec, type ProviderContext, type ResourceProperties, type ResourceProvider } from './provider.js';
import { defined, optionalBoolean, optionalInteger, optionalString, physicalName, unlessNotFound } from './provider-values.js';

function describeGroup(context: ProviderContext, arn: string): TargetGroup | undefined {
  return unlessNotFound(() => elbv2<DescribeTargetGroupsOutput>(context, 'DescribeTargetGroups', { TargetGroupArns: [arn] }).TargetGroups?.[0]);
}

/** The health check settings, as both CreateTargetGroup and ModifyTargetGroup take them. */
function healthCheck(properties: ResourceProperties): Record<string, unknown> {
  const matcher = properties['Matcher'] as { HttpCode?: string; GrpcCode?: string } | undefined;
  return {
    HealthCheckEnabled: optionalBoolean(properties, 'HealthCheckEnabled'),
    HealthCheckIntervalSeconds: optionalInteger(properties, 'HealthCheckIntervalSeconds'),
    HealthCheckPath: optionalString(properties, 'HealthCheckPath'),
    HealthCheckPort: optionalString(properties, 'HealthCheckPort'),
    HealthCheckProtocol: optionalString(properties, 'HealthCheckProtocol'),
    HealthCheckTimeoutSeconds: optionalInteger(properties, 'HealthCheckTimeoutSeconds'),
    HealthyThresholdCount: optionalInteger(properties, 'HealthyThresholdCount'),
    UnhealthyThresholdCount: optionalInteger(properties, 'UnhealthyThresholdCount'),
    Matcher: matcher,
  };
}

const HEALTH_CHECK = ['HealthCheckEnabled', 'HealthCheckIntervalSeconds', 'HealthCheckPath', 'HealthCheckPort', 'HealthCheckProtocol',
  'HealthCheckTimeoutSeconds', 'HealthyThresholdCount', 'Matcher', 'UnhealthyThresholdCount'];

/** Targets as RegisterTargets takes them (ports as numbers). */
function targets(properties: ResourceProperties): TargetDescription[] {
  const listed = (properties['Targets'] as ResourceProperties[] | undefined) ?? [];
  return listed.map((target) => defined({ Id: optionalString(target, 'Id'), Port: optionalInteger(target, 'Port'), AvailabilityZone: optionalString(target, 'AvailabilityZone') }) as unknown as TargetDescription);
}

const targetKey = (target: TargetDescription) => `${target.Id}:${target.Port ?? ''}`;

const none: PropertySpec = { update: 'none' };
const replace: PropertySpec = { update: 'replace' };

/** AWS::ElasticLoadBalancingV2::TargetGroup, with its Targets. */
export const targetGroupProvider: ResourceProvider = {
  type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
  properties: {
    ...Object.fromEntries(HEALTH_CHECK.map((name) => [name, none])),
    IpAddressType: replace, Name: replace, Port: replace, Protocol: replace, ProtocolVersion: replace, Tags: none,
    TargetGroupAttributes: none, TargetType: replace, Targets: none, VpcId: replace,
  },
  attributes: ['LoadBalancerArns', 'TargetGroupArn', 'TargetGroupFullName', 'TargetGroupName'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, attribute, context) {
    const group = describeGroup(context, physicalId);
    switch (attribute) {
      case 'LoadBalancerArns': return group?.LoadBalancerArns ?? [];
      case 'TargetGroupArn': return group?.TargetGroupArn;
      case 'TargetGroupFullName': return group ? physicalId.slice(physicalId.indexOf(':targetgroup/') + 1) : undefined;
      case 'TargetGroupName': return group?.TargetGroupName;
      default: throw unknownAttribute(this, attribute);
    }
  },
  create(context, logicalId, properties) {
    const result = elbv2<CreateTargetGroupOutput>(context, 'CreateTargetGroup', {
      Name: optionalString(properties, 'Name') ?? physicalName(context, logicalId, 32),
      Protocol: optionalString(properties, 'Protocol'),
      ProtocolVersion: optionalString(properties, 'ProtocolVersion'),
      Port: optionalInteger(properties, 'Port'),
      VpcId: optionalString(properties, 'VpcId'),
      TargetType: optionalString(properties, 'TargetType'),
      IpAddressType: optionalString(properties, 'IpAddressType'),
      ...healthCheck(properties),
      Tags: createTags(properties),
    });
    const arn = result.TargetGroups![0]!.TargetGroupArn!;
    const attributes = attributeList(properties, 'TargetGroupAttributes');
    if (attributes.length > 0) elbv2(context, 'ModifyTargetGroupAttributes', { TargetGroupArn: arn, Attributes: attributes });
    const wanted = targets(properties);
    if (wanted.length > 0) elbv2(context, 'RegisterTargets', { TargetGroupArn: arn, Targets: wanted });
    tagWithStack(context, arn, logicalId);
    return { physicalId: arn };
  },
  update(context, physicalId, previous, next) {
    if (HEALTH_CHECK.some((name) => JSON.stringify(previous[name]) !== JSON.stringify(next[name]))) {
      elbv2(context, 'ModifyTargetGroup', { TargetGroupArn: physicalId, ...healthCheck(next) });
    }
    const attributes = changedAttributes(previous, next, 'TargetGroupAttributes');
    if (attributes.length > 0) elbv2(context, 'ModifyTargetGroupAttributes', { TargetGroupArn: physicalId, Attributes: attributes });
    const before = new Map(targets(previous).map((target) => [targetKey(target), target]));
    const after = new Map(targets(next).map((target) => [targetKey(target), target]));
    const leaving = [...before].filter(([key]) => !after.has(key)).map(([, target]) => target);
    const joining = [...after].filter(([key]) => !before.has(key)).map(([, target]) => target);
    if (leaving.length > 0) elbv2(context, 'DeregisterTargets', { TargetGroupArn: physicalId, Targets: leaving });
    if (joining.length > 0) elbv2(context, 'RegisterTargets', { TargetGroupArn: physicalId, Targets: joining });
    updateTags(context, physicalId, previous, next);
  },
  delete(context, physicalId) {
    if (describeGroup(context, physicalId)) elbv2(context, 'DeleteTargetGroup', { TargetGroupArn: physicalId });
  },
  read(context, physicalId) {
    const group = describeGroup(context, physicalId);
    if (!group) return undefined;
    const attributes = elbv2<DescribeTargetGroupAttributesOutput>(context, 'DescribeTargetGroupAttributes', { TargetGroupArn: physicalId }).Attributes;
    const health = elbv2<DescribeTargetHealthOutput>(context, 'DescribeTargetHealth', { TargetGroupArn: physicalId }).TargetHealthDescriptions ?? [];
    // Targets leaving (draining) are on their way out: the template no longer lists them.
    const registered = health.filter((entry) => entry.TargetHealth?.State !== 'draining').map((entry) => defined({ Id: entry.Target?.Id, Port: entry.Target?.Port }));
    return defined({
      HealthCheckEnabled: group.HealthCheckEnabled,
      HealthCheckIntervalSeconds: group.HealthCheckIntervalSeconds,
      HealthCheckPath: group.HealthCheckPath,
      HealthCheckPort: group.HealthCheckPort,
      HealthCheckProtocol: group.HealthCheckProtocol,
      HealthCheckTimeoutSeconds: group.HealthCheckTimeoutSeconds,
      HealthyThresholdCount: group.HealthyThresholdCount,
      IpAddressType: group.IpAddressType,
      Matcher: group.Matcher,
      Name: group.TargetGroupName,
      Port: group.Port,
      Protocol: group.Protocol,
      ProtocolVersion: group.ProtocolVersion,
      Tags: currentTags(context, physicalId),
      TargetGroupAttributes: readAttributes(attributes),
      TargetType: group.TargetType,
      Targets: registered.length > 0 ? registered : undefined,
      UnhealthyThresholdCount: group.UnhealthyThresholdCount,
      VpcId: group.VpcId,
    });
  },
};
