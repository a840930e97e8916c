import type {
  AuthorizeSecurityGroupEgressRequest, AuthorizeSecurityGroupEgressResult, AuthorizeSecurityGroupIngressRequest,
  AuthorizeSecurityGroupIngressResult, DescribeSecurityGroupRulesRequest, DescribeSecurityGroupRulesResult, IpPermission,
  ModifySecurityGroupRulesRequest, ModifySecurityGroupRulesResult, RevokeSecurityGroupEgressRequest, RevokeSecurityGroupEgressResult,
  RevokeSecurityGroupIngressRequest, RevokeSecurityGroupIngressResult, SecurityGroupRule as ApiSecurityGroupRule,
  UpdateSecurityGroupRuleDescriptionsEgressRequest, UpdateSecurityGroupRuleDescriptionsIngressRequest,
} from '@aws-sdk/client-ec2';
import { handler, type ServiceContext } from '../../../service.js';
import { ec2Errors } from '../errors.js';
import { paginate } from '../paging.js';
import type { SecurityGroupRecord, SecurityGroupRule } from '../records/network.js';
import type { Ec2Store } from '../store.js';
import { filterList } from './list-filters.js';
import {
  apiRule, legacyPermission, permissionRules, quoteRule, ruleKey, type Direction, type RuleSpec,
} from './security-group-permissions.js';
import { requireSecurityGroup, targetGroup } from './security-group-lookup.js';

/** AWS's default quota of inbound (and, separately, outbound) rules per security group. */
const RULES_PER_GROUP = 60;

type LegacyInput = Parameters<typeof legacyPermission>[0];

/** The permissions a request names, in the new (IpPermissions) or the old (CidrIp, …) form. */
function requestedPermissions(input: LegacyInput & { IpPermissions?: IpPermission[] | undefined }): IpPermission[] {
  const legacy = legacyPermission(input);
  if (legacy && input.IpPermissions?.length) {
    throw ec2Errors.invalidParameterCombination('Give either IpPermissions or the single-rule parameters (CidrIp, IpProtocol, FromPort, ToPort), not both.');
  }
  const permissions = legacy ? [legacy] : input.IpPermissions ?? [];
  if (permissions.length === 0) throw ec2Errors.missingParameter('IpPermissions');
  return permissions;
}

function rulesOf(group: SecurityGroupRecord, direction: Direction): SecurityGroupRule[] {
  return direction === 'ingress' ? group.ingress : group.egress;
}

/** Adds rules to one side of a group; duplicates, within the request or with existing rules, fail. */
function authorize(context: ServiceContext, group: SecurityGroupRecord, direction: Direction, permissions: IpPermission[]): ApiSecurityGroupRule[] {
  const ec2 = store(context);
  const existing = new Set(rulesOf(group, direction).map(ruleKey));
  const added: SecurityGroupRule[] = [];
  for (const permission of permissions) {
    for (const spec of permissionRules(ec2, group, permission)) {
      const key = ruleKey(spec);
      if (existing.has(key)) throw ec2Errors.permissionDuplicate(`the specified rule ${quoteRule(spec, direction)} already exists`);
      existing.add(key);
      added.push({ ruleId: context.ids.resource('sgr'), ...spec });
    }
  }
  if (existing.size > RULES_PER_GROUP) throw ec2Errors.rulesPerGroupLimitExceeded();
  ec2.securityGroups.update(group.id, (draft) => {
    rulesOf(draft, direction).push(...added);
  });
  return added.map((rule) => apiRule(group, rule, direction, context.region, context.accountId));
}

/**
 * Removes rules by id or by permission. In a non-default VPC an unknown permission fails the whole call
 * with InvalidPermission.NotFound; in the default VPC AWS removes what matches and lists the rest.
 */
