import type { IpPermission } from '@aws-sdk/client-ec2';
import type { ResourceKind, SecurityGroupView, SecurityRuleView } from '../../cloud/inventory.js';
import { flattenPermissions } from '../../cloud/reading/ec2-network.js';
import type { Step } from '../../plan/plan.js';
import { placeholderId, specifiedTags, tagsFrom, text, texts, type Projection, type ResolvedInput, type StepProjection } from './projection.js';

/** Protocol numbers AWS accepts and reports by name. */
const PROTOCOL_NAMES: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', all: '-1' };

/** The rule AWS gives every new VPC security group: all traffic out to anywhere (IPv4). */
const DEFAULT_EGRESS: SecurityRuleView = { direction: 'egress', protocol: '-1', fromPort: undefined, toPort: undefined, source: '0.0.0.0/0', description: undefined, ruleId: undefined };

/** The security group a call names, by id or (EC2-Classic style) by group name. */
function findGroup(projection: Projection, input: ResolvedInput): SecurityGroupView | undefined {
  const byId = projection.get('security-group', text(input['GroupId']));
  if (byId) return byId;
  const groupName = text(input['GroupName']);
  return groupName === undefined ? undefined : projection.all('security-group').find((group) => group.groupName === groupName);
}

/** The rules a call's permissions describe, flattened one source per rule as the inventory reads them. */
function rulesOf(input: ResolvedInput, direction: 'ingress' | 'egress'): SecurityRuleView[] {
  const permissions = Array.isArray(input['IpPermissions']) ? [...input['IpPermissions']] as IpPermission[] : [];
  // The older flat form (CidrIp, IpProtocol, FromPort, ToPort) that the CLI still offers.
  if (text(input['CidrIp'])) {
    permissions.push({
      IpProtocol: text(input['IpProtocol']) ?? '-1',
      FromPort: typeof input['FromPort'] === 'number' ? input['FromPort'] : undefined,
      ToPort: typeof input['ToPort'] === 'number' ? input['ToPort'] : undefined,
      IpRanges: text(input['CidrIp']) ? [{ CidrIp: text(input['CidrIp']) }] : [],
    });
  }
  const normalized = permissions.map((permission) => {
    const protocol = String(permission.IpProtocol ?? '-1').toLowerCase();
    return { ...permission, IpProtocol: PROTOCOL_NAMES[protocol] ?? protocol };
  });
  return flattenPermissions(direction === 'ingress' ? { IpPermissions: normalized } : { IpPermissionsEgress: normalized });
}

/** True when two rules allow the same traffic (descriptions and ids aside). */
function sameTraffic(left: SecurityRuleView, right: SecurityRuleView): boolean {
  return left.direction === right.direction && left.protocol === right.protocol && left.fromPort === right.fromPort
    && left.toPort === right.toPort && left.source === right.source;
}

/** AuthorizeSecurityGroupIngress/Egress: the rules are added (a duplicate would fail in AWS, so it is kept once). */
function authorize(direction: 'ingress' | 'egress'): StepProjection {
  return (projection, _step, input) => {
    const group = findGroup(projection, input);
    if (!group) return;
    const added = rulesOf(input, direction).filter((rule) => !group.rules.some((existing) => sameTraffic(existing, rule)));
    projection.update('security-group', group.id, (view) => ({ ...view, rules: [...view.rules, ...added] }));
  };
}

/** RevokeSecurityGroupIngress/Egress: the rules named (by permission or by rule id) are removed. */
function revoke(direction: 'ingress' | 'egress'): StepProjection {
  return (projection, _step, input) => {
    const group = findGroup(projection, input);
    if (!group) return;
    const removed = rulesOf(input, direction);
    const ruleIds = new Set(texts(input['SecurityGroupRuleIds']));
    projection.update('security-group', group.id, (view) => ({
      ...view,
      rules: view.rules.filter((rule) => !(rule.ruleId !== undefined && ruleIds.has(rule.ruleId)) && !removed.some((gone) => sameTraffic(gone, rule))),
    }));
  };
}

/** CreateSecurityGroup: a group with AWS's default allow-all egress rule and no ingress. */
function createSecurityGroup(projection: Projection, step: Step, input: ResolvedInput): void {
  const tags = specifiedTags(input['TagSpecifications'], 'security-group');
  const groupName = text(input['GroupName']) ?? step.resource.name ?? '';
  const vpcId = text(input['VpcId']) ?? projection.all('vpc').find((vpc) => vpc.isDefault)?.id ?? '';
  const id = placeholderId(step);
  projection.create({
    kind: 'security-group', id, name: tags['Name'] ?? groupName, tags, groupName,
    description: text(input['Description']) ?? '', vpcId, rules: [DEFAULT_EGRESS],
  });
  projection.setOutput(step.id, id);
}

