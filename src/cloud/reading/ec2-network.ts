import {
  DescribeInternetGatewaysCommand, DescribeRouteTablesCommand, DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand, DescribeVpcsCommand,
  type InternetGateway, type IpPermission, type RouteTable, type SecurityGroup, type SecurityGroupRule, type Subnet, type Vpc,
} from '@aws-sdk/client-ec2';
import type { InternetGatewayView, RouteTableView, SecurityGroupView, SecurityRuleView, SubnetView, VpcView } from '../inventory.js';
import { allPages, pageSizeFor, tagRecord, type ReadContext } from './read-context.js';
import { classifyReadFailure } from './read-failure.js';

/** Reads VPCs (all, or the given ids). */
export async function readVpcs(context: ReadContext, ids?: readonly string[]): Promise<VpcView[]> {
  const vpcs = await allPages((token) =>
    context.call(async () => {
      const output = await context.clients.ec2.send(new DescribeVpcsCommand(ids ? { VpcIds: [...ids] } : { MaxResults: pageSizeFor(context, 'DescribeVpcs'), NextToken: token }));
      return { items: output.Vpcs, next: output.NextToken };
    }));
  return vpcs.map(vpcView);
}

/** Reads subnets. */
export async function readSubnets(context: ReadContext, ids?: readonly string[]): Promise<SubnetView[]> {
  const subnets = await allPages((token) =>
    context.call(async () => {
      const output = await context.clients.ec2.send(new DescribeSubnetsCommand(ids ? { SubnetIds: [...ids] } : { MaxResults: pageSizeFor(context, 'DescribeSubnets'), NextToken: token }));
      return { items: output.Subnets, next: output.NextToken };
    }));
  return subnets.map(subnetView);
}

/** Reads internet gateways. */
export async function readInternetGateways(context: ReadContext, ids?: readonly string[]): Promise<InternetGatewayView[]> {
  const gateways = await allPages((token) =>
    context.call(async () => {
      const output = await context.clients.ec2.send(new DescribeInternetGatewaysCommand(
        ids ? { InternetGatewayIds: [...ids] } : { MaxResults: pageSizeFor(context, 'DescribeInternetGateways'), NextToken: token }));
      return { items: output.InternetGateways, next: output.NextToken };
    }));
  return gateways.map(internetGatewayView);
}

/** Reads route tables. */
export async function readRouteTables(context: ReadContext, ids?: readonly string[]): Promise<RouteTableView[]> {
  const tables = await allPages((token) =>
    context.call(async () => {
      const output = await context.clients.ec2.send(new DescribeRouteTablesCommand(
        ids ? { RouteTableIds: [...ids] } : { MaxResults: pageSizeFor(context, 'DescribeRouteTables'), NextToken: token }));
      return { items: output.RouteTables, next: output.NextToken };
    }));
  return tables.map(routeTableView);
}

/**
 * Reads security groups with their rules. Rule ids come from DescribeSecurityGroupRules, read in
 * parallel; an endpoint without it still gives the rules (without ids) from the groups' permissions.
 */
export async function readSecurityGroups(context: ReadContext, ids?: readonly string[]): Promise<SecurityGroupView[]> {
  const groupsRead = allPages((token) =>
    context.call(async () => {
      const output = await context.clients.ec2.send(new DescribeSecurityGroupsCommand(
        ids ? { GroupIds: [...ids] } : { MaxResults: pageSizeFor(context, 'DescribeSecurityGroups'), NextToken: token }));
      return { items: output.SecurityGroups, next: output.NextToken };
    }));
  const rulesRead = allPages((token) =>
    context.call(async () => {
      const output = await context.clients.ec2.send(new DescribeSecurityGroupRulesCommand({
        MaxResults: pageSizeFor(context, 'DescribeSecurityGroupRules'),
        NextToken: token,
        ...(ids ? { Filters: [{ Name: 'group-id', Values: [...ids] }] } : {}),
      }));
      return { items: output.SecurityGroupRules, next: output.NextToken };
    })).catch((error: unknown) => {
      const failure = classifyReadFailure(error);
      if (failure.type === 'absent' || failure.type === 'denied') return undefined;
      throw error;
    });
  const [groups, rules] = await Promise.all([groupsRead, rulesRead]);
  const rulesByGroup = new Map<string, SecurityRuleView[]>();
  for (const rule of rules ?? []) {
    if (!rule.GroupId) continue;
    const list = rulesByGroup.get(rule.GroupId) ?? [];
    list.push(ruleFromApi(rule));
    rulesByGroup.set(rule.GroupId, list);
  }
  return groups.map((group) => securityGroupView(group, rules ? rulesByGroup.get(group.GroupId ?? '') ?? [] : flattenPermissions(group)));
}

/** Maps an SDK VPC to its view. */
export function vpcView(vpc: Vpc): VpcView {
  const tags = tagRecord(vpc.Tags);
  return { kind: 'vpc', id: vpc.VpcId ?? '', name: tags['Name'], tags, cidrBlock: vpc.CidrBlock ?? '', isDefault: vpc.IsDefault ?? false, state: vpc.State ?? 'available' };
}

