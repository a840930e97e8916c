import type { SecurityGroupView, SecurityRuleView } from '../../cloud/inventory.js';
import { formatCidr, overlaps as blocksOverlap, parseCidr } from '../../core/ipv4.js';
import type { PlanContext } from '../context.js';
import { invalid, tagSpecification, type PlanDraft } from '../draft.js';
import type { Intent, PortRule } from '../intent.js';
import type { ApiCall, Step } from '../plan.js';
import { describedRules } from '../secure-defaults.js';
import { label, resolveOne, resolveOrStop } from '../targets.js';

type IntentOf<T extends Intent['type']> = Extract<Intent, { type: T }>;

/** True when two CIDR blocks (as text) share an address; false when either is malformed. */
function overlaps(a: string, b: string): boolean {
  const left = parseCidr(a, { allowHostBits: true });
  const right = parseCidr(b, { allowHostBits: true });
  return !!left && !!right && blocksOverlap(left, right);
}

function cidrText(network: number, prefix: number): string {
  return formatCidr({ network, prefix, size: 2 ** (32 - prefix) });
}

function freeVpcCidr(context: PlanContext): string {
  for (let second = 0; second < 256; second++) {
    const candidate = `10.${second}.0.0/16`;
    if (!context.inventory.vpcs.some((vpc) => overlaps(vpc.cidrBlock, candidate))) return candidate;
  }
  return invalid('every 10.x.0.0/16 block is taken by a VPC; give a CIDR ("with cidr 172.20.0.0/16")');
}

function zones(context: PlanContext): string[] {
  return [...new Set(context.inventory.subnets.map((subnet) => subnet.availabilityZone))].sort();
}

/** Builds a VPC with subnets spread across zones, public (internet gateway and route) when asked. */
export function buildCreateVpc(draft: PlanDraft, context: PlanContext, intent: IntentOf<'create-vpc'>): string {
  const cidr = intent.cidr ?? freeVpcCidr(context);
  const block = parseCidr(cidr);
  if (!block) invalid(`${cidr} is not a valid CIDR block (expected something like 10.0.0.0/16)`);
  if (block.prefix < 16 || block.prefix > 28) invalid(`${cidr}: a VPC's block must be between /16 and /28`);
  const clash = context.inventory.vpcs.find((vpc) => overlaps(vpc.cidrBlock, cidr));
  if (clash) draft.advise('warning', `${cidr} overlaps ${label(clash)} (${clash.cidrBlock}); the two VPCs cannot be peered later.`);
  if (intent.subnetCount < 0 || intent.subnetCount > 16) invalid(`cannot make ${intent.subnetCount} subnets: ask for 0 to 16`);
  const name = intent.name ?? `vpc-${cidr.split('/')[0]!.split('.')[1]}`;
  if (context.inventory.vpcs.some((vpc) => vpc.name === name)) invalid(`a VPC named ${name} already exists; choose another name`);
  const vpc = draft.step({
    action: `create VPC ${name} (${cidr})`,
    effect: 'create',
    resource: { kind: 'vpc', name },
    call: { service: 'ec2', operation: 'CreateVpc', input: { CidrBlock: cidr, TagSpecifications: [tagSpecification('vpc', { Name: name })] } },
    outputs: { vpcId: 'Vpc.VpcId' },
    inverse: (self) => ec2('DeleteVpc', { VpcId: draft.ref(self, 'vpcId') }),
  });
  const subnetPrefix = Math.min(28, Math.max(block.prefix + Math.ceil(Math.log2(Math.max(intent.subnetCount, 1))), 24, block.prefix));
  const zoneList = zones(context);
  const subnets: Step[] = [];
  for (let index = 0; index < intent.subnetCount; index++) {
    const subnetCidr = cidrText(block.network + index * 2 ** (32 - subnetPrefix), subnetPrefix);
    const zone = zoneList[index % Math.max(zoneList.length, 1)];
    const subnetName = `${name}-${intent.publicSubnets ? 'public' : 'private'}-${index + 1}`;
    subnets.push(draft.step({
      action: `create subnet ${subnetName} (${subnetCidr}${zone ? ` in ${zone}` : ''})`,
      effect: 'create',
      resource: { kind: 'subnet', name: subnetName },
      call: {
        service: 'ec2',
        operation: 'CreateSubnet',
        input: { VpcId: draft.ref(vpc, 'vpcId'), CidrBlock: subnetCidr, ...(zone ? { AvailabilityZone: zone } : {}), TagSpecifications: [tagSpecification('subnet', { Name: subnetName })] },
      },
      outputs: { subnetId: 'Subnet.SubnetId' },
      dependsOn: [vpc],
      inverse: (self) => ec2('DeleteSubnet', { SubnetId: draft.ref(self, 'subnetId') }),
    }));
    draft.expect(`${subnetName} exists with ${subnetCidr}`, { kind: 'subnet', name: subnetName }, { cidrBlock: subnetCidr, ...(intent.publicSubnets ? { mapPublicIpOnLaunch: true } : {}) });
  }
  if (intent.publicSubnets && intent.subnetCount > 0) addInternetAccess(draft, name, vpc, subnets);
  draft.expect(`${name} exists with ${cidr}`, { kind: 'vpc', name }, { cidrBlock: cidr });
  return `create VPC ${name} (${cidr}) with ${intent.subnetCount} ${intent.publicSubnets ? 'public' : 'private'} subnet${intent.subnetCount === 1 ? '' : 's'}`;
}

