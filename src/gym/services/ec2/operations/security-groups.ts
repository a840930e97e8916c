import type {
  CreateSecurityGroupRequest, CreateSecurityGroupResult, DeleteSecurityGroupRequest, DeleteSecurityGroupResult,
  DescribeSecurityGroupsRequest, DescribeSecurityGroupsResult, SecurityGroup,
} from '@aws-sdk/client-ec2';
import { handler, type ServiceContext } from '../../../service.js';
import { ec2Errors } from '../errors.js';
import { applyFilters, type FilterSpec } from '../filters.js';
import { paginate } from '../paging.js';
import type { SecurityGroupRecord, SecurityGroupRule } from '../records/network.js';
import type { Ec2Store } from '../store.js';
import { apiTags, tagsFor } from '../tags.js';
import { ALLOW_ALL_EGRESS, apiPermissions } from './security-group-permissions.js';
import { defaultVpc, groupNamed, requireGroupByName, requireSecurityGroup, targetGroup } from './security-group-lookup.js';
import { requireVpc } from './vpcs.js';

/** A security group as DescribeSecurityGroups returns it. */
export function apiSecurityGroup(group: SecurityGroupRecord, region: string, accountId: string): SecurityGroup {
  return {
    GroupId: group.id,
    GroupName: group.groupName,
    Description: group.description,
    VpcId: group.vpcId,
    OwnerId: accountId,
    IpPermissions: apiPermissions(group.ingress, accountId),
    IpPermissionsEgress: apiPermissions(group.egress, accountId),
    Tags: apiTags(group.tags),
    SecurityGroupArn: `arn:aws:ec2:${region}:${accountId}:security-group/${group.id}`,
  };
}

/** Group names and descriptions: at most 255 characters from the set AWS allows in VPCs. */
function checkText(what: 'GroupName' | 'GroupDescription', value: string): void {
  if (value.length === 0 || value.length > 255) throw ec2Errors.invalidParameterValue(`Invalid value '${value}' for ${what}. It must be 1 to 255 characters long.`);
  if (!/^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/.test(value)) {
    throw ec2Errors.invalidParameterValue(
      `Invalid value '${value}' for ${what}. Character sets beyond ASCII are not supported: use letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*`,
    );
  }
}

const numberOrAll = (value: number | undefined) => String(value ?? -1);
const sources = (rules: readonly SecurityGroupRule[], read: (rule: SecurityGroupRule) => string | undefined) => rules.map(read);

/** The ip-permission.* filters, for ingress (`ip-permission.`) or egress (`egress.ip-permission.`). */
function permissionFilters(prefix: string, rules: (group: SecurityGroupRecord) => readonly SecurityGroupRule[], store: Ec2Store, accountId: string): FilterSpec<SecurityGroupRecord>['accessors'] {
  return {
    [`${prefix}cidr`]: (group) => sources(rules(group), (rule) => rule.cidrIpv4),
    [`${prefix}ipv6-cidr`]: (group) => sources(rules(group), (rule) => rule.cidrIpv6),
    [`${prefix}from-port`]: (group) => sources(rules(group), (rule) => numberOrAll(rule.fromPort)),
    [`${prefix}to-port`]: (group) => sources(rules(group), (rule) => numberOrAll(rule.toPort)),
    [`${prefix}protocol`]: (group) => sources(rules(group), (rule) => rule.protocol),
    [`${prefix}group-id`]: (group) => sources(rules(group), (rule) => rule.referencedGroupId),
    [`${prefix}group-name`]: (group) => sources(rules(group), (rule) => (rule.referencedGroupId ? store.securityGroups.get(rule.referencedGroupId)?.groupName : undefined)),
    [`${prefix}prefix-list-id`]: (group) => sources(rules(group), (rule) => rule.prefixListId),
    [`${prefix}user-id`]: (group) => sources(rules(group), (rule) => (rule.referencedGroupId ? accountId : undefined)),
  };
}

