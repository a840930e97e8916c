import type {
  CreateTargetGroupInput, CreateTargetGroupOutput, DeleteTargetGroupInput, DeleteTargetGroupOutput, DescribeTargetGroupsInput,
  DescribeTargetGroupsOutput, ModifyTargetGroupInput, ModifyTargetGroupOutput, TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { handler, type ServiceContext } from '../../../service.js';
import { checkArn, targetGroupArn } from '../arns.js';
import { defaultAttributes } from '../attributes.js';
import { elbv2Errors } from '../errors.js';
import { applyHealthCheck, defaultHealthCheck } from '../health-check.js';
import { ec2Store, elbv2Store, requireLoadBalancer, requireTargetGroup } from '../lookups.js';
import { pageByMarker } from '../paging.js';
import type { TargetGroupRecord, TargetType } from '../records.js';
import { forwardedGroups, type Elbv2Store } from '../store.js';
import { validTags } from '../tags.js';
import { checkEnum, checkName, checkPort } from '../validation.js';
import { TARGET_GROUP_ATTRIBUTES } from './target-group-attributes.js';

const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'] as const;

/** A target group as DescribeTargetGroups returns it. */
export function apiTargetGroup(group: TargetGroupRecord): TargetGroup {
  const check = group.healthCheck;
  const http = check.protocol === 'HTTP' || check.protocol === 'HTTPS';
  return {
    TargetGroupArn: group.id,
    TargetGroupName: group.name,
    Protocol: group.protocol as TargetGroup['Protocol'],
    Port: group.port,
    VpcId: group.vpcId,
    HealthCheckProtocol: check.protocol as TargetGroup['HealthCheckProtocol'],
    HealthCheckPort: check.port,
    HealthCheckEnabled: check.enabled,
    HealthCheckIntervalSeconds: check.intervalSeconds,
    HealthCheckTimeoutSeconds: check.timeoutSeconds,
    HealthyThresholdCount: check.healthyThreshold,
    UnhealthyThresholdCount: check.unhealthyThreshold,
    HealthCheckPath: http ? check.path : undefined,
    Matcher: http ? check.matcher : undefined,
    LoadBalancerArns: Object.keys(group.usage),
    TargetType: group.targetType,
    ProtocolVersion: group.protocolVersion,
    IpAddressType: group.ipAddressType as TargetGroup['IpAddressType'],
  };
}

function requiredForTargets(input: CreateTargetGroupInput, targetType: TargetType): void {
  const given = { Protocol: input.Protocol, Port: input.Port, 'VPC ID': input.VpcId };
  for (const [name, value] of Object.entries(given)) {
    if (targetType === 'lambda' && value !== undefined) {
      throw elbv2Errors.validation(`${name} cannot be specified for target groups with target type 'lambda'`);
    }
    if (targetType !== 'lambda' && value === undefined) {
      throw elbv2Errors.validation(`A ${name === 'VPC ID' ? name : name.toLowerCase()} must be specified for target groups with target type '${targetType}'`);
    }
  }
}

function buildTargetGroup(context: ServiceContext, input: CreateTargetGroupInput): Omit<TargetGroupRecord, 'id' | 'createdAt' | 'usage' | 'tags'> {
  const name = checkName('Target group', input.Name!);
  const targetType = checkEnum<TargetType>('targetType', input.TargetType ?? 'instance', ['instance', 'ip', 'lambda', 'alb']);
  requiredForTargets(input, targetType);
  const protocol = input.Protocol === undefined ? undefined : checkEnum('protocol', input.Protocol, PROTOCOLS);
  if (input.Port !== undefined) checkPort('port', input.Port);
  if (protocol === 'GENEVE' && input.Port !== 6081) throw elbv2Errors.validation('Target groups with the GENEVE protocol must use port 6081');
  if (targetType === 'alb' && protocol !== 'TCP') throw elbv2Errors.validation("Target groups with target type 'alb' must use the TCP protocol");
  const http = protocol === 'HTTP' || protocol === 'HTTPS';
  if (input.ProtocolVersion !== undefined && !http) throw elbv2Errors.validation('A protocol version can only be specified for target groups with the HTTP or HTTPS protocol');
  const protocolVersion = http ? checkEnum('protocolVersion', (input.ProtocolVersion ?? 'HTTP1').toUpperCase(), ['HTTP1', 'HTTP2', 'GRPC']) : undefined;
  if (input.VpcId !== undefined && !ec2Store(context).vpcs.has(input.VpcId)) throw elbv2Errors.validation(`The VPC ID '${input.VpcId}' is not found`);
  const ipAddressType = checkEnum('ipAddressType', input.IpAddressType ?? 'ipv4', ['ipv4', 'ipv6']);
  const owner = { protocol, protocolVersion, targetType };
  const healthCheckProtocol = input.HealthCheckProtocol === undefined ? undefined : checkEnum('healthCheckProtocol', input.HealthCheckProtocol, ['HTTP', 'HTTPS', 'TCP']);
  const healthCheck = applyHealthCheck(owner, defaultHealthCheck(owner, healthCheckProtocol), { ...input, HealthCheckProtocol: healthCheckProtocol });
  return {
    name,
    protocol,
    protocolVersion,
    port: input.Port,
    vpcId: input.VpcId,
    targetType,
    ipAddressType,
    healthCheck,
    attributes: defaultAttributes(TARGET_GROUP_ATTRIBUTES, owner),
  };
}

function sameSettings(existing: TargetGroupRecord, wanted: ReturnType<typeof buildTargetGroup>): boolean {
  return (
    existing.protocol === wanted.protocol &&
    existing.port === wanted.port &&
    existing.vpcId === wanted.vpcId &&
    existing.targetType === wanted.targetType &&
    existing.protocolVersion === wanted.protocolVersion &&
    JSON.stringify(existing.healthCheck) === JSON.stringify(wanted.healthCheck)
  );
}

/** The target groups a load balancer's listeners and rules forward to. */
function groupsOf(store: Elbv2Store, balancerArn: string): TargetGroupRecord[] {
  const arns = new Set<string>();
  for (const listener of store.listeners.find('load-balancer', balancerArn)) {
    for (const arn of forwardedGroups(listener.defaultActions)) arns.add(arn);
    for (const rule of store.rules.find('listener', listener.id)) for (const arn of forwardedGroups(rule.actions)) arns.add(arn);
  }
  return [...arns].map((arn) => store.targetGroups.get(arn)).filter((group): group is TargetGroupRecord => !!group)
    .sort((a, b) => store.targetGroups.orderOf(a.id) - store.targetGroups.orderOf(b.id));
}

function describeTargetGroups(store: Elbv2Store, input: DescribeTargetGroupsInput): TargetGroupRecord[] {
  const names = input.Names ?? [];
  const arns = input.TargetGroupArns ?? [];
  const given = [input.LoadBalancerArn !== undefined, names.length > 0, arns.length > 0].filter(Boolean).length;
  if (given > 1) throw elbv2Errors.validation("Only one of 'LoadBalancerArn', 'TargetGroupArns' or 'Names' can be specified");
  if (input.LoadBalancerArn !== undefined) return groupsOf(store, requireLoadBalancer(store, input.LoadBalancerArn).id);
  if (names.length > 0) {
    const missing = names.filter((name) => store.targetGroups.lookup('name', name).size === 0);
    if (missing.length > 0) throw elbv2Errors.targetGroupsNotFound(missing);
    return [...new Set(names)].flatMap((name) => store.targetGroups.find('name', name));
  }
  if (arns.length > 0) {
    for (const arn of arns) checkArn(arn, 'target group');
    const missing = arns.filter((arn) => !store.targetGroups.has(arn));
    if (missing.length > 0) throw elbv2Errors.targetGroupsNotFound(missing);
    return [...new Set(arns)].map((arn) => store.targetGroups.get(arn)!);
  }
  return [...store.targetGroups.values()];
}

/** CreateTargetGroup, DescribeTargetGroups, ModifyTargetGroup and DeleteTargetGroup. */
export const targetGroupOperations = {
  CreateTargetGroup: handler<CreateTargetGroupInput, CreateTargetGroupOutput>((context, input) => {
    const store = elbv2Store(context);
    const settings = buildTargetGroup(context, input);
    const tags = validTags(input.Tags);
    for (const existing of store.targetGroups.find('name', settings.name)) {
      // CreateTargetGroup is idempotent: the same request again returns the group it made.
      if (sameSettings(existing, settings)) return { TargetGroups: [apiTargetGroup(existing)] };
      throw elbv2Errors.duplicateTargetGroupName(settings.name);
    }
    const group = store.targetGroups.put({ id: targetGroupArn(context, settings.name), ...settings, usage: {}, createdAt: context.now, tags });
    return { TargetGroups: [apiTargetGroup(group)] };
  }),

  DescribeTargetGroups: handler<DescribeTargetGroupsInput, DescribeTargetGroupsOutput>((context, input) => {
    const page = pageByMarker(describeTargetGroups(elbv2Store(context), input), input.PageSize, input.Marker);
    return { TargetGroups: page.items.map(apiTargetGroup), NextMarker: page.nextMarker };
  }),

  ModifyTargetGroup: handler<ModifyTargetGroupInput, ModifyTargetGroupOutput>((context, input) => {
    const store = elbv2Store(context);
    const group = requireTargetGroup(store, input.TargetGroupArn!);
    const healthCheck = applyHealthCheck(group, group.healthCheck, input);
    const updated = store.targetGroups.update(group.id, (draft) => {
      draft.healthCheck = healthCheck;
    });
    return { TargetGroups: [apiTargetGroup(updated)] };
  }),

  DeleteTargetGroup: handler<DeleteTargetGroupInput, DeleteTargetGroupOutput>((context, input) => {
    const store = elbv2Store(context);
    const arn = checkArn(input.TargetGroupArn!, 'target group');
    const group = store.targetGroups.get(arn);
    if (!group) return {};
    if (Object.keys(group.usage).length > 0) {
      throw elbv2Errors.resourceInUse(`Target group '${arn}' is currently in use by a listener or a rule`);
    }
    for (const target of store.targets.find('target-group', arn)) store.targets.delete(target.id);
    store.targetGroups.delete(arn);
    return {};
  }),
};