function revoke(
  context: ServiceContext,
  group: SecurityGroupRecord,
  direction: Direction,
  input: LegacyInput & { IpPermissions?: IpPermission[] | undefined; SecurityGroupRuleIds?: string[] | undefined },
): { Return: boolean; UnknownIpPermissions?: IpPermission[] } {
  const ec2 = store(context);
  const rules = rulesOf(group, direction);
  const doomed = new Set<string>();
  const unknown: IpPermission[] = [];
  if (input.SecurityGroupRuleIds?.length) {
    if (input.IpPermissions?.length || legacyPermission(input)) {
      throw ec2Errors.invalidParameterCombination('Give either SecurityGroupRuleIds or permissions to revoke, not both.');
    }
    for (const id of input.SecurityGroupRuleIds) {
      if (!rules.some((rule) => rule.ruleId === id)) throw ec2Errors.securityGroupRuleNotFound(id);
      doomed.add(id);
    }
  } else {
    const byKey = new Map(rules.map((rule) => [ruleKey(rule), rule.ruleId]));
    for (const permission of requestedPermissions(input)) {
      for (const spec of permissionRules(ec2, group, permission)) {
        const id = byKey.get(ruleKey(spec));
        if (id) doomed.add(id);
        else unknown.push(permission);
      }
    }
    if (unknown.length > 0 && !ec2.vpcs.get(group.vpcId)?.isDefault) {
      throw ec2Errors.permissionNotFound('The specified rule does not exist in this security group.');
    }
  }
  ec2.securityGroups.update(group.id, (draft) => {
    const kept = rulesOf(draft, direction).filter((rule) => !doomed.has(rule.ruleId));
    if (direction === 'ingress') draft.ingress = kept;
    else draft.egress = kept;
  });
  return unknown.length > 0 ? { Return: true, UnknownIpPermissions: [...new Set(unknown)] } : { Return: true };
}

/** Sets rule descriptions, by rule id or by matching permissions (whose descriptions are the new ones). */
function updateDescriptions(
  context: ServiceContext,
  group: SecurityGroupRecord,
  direction: Direction,
  input: { IpPermissions?: IpPermission[] | undefined; SecurityGroupRuleDescriptions?: { SecurityGroupRuleId?: string | undefined; Description?: string | undefined }[] | undefined },
): { Return: boolean } {
  const ec2 = store(context);
  const descriptions = new Map<string, string | undefined>();
  const rules = rulesOf(group, direction);
  if (input.SecurityGroupRuleDescriptions?.length) {
    for (const entry of input.SecurityGroupRuleDescriptions) {
      const id = entry.SecurityGroupRuleId ?? '';
      if (!rules.some((rule) => rule.ruleId === id)) throw ec2Errors.securityGroupRuleNotFound(id);
      descriptions.set(id, entry.Description || undefined);
    }
  } else {
    const byKey = new Map(rules.map((rule) => [ruleKey(rule), rule.ruleId]));
    for (const permission of requestedPermissions(input)) {
      for (const spec of permissionRules(ec2, group, permission)) {
        const id = byKey.get(ruleKey(spec));
        if (!id) throw ec2Errors.permissionNotFound(`The specified rule ${quoteRule(spec, direction)} does not exist in this security group.`);
        descriptions.set(id, spec.description);
      }
    }
  }
  ec2.securityGroups.update(group.id, (draft) => {
    const updated = rulesOf(draft, direction).map((rule) => (descriptions.has(rule.ruleId) ? withDescription(rule, descriptions.get(rule.ruleId)) : rule));
    if (direction === 'ingress') draft.ingress = updated;
    else draft.egress = updated;
  });
  return { Return: true };
}

function withDescription(rule: SecurityGroupRule, description: string | undefined): SecurityGroupRule {
  const { description: _old, ...rest } = rule;
  return description === undefined ? rest : { ...rest, description };
}

/** Every rule of the region with its group and side, in group order (ingress before egress). */
function allRules(store: Ec2Store): { group: SecurityGroupRecord; rule: SecurityGroupRule; direction: Direction }[] {
  const out: { group: SecurityGroupRecord; rule: SecurityGroupRule; direction: Direction }[] = [];
  for (const group of store.securityGroups.values()) {
    for (const rule of group.ingress) out.push({ group, rule, direction: 'ingress' });
    for (const rule of group.egress) out.push({ group, rule, direction: 'egress' });
  }
  return out;
}

