import { isIPv6 } from 'node:net';
import type { IpPermission, SecurityGroupRule as ApiSecurityGroupRule } from '@aws-sdk/client-ec2';
import { parseCidr } from '../cidr.js';
import { ec2Errors } from '../errors.js';
import type { SecurityGroupRecord, SecurityGroupRule } from '../records/network.js';
import type { Ec2Store } from '../store.js';
import { requireSecurityGroup, groupNamed } from './security-group-lookup.js';

/** A rule as a request describes it: everything but its id. */
export type RuleSpec = Omit<SecurityGroupRule, 'ruleId'>;

/** Which list of a group a rule lives in. */
export type Direction = 'ingress' | 'egress';

const PROTOCOL_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', 'all': '-1' };
const NAMED = new Set(['tcp', 'udp', 'icmp', 'icmpv6', '-1']);

/** The protocol as AWS stores it: tcp, udp, icmp, icmpv6, -1 (all), or another protocol number. */
export function normalizeProtocol(raw: string | undefined): string {
  const value = (raw ?? '').trim().toLowerCase();
  const named = PROTOCOL_NUMBERS[value] ?? value;
  if (NAMED.has(named)) return named;
  if (/^\d{1,3}$/.test(named) && Number(named) <= 255) return String(Number(named));
  throw ec2Errors.invalidParameterValue(`Invalid value '${raw ?? ''}' for IP protocol. Unknown protocol: use tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0-255.`);
}

/** Checks a permission's ports for its protocol and returns them as stored (undefined when all ports). */
function ports(protocol: string, from: number | undefined, to: number | undefined): [number | undefined, number | undefined] {
  if (protocol === 'tcp' || protocol === 'udp') {
    if (from === undefined || to === undefined) throw ec2Errors.invalidParameterValue("Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.");
    if (from < 0 || to > 65535 || from > to) {
      throw ec2Errors.invalidParameterValue(`Invalid value '${from}-${to}' for portRange. TCP/UDP ports run from 0 to 65535 and FromPort must not exceed ToPort.`);
    }
    return [from, to];
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    const type = from ?? -1;
    const code = to ?? -1;
    if (type < -1 || type > 255 || code < -1 || code > 255) {
      throw ec2Errors.invalidParameterValue(`Invalid value '${type}/${code}' for ICMP type/code. Each is -1 (all) or 0 to 255.`);
    }
    return [type, code];
  }
  return [undefined, undefined];
}

function checkIpv4(cidr: string | undefined): string {
  if (cidr === undefined || !parseCidr(cidr)) throw ec2Errors.invalidParameterValue(`CIDR block ${cidr ?? '(none)'} is malformed`);
  return cidr;
}

function checkIpv6(cidr: string | undefined): string {
  const match = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(cidr ?? '');
  if (!match || !isIPv6(match[1]!) || Number(match[2]) > 128) throw ec2Errors.invalidParameterValue(`CIDR block ${cidr ?? '(none)'} is malformed`);
  return cidr!.toLowerCase();
}

function checkDescription(description: string | undefined): string | undefined {
  if (description !== undefined && description.length > 255) {
    throw ec2Errors.invalidParameterValue(`Rule description '${description.slice(0, 40)}…' is longer than 255 characters.`);
  }
  return description || undefined;
}

/** The group a UserIdGroupPair names, which must be in the same VPC as the group the rule belongs to. */
function referencedGroup(store: Ec2Store, owner: SecurityGroupRecord, pair: { GroupId?: string | undefined; GroupName?: string | undefined }): string {
  if (pair.GroupId !== undefined) {
    const group = requireSecurityGroup(store, pair.GroupId);
    if (group.vpcId !== owner.vpcId) {
      throw ec2Errors.notFound('InvalidGroup.NotFound', `You have specified two resources that belong to different networks (${group.id} is in ${group.vpcId}, ${owner.id} in ${owner.vpcId}).`);
    }
    return group.id;
  }
  if (pair.GroupName !== undefined) {
    const vpc = store.vpcs.get(owner.vpcId);
    if (!vpc?.isDefault) {
      throw ec2Errors.invalidParameterValue(`Invalid value '${pair.GroupName}' for groupName. You may not reference Amazon VPC security groups by name. Please use the corresponding id for this operation.`);
    }
    const group = groupNamed(store, vpc.id, pair.GroupName);
    if (!group) throw ec2Errors.groupNameNotFound(pair.GroupName, vpc.id);
    return group.id;
  }
  throw ec2Errors.missingParameter('GroupId');
}

/** Expands one IpPermission into rules (one per source or destination), validating each part as AWS does. */
export function permissionRules(store: Ec2Store, group: SecurityGroupRecord, permission: IpPermission): RuleSpec[] {
  const protocol = normalizeProtocol(permission.IpProtocol);
  const [fromPort, toPort] = ports(protocol, permission.FromPort, permission.ToPort);
  const base = { protocol, fromPort, toPort };
  const rules: RuleSpec[] = [
    ...(permission.IpRanges ?? []).map((range) => ({ ...base, cidrIpv4: checkIpv4(range.CidrIp), description: checkDescription(range.Description) })),
    ...(permission.Ipv6Ranges ?? []).map((range) => ({ ...base, cidrIpv6: checkIpv6(range.CidrIpv6), description: checkDescription(range.Description) })),
    ...(permission.UserIdGroupPairs ?? []).map((pair) => ({ ...base, referencedGroupId: referencedGroup(store, group, pair), description: checkDescription(pair.Description) })),
    ...(permission.PrefixListIds ?? []).map((list) => {
      if (!list.PrefixListId?.startsWith('pl-')) throw ec2Errors.malformedId('InvalidPrefixListId.Malformed', list.PrefixListId ?? '', 'pl');
      return { ...base, prefixListId: list.PrefixListId, description: checkDescription(list.Description) };
    }),
  ];
  if (rules.length === 0) {
    throw ec2Errors.invalidParameterValue(
      `The ${protocol === '-1' ? 'all-traffic' : protocol} permission has no source or destination: give IpRanges, Ipv6Ranges, UserIdGroupPairs or PrefixListIds.`,
    );
  }
  return rules.map(withoutUndefined);
}