/** Maps an SDK subnet to its view. */
export function subnetView(subnet: Subnet): SubnetView {
  const tags = tagRecord(subnet.Tags);
  return {
    kind: 'subnet', id: subnet.SubnetId ?? '', name: tags['Name'], tags,
    vpcId: subnet.VpcId ?? '',
    cidrBlock: subnet.CidrBlock ?? '',
    availabilityZone: subnet.AvailabilityZone ?? '',
    defaultForAz: subnet.DefaultForAz ?? false,
    mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
    availableIpAddressCount: subnet.AvailableIpAddressCount ?? 0,
  };
}

/** Maps an SDK internet gateway to its view (attached VPC, if any). */
export function internetGatewayView(gateway: InternetGateway): InternetGatewayView {
  const tags = tagRecord(gateway.Tags);
  const attachment = (gateway.Attachments ?? []).find((candidate) => candidate.State !== 'detached' && candidate.State !== 'detaching');
  return { kind: 'internet-gateway', id: gateway.InternetGatewayId ?? '', name: tags['Name'], tags, vpcId: attachment?.VpcId };
}

/** Maps an SDK route table to its view: main flag, explicitly associated subnets and routes. */
export function routeTableView(table: RouteTable): RouteTableView {
  const tags = tagRecord(table.Tags);
  const associations = table.Associations ?? [];
  return {
    kind: 'route-table', id: table.RouteTableId ?? '', name: tags['Name'], tags,
    vpcId: table.VpcId ?? '',
    main: associations.some((association) => association.Main === true),
    subnetIds: associations.flatMap((association) => (association.SubnetId ? [association.SubnetId] : [])),
    routes: (table.Routes ?? []).map((route) => ({
      destination: route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId ?? '',
      target: route.GatewayId ?? route.NatGatewayId ?? route.InstanceId ?? route.NetworkInterfaceId ?? route.TransitGatewayId
        ?? route.VpcPeeringConnectionId ?? route.EgressOnlyInternetGatewayId ?? route.LocalGatewayId ?? route.CarrierGatewayId ?? route.CoreNetworkArn,
    })),
  };
}

/** Maps an SDK security group and its rules to its view. */
export function securityGroupView(group: SecurityGroup, rules: readonly SecurityRuleView[]): SecurityGroupView {
  const tags = tagRecord(group.Tags);
  return {
    kind: 'security-group', id: group.GroupId ?? '', name: tags['Name'] ?? group.GroupName, tags,
    groupName: group.GroupName ?? '',
    description: group.Description ?? '',
    vpcId: group.VpcId ?? '',
    rules: [...rules].sort(compareRules),
  };
}

/** One rule from DescribeSecurityGroupRules. */
function ruleFromApi(rule: SecurityGroupRule): SecurityRuleView {
  return {
    direction: rule.IsEgress ? 'egress' : 'ingress',
    protocol: rule.IpProtocol ?? '-1',
    ...ports(rule.IpProtocol, rule.FromPort, rule.ToPort),
    source: rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.ReferencedGroupInfo?.GroupId ?? rule.PrefixListId ?? '',
    description: rule.Description,
    ruleId: rule.SecurityGroupRuleId,
  };
}

/** Rules from a group's IpPermissions, one per source (no rule ids: the API does not give them here). */
export function flattenPermissions(group: SecurityGroup): SecurityRuleView[] {
  const flatten = (permissions: readonly IpPermission[] | undefined, direction: 'ingress' | 'egress'): SecurityRuleView[] =>
    (permissions ?? []).flatMap((permission) => {
      const base = { direction, protocol: permission.IpProtocol ?? '-1', ...ports(permission.IpProtocol, permission.FromPort, permission.ToPort), ruleId: undefined };
      return [
        ...(permission.IpRanges ?? []).map((range) => ({ ...base, source: range.CidrIp ?? '', description: range.Description })),
        ...(permission.Ipv6Ranges ?? []).map((range) => ({ ...base, source: range.CidrIpv6 ?? '', description: range.Description })),
        ...(permission.UserIdGroupPairs ?? []).map((pair) => ({ ...base, source: pair.GroupId ?? '', description: pair.Description })),
        ...(permission.PrefixListIds ?? []).map((list) => ({ ...base, source: list.PrefixListId ?? '', description: list.Description })),
      ];
    });
  return [...flatten(group.IpPermissions, 'ingress'), ...flatten(group.IpPermissionsEgress, 'egress')];
}

/** AWS reports "all ports" as -1 (or nothing) for protocol -1; the view says undefined. */
function ports(protocol: string | undefined, from: number | undefined, to: number | undefined): { fromPort: number | undefined; toPort: number | undefined } {
  if (protocol === '-1' || protocol === undefined) return { fromPort: undefined, toPort: undefined };
  const icmp = protocol === 'icmp' || protocol === '1';
  const clean = (value: number | undefined) => (value === undefined || (value === -1 && !icmp) ? undefined : value);
  return { fromPort: clean(from), toPort: clean(to) };
}

/** Ingress before egress, then by port and source, so views compare and render stably. */
function compareRules(left: SecurityRuleView, right: SecurityRuleView): number {
  if (left.direction !== right.direction) return left.direction === 'ingress' ? -1 : 1;
  return (left.fromPort ?? -1) - (right.fromPort ?? -1) || left.protocol.localeCompare(right.protocol) || left.source.localeCompare(right.source);
}