function ec2(operation: string, input: ApiCall['input']): ApiCall {
  return { service: 'ec2', operation, input };
}

/** Turns on public addresses for a subnet the plan creates (a new subnet starts with them off). */
function makePublic(draft: PlanDraft, name: string, subnet: Step): void {
  draft.step({
    action: `give instances in ${name} public addresses`,
    effect: 'update-live',
    resource: { kind: 'subnet', name },
    call: ec2('ModifySubnetAttribute', { SubnetId: draft.ref(subnet, 'subnetId'), MapPublicIpOnLaunch: { Value: true } }),
    dependsOn: [subnet],
    inverse: ec2('ModifySubnetAttribute', { SubnetId: draft.ref(subnet, 'subnetId'), MapPublicIpOnLaunch: { Value: false } }),
  });
}

function addInternetAccess(draft: PlanDraft, name: string, vpc: Step, subnets: Step[]): void {
  const gateway = draft.step({
    action: `create internet gateway ${name}-igw`,
    effect: 'create',
    resource: { kind: 'internet-gateway', name: `${name}-igw` },
    call: { service: 'ec2', operation: 'CreateInternetGateway', input: { TagSpecifications: [tagSpecification('internet-gateway', { Name: `${name}-igw` })] } },
    outputs: { gatewayId: 'InternetGateway.InternetGatewayId' },
    inverse: (self) => ec2('DeleteInternetGateway', { InternetGatewayId: draft.ref(self, 'gatewayId') }),
  });
  const attach = draft.step({
    action: `attach ${name}-igw to ${name}`,
    effect: 'update-live',
    resource: { kind: 'internet-gateway', name: `${name}-igw` },
    call: { service: 'ec2', operation: 'AttachInternetGateway', input: { InternetGatewayId: draft.ref(gateway, 'gatewayId'), VpcId: draft.ref(vpc, 'vpcId') } },
    dependsOn: [gateway, vpc],
    inverse: ec2('DetachInternetGateway', { InternetGatewayId: draft.ref(gateway, 'gatewayId'), VpcId: draft.ref(vpc, 'vpcId') }),
  });
  const table = draft.step({
    action: `create route table ${name}-public`,
    effect: 'create',
    resource: { kind: 'route-table', name: `${name}-public` },
    call: { service: 'ec2', operation: 'CreateRouteTable', input: { VpcId: draft.ref(vpc, 'vpcId'), TagSpecifications: [tagSpecification('route-table', { Name: `${name}-public` })] } },
    outputs: { routeTableId: 'RouteTable.RouteTableId' },
    dependsOn: [vpc],
    inverse: (self) => ec2('DeleteRouteTable', { RouteTableId: draft.ref(self, 'routeTableId') }),
  });
  draft.step({
    action: `route 0.0.0.0/0 through ${name}-igw`,
    effect: 'update-live',
    resource: { kind: 'route-table', name: `${name}-public` },
    call: { service: 'ec2', operation: 'CreateRoute', input: { RouteTableId: draft.ref(table, 'routeTableId'), DestinationCidrBlock: '0.0.0.0/0', GatewayId: draft.ref(gateway, 'gatewayId') } },
    dependsOn: [table, attach],
    inverse: ec2('DeleteRoute', { RouteTableId: draft.ref(table, 'routeTableId'), DestinationCidrBlock: '0.0.0.0/0' }),
  });
  for (const subnet of subnets) {
    draft.step({
      action: `associate ${subnet.resource.name} with ${name}-public`,
      effect: 'update-live',
      resource: { kind: 'subnet', name: subnet.resource.name },
      call: { service: 'ec2', operation: 'AssociateRouteTable', input: { RouteTableId: draft.ref(table, 'routeTableId'), SubnetId: draft.ref(subnet, 'subnetId') } },
      outputs: { associationId: 'AssociationId' },
      dependsOn: [table, subnet],
      inverse: (self) => ec2('DisassociateRouteTable', { AssociationId: draft.ref(self, 'associationId') }),
    });
    makePublic(draft, subnet.resource.name!, subnet);
  }
}