/** Replaces rules in place (same ids), as ModifySecurityGroupRules does. */
function modifyRules(context: ServiceContext, input: ModifySecurityGroupRulesRequest): void {
  const ec2 = store(context);
  const group = requireSecurityGroup(ec2, input.GroupId!);
  for (const change of input.SecurityGroupRules ?? []) {
    const id = change.SecurityGroupRuleId ?? '';
    const current = ec2.securityGroups.get(group.id)!;
    const direction: Direction | undefined = current.ingress.some((rule) => rule.ruleId === id) ? 'ingress' : current.egress.some((rule) => rule.ruleId === id) ? 'egress' : undefined;
    if (!direction) throw ec2Errors.securityGroupRuleNotFound(id);
    const request = change.SecurityGroupRule ?? {};
    const [spec] = permissionRules(ec2, current, {
      IpProtocol: request.IpProtocol,
      FromPort: request.FromPort,
      ToPort: request.ToPort,
      IpRanges: request.CidrIpv4 !== undefined ? [{ CidrIp: request.CidrIpv4, Description: request.Description }] : [],
      Ipv6Ranges: request.CidrIpv6 !== undefined ? [{ CidrIpv6: request.CidrIpv6, Description: request.Description }] : [],
      UserIdGroupPairs: request.ReferencedGroupId !== undefined ? [{ GroupId: request.ReferencedGroupId, Description: request.Description }] : [],
      PrefixListIds: request.PrefixListId !== undefined ? [{ PrefixListId: request.PrefixListId, Description: request.Description }] : [],
    });
    const others = rulesOf(current, direction).filter((rule) => rule.ruleId !== id);
    if (others.some((rule) => ruleKey(rule) === ruleKey(spec!))) {
      throw ec2Errors.permissionDuplicate(`the specified rule ${quoteRule(spec!, direction)} already exists`);
    }
    ec2.securityGroups.update(group.id, (draft) => {
      const list = rulesOf(draft, direction);
      list[list.findIndex((rule) => rule.ruleId === id)] = { ruleId: id, ...(spec as RuleSpec) };
    });
  }
}

function store(context: ServiceContext): Ec2Store {
  return context.store<Ec2Store>('ec2');
}

/** Security group rule operations. */
export const securityGroupRuleOperations = {
  AuthorizeSecurityGroupIngress: handler<AuthorizeSecurityGroupIngressRequest, AuthorizeSecurityGroupIngressResult>((context, input) => {
    const group = targetGroup(store(context), input);
    return { Return: true, SecurityGroupRules: authorize(context, group, 'ingress', requestedPermissions(input)) };
  }),

  AuthorizeSecurityGroupEgress: handler<AuthorizeSecurityGroupEgressRequest, AuthorizeSecurityGroupEgressResult>((context, input) => {
    const group = requireSecurityGroup(store(context), input.GroupId!);
    return { Return: true, SecurityGroupRules: authorize(context, group, 'egress', requestedPermissions(input)) };
  }),

  RevokeSecurityGroupIngress: handler<RevokeSecurityGroupIngressRequest, RevokeSecurityGroupIngressResult>((context, input) =>
    revoke(context, targetGroup(store(context), input), 'ingress', input)),

  RevokeSecurityGroupEgress: handler<RevokeSecurityGroupEgressRequest, RevokeSecurityGroupEgressResult>((context, input) =>
    revoke(context, requireSecurityGroup(store(context), input.GroupId!), 'egress', input)),

  UpdateSecurityGroupRuleDescriptionsIngress: handler<UpdateSecurityGroupRuleDescriptionsIngressRequest, { Return: boolean }>((context, input) =>
    updateDescriptions(context, targetGroup(store(context), input), 'ingress', input)),

  UpdateSecurityGroupRuleDescriptionsEgress: handler<UpdateSecurityGroupRuleDescriptionsEgressRequest, { Return: boolean }>((context, input) =>
    updateDescriptions(context, targetGroup(store(context), input), 'egress', input)),

  ModifySecurityGroupRules: handler<ModifySecurityGroupRulesRequest, ModifySecurityGroupRulesResult>((context, input) => {
    modifyRules(context, input);
    return { Return: true };
  }),

  DescribeSecurityGroupRules: handler<DescribeSecurityGroupRulesRequest, DescribeSecurityGroupRulesResult>((context, input) => {
    const ec2 = store(context);
    let rules = allRules(ec2);
    const ids = input.SecurityGroupRuleIds ?? [];
    if (ids.length > 0) {
      const known = new Set(rules.map((entry) => entry.rule.ruleId));
      for (const id of ids) if (!known.has(id)) throw ec2Errors.securityGroupRuleNotFound(id);
      rules = rules.filter((entry) => ids.includes(entry.rule.ruleId));
    }
    const found = filterList(rules, input.Filters, {
      accessors: {
        'group-id': (entry) => entry.group.id,
        'security-group-rule-id': (entry) => entry.rule.ruleId,
        'is-egress': (entry) => String(entry.direction === 'egress'),
      },
      tags: () => ({}),
    });
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 1000 });
    return {
      SecurityGroupRules: page.items.map((entry) => apiRule(entry.group, entry.rule, entry.direction, context.region, context.accountId)),
      NextToken: page.nextToken,
    };
  }),
};
