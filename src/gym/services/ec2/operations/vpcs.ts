import type {
  CreateVpcRequest, CreateVpcResult, DeleteVpcRequest, DescribeVpcAttributeRequest, DescribeVpcAttributeResult,
  DescribeVpcsRequest, DescribeVpcsResult, ModifyVpcAttributeRequest, Vpc,
} from '@aws-sdk/client-ec2';
import { handler, type ServiceContext } from '../../../service.js';
import { parseCidr } from '../cidr.js';
import { ec2Errors } from '../errors.js';
import { applyFilters, type FilterSpec } from '../filters.js';
import { paginate } from '../paging.js';
import type { VpcRecord } from '../records/network.js';
import type { Ec2Store } from '../store.js';
import { apiTags, tagsFor } from '../tags.js';

/** Creates a VPC with what AWS creates alongside it: the main route table and the default security group. */
export function createVpc(context: ServiceContext, store: Ec2Store, options: { cidrBlock: string; isDefault: boolean; tags: Record<string, string>; instanceTenancy?: string }): VpcRecord {
  const block = parseCidr(options.cidrBlock);
  if (!block) throw ec2Errors.invalidCidr(options.cidrBlock);
  if (block.prefix < 16 || block.prefix > 28) throw ec2Errors.invalidVpcRange(options.cidrBlock);
  const id = context.ids.resource('vpc');
  const mainRouteTableId = context.ids.resource('rtb');
  const defaultSecurityGroupId = context.ids.resource('sg');
  store.routeTables.put({
    id: mainRouteTableId,
    vpcId: id,
    tags: {},
    routes: [{ destinationCidrBlock: options.cidrBlock, gatewayId: 'local', origin: 'CreateRouteTable', state: 'active' }],
    associations: [{ id: context.ids.resource('rtbassoc'), main: true }],
  });
  store.securityGroups.put({
    id: defaultSecurityGroupId,
    groupName: 'default',
    description: 'default VPC security group',
    vpcId: id,
    tags: {},
    ingress: [{ ruleId: context.ids.resource('sgr'), protocol: '-1', fromPort: undefined, toPort: undefined, referencedGroupId: defaultSecurityGroupId }],
    egress: [{ ruleId: context.ids.resource('sgr'), protocol: '-1', fromPort: undefined, toPort: undefined, cidrIpv4: '0.0.0.0/0' }],
  });
  return store.vpcs.put({
    id,
    cidrBlock: options.cidrBlock,
    cidrAssociationId: context.ids.resource('vpc-cidr-assoc'),
    state: 'available',
    isDefault: options.isDefault,
    instanceTenancy: options.instanceTenancy ?? 'default',
    dhcpOptionsId: 'dopt-7a8b9c2d',
    enableDnsSupport: true,
    enableDnsHostnames: options.isDefault,
    mainRouteTableId,
    defaultSecurityGroupId,
    defaultNetworkAclId: context.ids.resource('acl'),
    tags: options.tags,
    createdAt: context.now,
  });
}

/** The VPC with this id, or the AWS not-found error. */
export function requireVpc(store: Ec2Store, id: string): VpcRecord {
  const vpc = store.vpcs.get(id);
  if (!vpc) throw ec2Errors.vpcNotFound(id);
  return vpc;
}

/** A VPC as DescribeVpcs returns it. */
export function apiVpc(vpc: VpcRecord, accountId: string): Vpc {
  return {
    VpcId: vpc.id,
    CidrBlock: vpc.cidrBlock,
    State: vpc.state,
    DhcpOptionsId: vpc.dhcpOptionsId,
    InstanceTenancy: vpc.instanceTenancy as Vpc['InstanceTenancy'],
    IsDefault: vpc.isDefault,
    OwnerId: accountId,
    CidrBlockAssociationSet: [{ AssociationId: vpc.cidrAssociationId, CidrBlock: vpc.cidrBlock, CidrBlockState: { State: 'associated' } }],
    Tags: apiTags(vpc.tags),
  };
}

const vpcFilters: FilterSpec<VpcRecord> = {
  accessors: {
    'vpc-id': (vpc) => vpc.id,
    'cidr': (vpc) => vpc.cidrBlock,
    'cidr-block-association.cidr-block': (vpc) => vpc.cidrBlock,
    'cidr-block-association.association-id': (vpc) => vpc.cidrAssociationId,
    'cidr-block-association.state': () => 'associated',
    'dhcp-options-id': (vpc) => vpc.dhcpOptionsId,
    'is-default': (vpc) => String(vpc.isDefault),
    'owner-id': () => undefined,
    'state': (vpc) => vpc.state,
  },
  indexed: ['is-default'],
};