/** CreateSubnet: a subnet that does not map public addresses until told to. */
function createSubnet(projection: Projection, step: Step, input: ResolvedInput): void {
  const tags = specifiedTags(input['TagSpecifications'], 'subnet');
  const id = placeholderId(step);
  projection.create({
    kind: 'subnet', id, name: tags['Name'] ?? step.resource.name, tags,
    vpcId: text(input['VpcId']) ?? '', cidrBlock: text(input['CidrBlock']) ?? '', availabilityZone: text(input['AvailabilityZone']) ?? '',
    defaultForAz: false, mapPublicIpOnLaunch: false, availableIpAddressCount: 0,
  });
  projection.setOutput(step.id, id);
}

/** CreateVpc: a new VPC (its default group and route table are not modelled). */
function createVpc(projection: Projection, step: Step, input: ResolvedInput): void {
  const tags = specifiedTags(input['TagSpecifications'], 'vpc');
  const id = placeholderId(step);
  projection.create({ kind: 'vpc', id, name: tags['Name'] ?? step.resource.name, tags, cidrBlock: text(input['CidrBlock']) ?? '', isDefault: false, state: 'pending' });
  projection.setOutput(step.id, id);
}

/** ModifySubnetAttribute: whether instances launched into it get public addresses. */
function modifySubnetAttribute(projection: Projection, _step: Step, input: ResolvedInput): void {
  const value = (input['MapPublicIpOnLaunch'] as { Value?: unknown } | undefined)?.Value;
  projection.update('subnet', text(input['SubnetId']), (view) => (typeof value === 'boolean' ? { ...view, mapPublicIpOnLaunch: value } : view));
}

/** The kinds whose views carry tags that CreateTags/DeleteTags can change. */
const TAGGABLE: readonly ResourceKind[] = ['vpc', 'subnet', 'internet-gateway', 'route-table', 'security-group', 'key-pair', 'instance', 'volume', 'elastic-ip'];

/** CreateTags and DeleteTags: the tags (and so the Name) of each resource named. */
function retag(remove: boolean): StepProjection {
  return (projection, _step, input) => {
    const given = tagsFrom(input['Tags']);
    for (const id of texts(input['Resources'])) {
      for (const kind of TAGGABLE) {
        projection.update(kind, id, (view) => {
          const tags = { ...view.tags };
          for (const [key, value] of Object.entries(given)) {
            // DeleteTags with a value removes the tag only when the value matches; without one, always.
            if (!remove) tags[key] = value;
            else if (value === '' || tags[key] === value) delete tags[key];
          }
          const ownName = view.kind === 'security-group' ? view.groupName : view.kind === 'key-pair' ? view.name : undefined;
          return { ...view, tags, name: tags['Name'] ?? ownName };
        });
      }
    }
  };
}

/** Deletes the resource named by an input member. */
function remove(member: string): StepProjection {
  return (projection, _step, input) => projection.remove(text(input[member]));
}

/** EC2 network calls: security groups, subnets, VPCs and tags. */
export const EC2_NETWORK_PROJECTIONS: Readonly<Record<string, StepProjection>> = {
  CreateSecurityGroup: createSecurityGroup,
  AuthorizeSecurityGroupIngress: authorize('ingress'),
  AuthorizeSecurityGroupEgress: authorize('egress'),
  RevokeSecurityGroupIngress: revoke('ingress'),
  RevokeSecurityGroupEgress: revoke('egress'),
  DeleteSecurityGroup: (projection, _step, input) => projection.remove(findGroup(projection, input)?.id),
  CreateSubnet: createSubnet,
  ModifySubnetAttribute: modifySubnetAttribute,
  DeleteSubnet: remove('SubnetId'),
  CreateVpc: createVpc,
  DeleteVpc: remove('VpcId'),
  DeleteInternetGateway: remove('InternetGatewayId'),
  DeleteRouteTable: remove('RouteTableId'),
  DeleteKeyPair: (projection, _step, input) => projection.remove(text(input['KeyPairId']) ?? projection.all('key-pair').find((key) => key.name === text(input['KeyName']))?.id),
  CreateTags: retag(false),
  DeleteTags: retag(true),
};