/** The IpPermissions form of port rules. */
export function ipPermissions(rules: readonly PortRule[]) {
  return rules.map((rule) => ({
    IpProtocol: rule.protocol,
    ...(rule.protocol === '-1' ? {} : { FromPort: rule.fromPort, ToPort: rule.toPort }),
    ...(rule.cidr.includes(':')
      ? { Ipv6Ranges: [{ CidrIpv6: rule.cidr, ...(rule.description ? { Description: rule.description } : {}) }] }
      : { IpRanges: [{ CidrIp: rule.cidr, ...(rule.description ? { Description: rule.description } : {}) }] }),
  }));
}

/** "22/tcp from 0.0.0.0/0" */
export function describeRule(rule: PortRule): string {
  const ports = rule.protocol === '-1' ? 'all traffic' : rule.fromPort === rule.toPort ? `${rule.fromPort}/${rule.protocol}` : `${rule.fromPort}-${rule.toPort}/${rule.protocol}`;
  return `${ports} from ${rule.cidr}`;
}

function validateRules(rules: readonly PortRule[]): void {
  for (const rule of rules) {
    if (rule.protocol !== '-1' && (rule.fromPort < 0 || rule.toPort > 65535 || rule.fromPort > rule.toPort)) invalid(`port range ${rule.fromPort}-${rule.toPort} is not valid: ports run from 0 to 65535`);
    if (!parseCidr(rule.cidr, { allowHostBits: true }) && !rule.cidr.includes(':')) invalid(`${rule.cidr} is not a valid CIDR block (expected something like 203.0.113.0/24 or 0.0.0.0/0)`);
  }
}