function store(context: ServiceContext): Ec2Store {
  return context.store<Ec2Store>('ec2');
}

/** VPC operations. */
export const vpcOperations = {
  CreateVpc: handler<CreateVpcRequest, CreateVpcResult>((context, input) => {
    if (!input.CidrBlock) throw ec2Errors.missingParameter('CidrBlock');
    const vpc = createVpc(context, store(context), {
      cidrBlock: input.CidrBlock,
      isDefault: false,
      tags: tagsFor(input.TagSpecifications, 'vpc'),
      instanceTenancy: input.InstanceTenancy,
    });
    return { Vpc: { ...apiVpc(vpc, context.accountId), State: 'pending' } };
  }),

  DescribeVpcs: handler<DescribeVpcsRequest, DescribeVpcsResult>((context, input) => {
    const ec2 = store(context);
    const ids = input.VpcIds ?? [];
    for (const id of ids) requireVpc(ec2, id);
    const filters = [...(input.Filters ?? [])];
    const owner = filters.findIndex((filter) => filter.Name === 'owner-id');
    if (owner >= 0) {
      if (!filters[owner]!.Values?.includes(context.accountId)) return { Vpcs: [] };
      filters.splice(owner, 1);
    }
    const found = applyFilters(ec2.vpcs, filters, vpcFilters, ids);
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 1000 });
    return { Vpcs: page.items.map((vpc) => apiVpc(vpc, context.accountId)), NextToken: page.nextToken };
  }),

  DeleteVpc: handler<DeleteVpcRequest, Record<string, never>>((context, input) => {
    const ec2 = store(context);
    const vpc = requireVpc(ec2, input.VpcId!);
    const blockers = [
      ec2.subnets.lookup('vpc-id', vpc.id).size > 0 ? 'subnets' : undefined,
      ec2.internetGateways.lookup('attachment.vpc-id', vpc.id).size > 0 ? 'an attached internet gateway' : undefined,
      [...ec2.securityGroups.lookup('vpc-id', vpc.id)].some((id) => id !== vpc.defaultSecurityGroupId) ? 'security groups' : undefined,
      [...ec2.routeTables.lookup('vpc-id', vpc.id)].some((id) => id !== vpc.mainRouteTableId) ? 'route tables' : undefined,
    ].filter((blocker): blocker is string => blocker !== undefined);
    if (blockers.length > 0) {
      throw ec2Errors.dependencyViolation(`The vpc '${vpc.id}' has dependencies and cannot be deleted (${blockers.join(', ')}).`);
    }
    ec2.routeTables.delete(vpc.mainRouteTableId);
    ec2.securityGroups.delete(vpc.defaultSecurityGroupId);
    ec2.vpcs.delete(vpc.id);
    return {};
  }),

  ModifyVpcAttribute: handler<ModifyVpcAttributeRequest, Record<string, never>>((context, input) => {
    const ec2 = store(context);
    const vpc = requireVpc(ec2, input.VpcId!);
    const support = input.EnableDnsSupport?.Value;
    const hostnames = input.EnableDnsHostnames?.Value;
    if ((support === undefined) === (hostnames === undefined)) {
      throw ec2Errors.invalidParameterCombination('Specify exactly one of EnableDnsSupport or EnableDnsHostnames.');
    }
    ec2.vpcs.update(vpc.id, (draft) => {
      if (support !== undefined) draft.enableDnsSupport = support;
      if (hostnames !== undefined) draft.enableDnsHostnames = hostnames;
    });
    return {};
  }),

  DescribeVpcAttribute: handler<DescribeVpcAttributeRequest, DescribeVpcAttributeResult>((context, input) => {
    const vpc = requireVpc(store(context), input.VpcId!);
    switch (input.Attribute) {
      case 'enableDnsSupport':
        return { VpcId: vpc.id, EnableDnsSupport: { Value: vpc.enableDnsSupport } };
      case 'enableDnsHostnames':
        return { VpcId: vpc.id, EnableDnsHostnames: { Value: vpc.enableDnsHostnames } };
      default:
        throw ec2Errors.invalidParameterValue(`Value (${input.Attribute}) for parameter attribute is invalid. Use enableDnsSupport or enableDnsHostnames.`);
    }
  }),
};