function groupFilters(store: Ec2Store, accountId: string): FilterSpec<SecurityGroupRecord> {
  return {
    accessors: {
      'group-id': (group) => group.id,
      'group-name': (group) => group.groupName,
      'description': (group) => group.description,
      'vpc-id': (group) => group.vpcId,
      'owner-id': () => accountId,
      ...permissionFilters('ip-permission.', (group) => group.ingress, store, accountId),
      ...permissionFilters('egress.ip-permission.', (group) => group.egress, store, accountId),
    },
    indexed: ['vpc-id', 'group-name'],
  };
}

/** Why a group cannot be deleted yet, or undefined when it can. */
function dependents(store: Ec2Store, group: SecurityGroupRecord): string | undefined {
  for (const id of store.instances.lookup('instance.group-id', group.id)) {
    if (store.instances.get(id)?.state !== 'terminated') return `instance ${id} uses it`;
  }
  for (const other of store.securityGroups.find('vpc-id', group.vpcId)) {
    if (other.id === group.id) continue;
    if ([...other.ingress, ...other.egress].some((rule) => rule.referencedGroupId === group.id)) return `a rule of ${other.id} references it`;
  }
  return undefined;
}

function store(context: ServiceContext): Ec2Store {
  return context.store<Ec2Store>('ec2');
}

/** Security group operations (rules are in security-group-rules.ts). */
export const securityGroupOperations = {
  CreateSecurityGroup: handler<CreateSecurityGroupRequest, CreateSecurityGroupResult>((context, input) => {
    const ec2 = store(context);
    const name = input.GroupName!;
    checkText('GroupName', name);
    checkText('GroupDescription', input.Description!);
    if (name.toLowerCase().startsWith('sg-')) throw ec2Errors.invalidParameterValue(`Group names may not be in the format sg-*: '${name}'. Choose a name that does not start with sg-.`);
    if (name === 'default') throw ec2Errors.groupReserved();
    const vpc = input.VpcId !== undefined ? requireVpc(ec2, input.VpcId) : defaultVpc(ec2);
    if (!vpc) throw ec2Errors.noDefaultVpc();
    if (groupNamed(ec2, vpc.id, name)) throw ec2Errors.groupDuplicate(name, vpc.id);
    const group = ec2.securityGroups.put({
      id: context.ids.resource('sg'),
      groupName: name,
      description: input.Description!,
      vpcId: vpc.id,
      tags: tagsFor(input.TagSpecifications, 'security-group'),
      ingress: [],
      egress: [{ ruleId: context.ids.resource('sgr'), ...ALLOW_ALL_EGRESS }],
    });
    return {
      GroupId: group.id,
      Tags: apiTags(group.tags),
      SecurityGroupArn: `arn:aws:ec2:${context.region}:${context.accountId}:security-group/${group.id}`,
    };
  }),

  DescribeSecurityGroups: handler<DescribeSecurityGroupsRequest, DescribeSecurityGroupsResult>((context, input) => {
    const ec2 = store(context);
    const ids = [...(input.GroupIds ?? []).map((id) => requireSecurityGroup(ec2, id).id), ...(input.GroupNames ?? []).map((name) => requireGroupByName(ec2, name).id)];
    const found = applyFilters(ec2.securityGroups, input.Filters, groupFilters(ec2, context.accountId), ids);
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 1000 });
    return { SecurityGroups: page.items.map((group) => apiSecurityGroup(group, context.region, context.accountId)), NextToken: page.nextToken };
  }),

  DeleteSecurityGroup: handler<DeleteSecurityGroupRequest, DeleteSecurityGroupResult>((context, input) => {
    const ec2 = store(context);
    const group = targetGroup(ec2, input);
    if (group.groupName === 'default') {
      throw ec2Errors.cannotDelete(`the specified group: "${group.id}" name: "default" cannot be deleted by a user`);
    }
    const reason = dependents(ec2, group);
    if (reason) throw ec2Errors.dependencyViolation(`resource ${group.id} has a dependent object (${reason})`);
    ec2.securityGroups.delete(group.id);
    return { Return: true, GroupId: group.id };
  }),
};
