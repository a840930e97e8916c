import type { DescribeSecurityGroupRulesResult, IpPermission, SecurityGroupRule } from '@aws-sdk/client-ec2';
import { ec2 } from './ec2-calls.js';
import type { ProviderContext, ResourceProperties } from './provider.js';
import { defined, optionalInteger, optionalString } from './provider-values.js';

/** Ingress or egress. */
export type RuleDirection = 'ingress' | 'egress';

/** A rule as templates write it (inline in SecurityGroupIngress/Egress, or as its own resource). */
export type CfnRule = ResourceProperties;

/** The rule every new group gets and CloudFormation restores when a template stops listing egress rules. */
export const ALLOW_ALL_EGRESS: CfnRule = { IpProtocol: '-1', CidrIp: '0.0.0.0/0' };

/** Where a rule's traffic comes from (ingress) or goes to (egress), by template property name. */
function peerNames(direction: RuleDirection): { group: string; prefixList: string } {
  return direction === 'ingress'
    ? { group: 'SourceSecurityGroupId', prefixList: 'SourcePrefixListId' }
    : { group: 'DestinationSecurityGroupId', prefixList: 'DestinationPrefixListId' };
}

/** A template rule as the IpPermission EC2's Authorize and Revoke calls take. */
export function ipPermission(rule: CfnRule, direction: RuleDirection): IpPermission {
  const peer = peerNames(direction);
  const Description = optionalString(rule, 'Description');
  const protocol = optionalString(rule, 'IpProtocol') ?? '-1';
  const allTraffic = protocol === '-1';
  const cidr = optionalString(rule, 'CidrIp');
  const cidrV6 = optionalString(rule, 'CidrIpv6');
  const group = optionalString(rule, peer.group);
  const groupName = direction === 'ingress' ? optionalString(rule, 'SourceSecurityGroupName') : undefined;
  const prefixList = optionalString(rule, peer.prefixList);
  return {
    IpProtocol: protocol,
    FromPort: allTraffic ? undefined : optionalInteger(rule, 'FromPort'),
    ToPort: allTraffic ? undefined : optionalInteger(rule, 'ToPort'),
    IpRanges: cidr ? [{ CidrIp: cidr, Description }] : undefined,
    Ipv6Ranges: cidrV6 ? [{ CidrIpv6: cidrV6, Description }] : undefined,
    UserIdGroupPairs: group || groupName ? [{ GroupId: group, GroupName: groupName, UserId: optionalString(rule, 'SourceSecurityGroupOwnerId'), Description }] : undefined,
    PrefixListIds: prefixList ? [{ PrefixListId: prefixList, Description }] : undefined,
  };
}

/** A rule EC2 describes, in the template's words. */
export function templateRule(rule: SecurityGroupRule): CfnRule {
  const direction: RuleDirection = rule.IsEgress ? 'egress' : 'ingress';
  const peer = peerNames(direction);
  const allTraffic = rule.IpProtocol === '-1';
  return defined({
    IpProtocol: rule.IpProtocol,
    FromPort: allTraffic ? undefined : rule.FromPort,
    ToPort: allTraffic ? undefined : rule.ToPort,
    CidrIp: rule.CidrIpv4,
    CidrIpv6: rule.CidrIpv6,
    [peer.group]: rule.ReferencedGroupInfo?.GroupId,
    [peer.prefixList]: rule.PrefixListId,
    Description: rule.Description,
  });
}

/** What identifies a rule in EC2 (everything but its description), for matching template rules to EC2's. */
export function ruleKey(rule: CfnRule, direction: RuleDirection): string {
  const permission = ipPermission(rule, direction);
  const strip = <T extends { Description?: string | undefined }>(ranges: T[] | undefined) => ranges?.map(({ Description: _description, ...rest }) => rest);
  return JSON.stringify([
    permission.IpProtocol, permission.FromPort, permission.ToPort, strip(permission.IpRanges), strip(permission.Ipv6Ranges),
    strip(permission.UserIdGroupPairs)?.map((pair) => pair.GroupId ?? pair.GroupName), strip(permission.PrefixListIds),
  ]);
}

/** Every rule of a group on one side, as EC2 describes them. */
export function groupRules(context: ProviderContext, groupId: string, direction: RuleDirection): SecurityGroupRule[] {
  const result = ec2<DescribeSecurityGroupRulesResult>(context, 'DescribeSecurityGroupRules', { Filters: [{ Name: 'group-id', Values: [groupId] }] });
  return (result.SecurityGroupRules ?? []).filter((rule) => rule.IsEgress === (direction === 'egress'));
}

/** Adds template rules to a group. */
export function authorizeRules(context: ProviderContext, groupId: string, direction: RuleDirection, rules: readonly CfnRule[]): void {
  if (rules.length === 0) return;
  const operation = direction === 'ingress' ? 'AuthorizeSecurityGroupIngress' : 'AuthorizeSecurityGroupEgress';
  ec2(context, operation, { GroupId: groupId, IpPermissions: rules.map((rule) => ipPermission(rule, direction)) });
}

/** Removes the group's rules that match these template rules. */
export function revokeRules(context: ProviderContext, groupId: string, direction: RuleDirection, rules: readonly CfnRule[]): void {
  if (rules.length === 0) return;
  const doomed = new Set(rules.map((rule) => ruleKey(rule, direction)));
  const ids = groupRules(context, groupId, direction)
    .filter((rule) => doomed.has(ruleKey(templateRule(rule), direction)))
    .map((rule) => rule.SecurityGroupRuleId!);
  if (ids.length === 0) return;
  const operation = direction === 'ingress' ? 'RevokeSecurityGroupIngress' : 'RevokeSecurityGroupEgress';
  ec2(context, operation, { GroupId: groupId, SecurityGroupRuleIds: ids });
}

/** Moves a group's rules on one side from one template list to another: revokes what went, adds what came. */
export function replaceRules(context: ProviderContext, groupId: string, direction: RuleDirection, previous: readonly CfnRule[], next: readonly CfnRule[]): void {
  // Rules compare with their descriptions, so a changed description is a revoke and a re-authorize.
  const text = (rule: CfnRule) => JSON.stringify(ipPermission(rule, direction));
  const before = new Set(previous.map(text));
  const after = new Set(next.map(text));
  revokeRules(context, groupId, direction, previous.filter((rule) => !after.has(text(rule))));
  // A rule someone already added by hand is taken in, not added again: the template catching up with
  // drift must not fail with InvalidPermission.Duplicate (CloudFormation works from the group's rules).
  const present = new Set(groupRules(context, groupId, direction).map((rule) => ruleKey(templateRule(rule), direction)));
  authorizeRules(context, groupId, direction, next.filter((rule) => !before.has(text(rule)) && !present.has(ruleKey(rule, direction))));
}