/** Builds a new security group with its ingress rules. */
export function buildCreateSecurityGroup(draft: PlanDraft, context: PlanContext, intent: IntentOf<'create-security-group'>): string {
  validateRules(intent.rules);
  const vpc = intent.vpc ? resolveOne(context, { kind: 'vpc', selector: intent.vpc.selector }, 'read') : context.inventory.vpcs.find((candidate) => candidate.isDefault);
  if (!vpc) invalid('this region has no default VPC; say which VPC the security group is for');
  if (context.inventory.securityGroups.some((group) => group.groupName === intent.name && group.vpcId === vpc.id)) invalid(`${vpc.id} already has a security group named ${intent.name}`);
  const group = draft.step({
    action: `create security group ${intent.name} in ${label(vpc)}`,
    effect: 'create',
    resource: { kind: 'security-group', name: intent.name },
    call: {
      service: 'ec2',
      operation: 'CreateSecurityGroup',
      input: { GroupName: intent.name, Description: intent.description ?? `${intent.name}, created by Cirro`, VpcId: vpc.id, TagSpecifications: [tagSpecification('security-group', { Name: intent.name })] },
    },
    outputs: { groupId: 'GroupId' },
    inverse: (self) => ec2('DeleteSecurityGroup', { GroupId: draft.ref(self, 'groupId') }),
  });
  if (intent.rules.length > 0) {
    const permissions = ipPermissions(describedRules(intent.rules));
    draft.step({
      action: `allow ${intent.rules.map(describeRule).join(', ')} into ${intent.name}`,
      effect: 'update-live',
      resource: { kind: 'security-group', name: intent.name },
      call: ec2('AuthorizeSecurityGroupIngress', { GroupId: draft.ref(group, 'groupId'), IpPermissions: permissions }),
      dependsOn: [group],
      inverse: ec2('RevokeSecurityGroupIngress', { GroupId: draft.ref(group, 'groupId'), IpPermissions: permissions }),
    });
  }
  draft.expect(`${intent.name} exists in ${vpc.id}`, { kind: 'security-group', name: intent.name }, { vpcId: vpc.id, ingressRules: intent.rules.map(describeRule) });
  return `create security group ${intent.name} in ${label(vpc)}${intent.rules.length ? ` allowing ${intent.rules.map(describeRule).join(', ')}` : ''}`;
}

function matches(rule: SecurityRuleView, wanted: PortRule): boolean {
  return rule.direction === 'ingress' && rule.protocol === wanted.protocol && rule.source === wanted.cidr
    && (wanted.protocol === '-1' || (rule.fromPort === wanted.fromPort && rule.toPort === wanted.toPort));
}

/** Opens or closes ports on a security group, or on the groups of an instance. */
export function buildChangePorts(draft: PlanDraft, context: PlanContext, intent: IntentOf<'change-ports'>): string {
  validateRules(intent.rules);
  let groups: SecurityGroupView[];
  if (intent.target.kind === 'instance') {
    const instance = resolveOne(context, { kind: 'instance', selector: intent.target.selector }, 'change');
    groups = context.inventory.securityGroups.filter((group) => instance.securityGroupIds.includes(group.id));
    if (groups.length > 1 && intent.action === 'open') {
      invalid(`${label(instance)} has ${groups.length} security groups (${groups.map((group) => group.groupName).join(', ')}); say which one to open the port on`);
    }
    const shared = groups.filter((group) => context.inventory.instances.some((other) => other.id !== instance.id && other.securityGroupIds.includes(group.id) && other.state !== 'terminated'));
    for (const group of shared) draft.advise('warning', `${group.groupName} (${group.id}) is shared with other instances: the change applies to them too.`);
  } else {
    groups = resolveOrStop(context, { kind: 'security-group', selector: intent.target.selector }, 'change') as SecurityGroupView[];
  }
  const described = intent.rules.map(describeRule).join(', ');
  for (const group of groups) {
    if (intent.action === 'open') {
      const missing = intent.rules.filter((rule) => !group.rules.some((existing) => matches(existing, rule)));
      if (missing.length === 0) {
        draft.advise('info', `${group.groupName} already allows ${described}; nothing to change.`);
        continue;
      }
      draft.step({
        action: `allow ${missing.map(describeRule).join(', ')} into ${group.groupName} (${group.id})`,
        effect: 'update-live',
        resource: { kind: 'security-group', id: group.id, name: group.groupName },
        call: ec2('AuthorizeSecurityGroupIngress', { GroupId: group.id, IpPermissions: ipPermissions(describedRules(missing)) }),
        inverse: ec2('RevokeSecurityGroupIngress', { GroupId: group.id, IpPermissions: ipPermissions(missing) }),
      });
      draft.expect(`${group.groupName} allows ${described}`, { kind: 'security-group', id: group.id }, { ingressRulesInclude: intent.rules.map(describeRule) });
    } else {
      const present = intent.rules.filter((rule) => group.rules.some((existing) => matches(existing, rule)));
      if (present.length === 0) {
        const current = group.rules.filter((rule) => rule.direction === 'ingress').map((rule) => `${rule.fromPort ?? 'all'}/${rule.protocol} from ${rule.source}`);
        invalid(`${group.groupName} (${group.id}) has no rule allowing ${described} (its ingress rules: ${current.join(', ') || 'none'})`);
      }
      draft.step({
        action: `revoke ${present.map(describeRule).join(', ')} from ${group.groupName} (${group.id})`,
        effect: 'update-live',
        resource: { kind: 'security-group', id: group.id, name: group.groupName },
        call: { service: 'ec2', operation: 'RevokeSecurityGroupIngress', input: { GroupId: group.id, IpPermissions: ipPermissions(present) } },
        // Put back as they were, with the descriptions they had.
        inverse: ec2('AuthorizeSecurityGroupIngress', { GroupId: group.id, IpPermissions: ipPermissions(present.map((rule) => ({ ...rule, description: group.rules.find((existing) => matches(existing, rule))?.description }))) }),
      });
      draft.expect(`${group.groupName} no longer allows ${described}`, { kind: 'security-group', id: group.id }, { ingressRulesExclude: intent.rules.map(describeRule) });
    }
  }
  return `${intent.action} ${described} on ${groups.map((group) => group.groupName).join(', ')}`;
}