/** The old single-rule parameters (CidrIp, IpProtocol, FromPort, ToPort, SourceSecurityGroupName) as a permission. */
export function legacyPermission(input: {
  CidrIp?: string | undefined; IpProtocol?: string | undefined; FromPort?: number | undefined; ToPort?: number | undefined;
  SourceSecurityGroupName?: string | undefined;
}): IpPermission | undefined {
  const { CidrIp, IpProtocol, FromPort, ToPort, SourceSecurityGroupName } = input;
  if ([CidrIp, IpProtocol, FromPort, ToPort, SourceSecurityGroupName].every((value) => value === undefined)) return undefined;
  return {
    IpProtocol: IpProtocol ?? '-1',
    FromPort,
    ToPort,
    IpRanges: CidrIp !== undefined ? [{ CidrIp }] : [],
    UserIdGroupPairs: SourceSecurityGroupName !== undefined ? [{ GroupName: SourceSecurityGroupName }] : [],
  };
}

/** What makes two rules the same rule (descriptions do not count). */
export function ruleKey(rule: RuleSpec): string {
  return [rule.protocol, rule.fromPort ?? '', rule.toPort ?? '', rule.cidrIpv4 ?? '', rule.cidrIpv6 ?? '', rule.referencedGroupId ?? '', rule.prefixListId ?? ''].join('|');
}

/** A rule as AWS quotes it in InvalidPermission errors. */
export function quoteRule(rule: RuleSpec, direction: Direction): string {
  const peer = rule.cidrIpv4 ?? rule.cidrIpv6 ?? rule.referencedGroupId ?? rule.prefixListId ?? '';
  const protocol = rule.protocol === '-1' ? 'ALL' : rule.protocol.toUpperCase();
  const range = rule.fromPort === undefined ? '' : `, from port: ${rule.fromPort}, to port: ${rule.toPort}`;
  return `"peer: ${peer}, ${protocol}${range}, ALLOW"${direction === 'egress' ? ' (egress)' : ''}`;
}

/** Rules as DescribeSecurityGroups shows them: grouped by protocol and port range, in first-seen order. */
export function apiPermissions(rules: readonly SecurityGroupRule[], accountId: string): IpPermission[] {
  const permissions = new Map<string, Required<Pick<IpPermission, 'IpRanges' | 'Ipv6Ranges' | 'UserIdGroupPairs' | 'PrefixListIds'>> & IpPermission>();
  for (const rule of rules) {
    const key = `${rule.protocol}|${rule.fromPort ?? ''}|${rule.toPort ?? ''}`;
    let permission = permissions.get(key);
    if (!permission) {
      permission = { IpProtocol: rule.protocol, FromPort: rule.fromPort, ToPort: rule.toPort, IpRanges: [], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [] };
      permissions.set(key, permission);
    }
    if (rule.cidrIpv4 !== undefined) permission.IpRanges.push({ CidrIp: rule.cidrIpv4, Description: rule.description });
    if (rule.cidrIpv6 !== undefined) permission.Ipv6Ranges.push({ CidrIpv6: rule.cidrIpv6, Description: rule.description });
    if (rule.referencedGroupId !== undefined) permission.UserIdGroupPairs.push({ GroupId: rule.referencedGroupId, UserId: accountId, Description: rule.description });
    if (rule.prefixListId !== undefined) permission.PrefixListIds.push({ PrefixListId: rule.prefixListId, Description: rule.description });
  }
  return [...permissions.values()];
}

/** One rule as DescribeSecurityGroupRules and the authorize calls return it. */
export function apiRule(group: SecurityGroupRecord, rule: SecurityGroupRule, direction: Direction, region: string, accountId: string): ApiSecurityGroupRule {
  const allPorts = rule.fromPort === undefined;
  return {
    SecurityGroupRuleId: rule.ruleId,
    GroupId: group.id,
    GroupOwnerId: accountId,
    IsEgress: direction === 'egress',
    IpProtocol: rule.protocol,
    FromPort: allPorts ? -1 : rule.fromPort,
    ToPort: allPorts ? -1 : rule.toPort,
    CidrIpv4: rule.cidrIpv4,
    CidrIpv6: rule.cidrIpv6,
    PrefixListId: rule.prefixListId,
    ReferencedGroupInfo: rule.referencedGroupId ? { GroupId: rule.referencedGroupId, UserId: accountId } : undefined,
    Description: rule.description,
    SecurityGroupRuleArn: `arn:aws:ec2:${region}:${accountId}:security-group-rule/${rule.ruleId}`,
  };
}

/** The default egress rule every new group gets: all traffic to anywhere. */
export const ALLOW_ALL_EGRESS: RuleSpec = { protocol: '-1', fromPort: undefined, toPort: undefined, cidrIpv4: '0.0.0.0/0' };

/** Keeps stored records plain: no keys whose value is undefined. */
function withoutUndefined(rule: RuleSpec): RuleSpec {
  return Object.fromEntries(Object.entries(rule).filter(([, value]) => value !== undefined)) as unknown as RuleSpec;
}
