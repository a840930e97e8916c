import type {
  AuthorizeSecurityGroupIngressResult, CreateSecurityGroupResult, DescribeSecurityGroupRulesResult, DescribeSecurityGroupsResult,
  DescribeVpcsResult, SecurityGroup, SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { AwsError } from '../../../../aws/aws-error.js';
import { ec2, tagSpecifications, tagWithStack, updateTags } from './ec2-calls.js';
import { unknownAttribute, type PropertySpec, type ProviderContext, type ResourceProperties, type ResourceProvider } from './provider.js';
import { defined, optionalString, physicalName, readTags, requiredString, unlessNotFound } from './provider-values.js';
import {
  ALLOW_ALL_EGRESS, authorizeRules, groupRules, ipPermission, replaceRules, templateRule, type CfnRule, type RuleDirection,
} from './security-group-rules.js';

function describeGroup(context: ProviderContext, id: string): SecurityGroup | undefined {
  return unlessNotFound(() => ec2<DescribeSecurityGroupsResult>(context, 'DescribeSecurityGroups', { GroupIds: [id] }).SecurityGroups?.[0]);
}

function ruleList(properties: ResourceProperties, name: string): CfnRule[] {
  const value = properties[name];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new AwsError('ValidationError', `${name} must be a list of rules`);
  return value as CfnRule[];
}

/** The egress rules a template means: its own list, or EC2's allow-all default when it gives none. */
function egressRules(properties: ResourceProperties): CfnRule[] {
  return properties['SecurityGroupEgress'] === undefined ? [ALLOW_ALL_EGRESS] : ruleList(properties, 'SecurityGroupEgress');
}

/** AWS::EC2::SecurityGroup, with its inline ingress and egress rules. */
export const securityGroupProvider: ResourceProvider = {
  type: 'AWS::EC2::SecurityGroup',
  properties: {
    GroupDescription: { update: 'replace', required: true },
    GroupName: { update: 'replace' },
    SecurityGroupEgress: { update: 'none' },
    SecurityGroupIngress: { update: 'none' },
    Tags: { update: 'none' },
    VpcId: { update: 'replace' },
  },
  attributes: ['GroupId', 'VpcId'],
  ref(physicalId, context) {
    // As AWS documents: a group in the default VPC is referred to by name, any other by id.
    const group = describeGroup(context, physicalId);
    if (!group?.VpcId) return physicalId;
    const vpc = ec2<DescribeVpcsResult>(context, 'DescribeVpcs', { VpcIds: [group.VpcId] }).Vpcs?.[0];
    return vpc?.IsDefault ? group.GroupName! : physicalId;
  },
  getAtt(physicalId, attribute, context) {
    const group = describeGroup(context, physicalId);
    switch (attribute) {
      case 'GroupId': return group?.GroupId;
      case 'VpcId': return group?.VpcId;
      default: throw unknownAttribute(this, attribute);
    }
  },
  create(context, logicalId, properties) {
    const { GroupId: id } = ec2<CreateSecurityGroupResult>(context, 'CreateSecurityGroup', {
      GroupName: optionalString(properties, 'GroupName') ?? physicalName(context, logicalId),
      Description: requiredString(properties, 'GroupDescription', logicalId),
      VpcId: optionalString(properties, 'VpcId'),
      TagSpecifications: tagSpecifications('security-group', properties),
    });
    authorizeRules(context, id!, 'ingress', ruleList(properties, 'SecurityGroupIngress'));
    replaceRules(context, id!, 'egress', [ALLOW_ALL_EGRESS], egressRules(properties));
    tagWithStack(context, id!, logicalId);
    return { physicalId: id! };
  },
  update(context, physicalId, previous, next) {
    replaceRules(context, physicalId, 'ingress', ruleList(previous, 'SecurityGroupIngress'), ruleList(next, 'SecurityGroupIngress'));
    replaceRules(context, physicalId, 'egress', egressRules(previous), egressRules(next));
    updateTags(context, physicalId, previous, next);
  },
  delete(context, physicalId) {
    unlessNotFound(() => ec2(context, 'DeleteSecurityGroup', { GroupId: physicalId }));
  },
  read(context, physicalId) {
    const group = describeGroup(context, physicalId);
    if (!group) return undefined;
    const rules = (direction: RuleDirection) => groupRules(context, physicalId, direction).map(templateRule);
    const ingress = rules('ingress');
    return defined({
      GroupDescription: group.Description,
      GroupName: group.GroupName,
      SecurityGroupEgress: rules('egress'),
      SecurityGroupIngress: ingress.length > 0 ? ingress : undefined,
      Tags: readTags(group.Tags),
      VpcId: group.VpcId,
    });
  },
};

function describeRule(context: ProviderContext, id: string): SecurityGroupRule | undefined {
  return unlessNotFound(() => ec2<DescribeSecurityGroupRulesResult>(context, 'DescribeSecurityGroupRules', { SecurityGroupRuleIds: [id] }).SecurityGroupRules?.[0]);
}

/** AWS::EC2::SecurityGroupIngress or AWS::EC2::SecurityGroupEgress: one rule as its own resource. */
function ruleProvider(direction: RuleDirection): ResourceProvider {
  const ingress = direction === 'ingress';
  const replace = { update: 'replace' } as const;
  const peers: Record<string, PropertySpec> = ingress
    ? { GroupName: replace, SourcePrefixListId: replace, SourceSecurityGroupId: replace, SourceSecurityGroupName: replace, SourceSecurityGroupOwnerId: replace }
    : { DestinationPrefixListId: replace, DestinationSecurityGroupId: replace };
  const suffix = ingress ? 'Ingress' : 'Egress';
  return {
    type: `AWS::EC2::SecurityGroup${suffix}`,
    properties: {
      CidrIp: replace, CidrIpv6: replace, Description: { update: 'none' }, FromPort: replace, ToPort: replace,
      GroupId: ingress ? replace : { update: 'replace', required: true }, IpProtocol: { update: 'replace', required: true }, ...peers,
    },
    attributes: ['Id'],
    ref: (physicalId) => physicalId,
    getAtt(physicalId, attribute) {
      if (attribute !== 'Id') throw unknownAttribute(this, attribute);
      return physicalId;
    },
    create(context, logicalId, properties) {
      requiredString(properties, 'IpProtocol', logicalId);
      const group = ingress ? { GroupId: optionalString(properties, 'GroupId'), GroupName: optionalString(properties, 'GroupName') } : { GroupId: requiredString(properties, 'GroupId', logicalId) };
      if (!group.GroupId && !group.GroupName) throw new AwsError('ValidationError', `${logicalId}: give the GroupId (or, in the default VPC, the GroupName) of the group the rule belongs to`);
      const result = ec2<AuthorizeSecurityGroupIngressResult>(context, `AuthorizeSecurityGroup${suffix}`, { ...group, IpPermissions: [ipPermission(properties, direction)] });
      return { physicalId: result.SecurityGroupRules![0]!.SecurityGroupRuleId! };
    },
    update(context, physicalId, _previous, next) {
      // Only the description changes in place; every other property replaces the rule.
      const rule = describeRule(context, physicalId);
      if (!rule) throw new AwsError('NotFound', `security group rule ${physicalId} no longer exists; delete it from the stack or import it again`);
      ec2(context, `UpdateSecurityGroupRuleDescriptions${suffix}`, {
        GroupId: rule.GroupId,
        SecurityGroupRuleDescriptions: [{ SecurityGroupRuleId: physicalId, Description: optionalString(next, 'Description') ?? '' }],
      });
    },
    delete(context, physicalId) {
      const rule = describeRule(context, physicalId);
      if (rule) ec2(context, `RevokeSecurityGroup${suffix}`, { GroupId: rule.GroupId, SecurityGroupRuleIds: [physicalId] });
    },
    read(context, physicalId) {
      const rule = describeRule(context, physicalId);
      return rule ? { GroupId: rule.GroupId, ...templateRule(rule) } : undefined;
    },
  };
}

/** AWS::EC2::SecurityGroupIngress. */
export const securityGroupIngressProvider = ruleProvider('ingress');
/** AWS::EC2::SecurityGroupEgress. */
export const securityGroupEgressProvider = ruleProvider('egress');