/** Builds a subnet in an existing VPC. */
export function buildCreateSubnet(draft: PlanDraft, context: PlanContext, intent: IntentOf<'create-subnet'>): string {
  const vpc = resolveOne(context, { kind: 'vpc', selector: intent.vpc.selector }, 'change');
  const block = parseCidr(vpc.cidrBlock)!;
  const taken = context.inventory.subnets.filter((subnet) => subnet.vpcId === vpc.id).map((subnet) => subnet.cidrBlock);
  let cidr = intent.cidr;
  if (!cidr) {
    for (let index = 0; index < 256 && !cidr; index++) {
      const candidate = cidrText(block.network + index * 256, 24);
      if (!taken.some((existing) => overlaps(existing, candidate)) && index * 256 < 2 ** (32 - block.prefix)) cidr = candidate;
    }
    if (!cidr) invalid(`${label(vpc)} has no free /24 left; give a CIDR`);
  }
  const clash = taken.find((existing) => overlaps(existing, cidr!));
  if (clash) invalid(`${cidr} overlaps subnet ${clash} in ${label(vpc)}; pick a free block`);
  const name = intent.name ?? `${vpc.name ?? vpc.id}-subnet-${taken.length + 1}`;
  const step = draft.step({
    action: `create subnet ${name} (${cidr}) in ${label(vpc)}${intent.availabilityZone ? ` (${intent.availabilityZone})` : ''}`,
    effect: 'create',
    resource: { kind: 'subnet', name },
    call: { service: 'ec2', operation: 'CreateSubnet', input: { VpcId: vpc.id, CidrBlock: cidr, ...(intent.availabilityZone ? { AvailabilityZone: intent.availabilityZone } : {}), TagSpecifications: [tagSpecification('subnet', { Name: name })] } },
    outputs: { subnetId: 'Subnet.SubnetId' },
    inverse: (self) => ec2('DeleteSubnet', { SubnetId: draft.ref(self, 'subnetId') }),
  });
  if (intent.public) makePublic(draft, name, step);
  draft.expect(`${name} exists with ${cidr}`, { kind: 'subnet', name }, { cidrBlock: cidr, vpcId: vpc.id });
  return `create subnet ${name} (${cidr}) in ${label(vpc)}`;
}
