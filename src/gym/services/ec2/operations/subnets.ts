import type {
  CreateSubnetRequest, CreateSubnetResult, DeleteSubnetRequest, DescribeSubnetsRequest, DescribeSubnetsResult,
  ModifySubnetAttributeRequest, Subnet,
} from '@aws-sdk/client-ec2';
import { availabilityZones, zoneId } from '../../../regions.js';
import { handler, type ServiceContext } from '../../../service.js';
import { contains, overlaps, parseCidr } from '../cidr.js';
import { ec2Errors } from '../errors.js';
import { applyFilters, type FilterSpec } from '../filters.js';
import { paginate } from '../paging.js';
import type { SubnetRecord, VpcRecord } from '../records/network.js';
import type { Ec2Store } from '../store.js';
import { apiTags, tagsFor } from '../tags.js';
import { requireVpc } from './vpcs.js';
import { addressesInUse, availableAddressCount } from './subnet-addresses.js';

export { allocatePrivateAddress, releasePrivateAddress } from './subnet-addresses.js';

/** What a new subnet needs; the default network and CreateSubnet both go through createSubnet. */
export interface SubnetOptions {
  readonly vpc: VpcRecord;
  readonly cidrBlock: string;
  readonly availabilityZone: string;
  readonly defaultForAz: boolean;
  readonly mapPublicIpOnLaunch: boolean;
  readonly tags: Record<string, string>;
}

/** Validates a subnet's CIDR against its VPC and sibling subnets, then stores it. */
export function createSubnet(context: ServiceContext, store: Ec2Store, options: SubnetOptions): SubnetRecord {
  const block = parseCidr(options.cidrBlock);
  if (!block) throw ec2Errors.invalidCidr(options.cidrBlock);
  const vpcBlock = parseCidr(options.vpc.cidrBlock)!;
  if (block.prefix < 16 || block.prefix > 28 || !contains(vpcBlock, block)) throw ec2Errors.invalidSubnetRange(options.cidrBlock);
  for (const sibling of store.subnets.find('vpc-id', options.vpc.id)) {
    if (overlaps(parseCidr(sibling.cidrBlock)!, block)) throw ec2Errors.subnetConflict(options.cidrBlock);
  }
  return store.subnets.put({
    id: context.ids.resource('subnet'),
    vpcId: options.vpc.id,
    cidrBlock: options.cidrBlock,
    availabilityZone: options.availabilityZone,
    state: 'available',
    defaultForAz: options.defaultForAz,
    mapPublicIpOnLaunch: options.mapPublicIpOnLaunch,
    nextAddressOffset: 4,
    tags: options.tags,
    createdAt: context.now,
  });
}

/** The subnet with this id, or the AWS not-found (or malformed-id) error. */
export function requireSubnet(store: Ec2Store, id: string): SubnetRecord {
  const subnet = store.subnets.get(id);
  if (subnet) return subnet;
  if (!id.startsWith('subnet-')) throw ec2Errors.malformedId('InvalidSubnetID.Malformed', id, 'subnet');
  throw ec2Errors.subnetNotFound(id);
}

/** A subnet as DescribeSubnets returns it. */
export function apiSubnet(context: ServiceContext, store: Ec2Store, subnet: SubnetRecord): Subnet {
  return {
    AvailabilityZone: subnet.availabilityZone,
    AvailabilityZoneId: zoneId(context.region, subnet.availabilityZone),
    AvailableIpAddressCount: availableAddressCount(store, subnet),
    CidrBlock: subnet.cidrBlock,
    DefaultForAz: subnet.defaultForAz,
    MapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch,
    MapCustomerOwnedIpOnLaunch: false,
    State: subnet.state,
    SubnetId: subnet.id,
    VpcId: subnet.vpcId,
    OwnerId: context.accountId,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    Tags: apiTags(subnet.tags),
    SubnetArn: `arn:aws:ec2:${context.region}:${context.accountId}:subnet/${subnet.id}`,
    EnableDns64: false,
    Ipv6Native: false,
    PrivateDnsNameOptionsOnLaunch: { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
  };
}

/** The zone a new subnet goes in: the named zone or zone id, else a zone of the region at random (as AWS picks). */
export function subnetZone(context: ServiceContext, zone: string | undefined, id: string | undefined): string {
  const zones = availabilityZones(context.region) ?? [];
  if (zone !== undefined && id !== undefined) {
    throw ec2Errors.invalidParameterCombination('Specify either AvailabilityZone or AvailabilityZoneId, not both.');
  }
  if (zone !== undefined) {
    if (!zones.includes(zone)) throw ec2Errors.subnetZoneInvalid(zone, zones);
    return zone;
  }
  if (id !== undefined) {
    const found = zones.find((candidate) => zoneId(context.region, candidate) === id);
    if (!found) throw ec2Errors.subnetZoneIdInvalid(id, zones.map((candidate) => zoneId(context.region, candidate)));
    return found;
  }
  return zones[context.random.integer(zones.length)]!;
}

function subnetFilters(context: ServiceContext, store: Ec2Store): FilterSpec<SubnetRecord> {
  return {
    accessors: {
      'vpc-id': (subnet) => subnet.vpcId,
      'subnet-id': (subnet) => subnet.id,
      'availability-zone': (subnet) => subnet.availabilityZone,
      'availabilityZone': (subnet) => subnet.availabilityZone,
      'availability-zone-id': (subnet) => zoneId(context.region, subnet.availabilityZone),
      'availabilityZoneId': (subnet) => zoneId(context.region, subnet.availabilityZone),
      'available-ip-address-count': (subnet) => availableAddressCount(store, subnet),
      'cidr-block': (subnet) => subnet.cidrBlock,
      'cidr': (subnet) => subnet.cidrBlock,
      'cidrBlock': (subnet) => subnet.cidrBlock,
      'default-for-az': (subnet) => String(subnet.defaultForAz),
      'defaultForAz': (subnet) => String(subnet.defaultForAz),
      'map-public-ip-on-launch': (subnet) => String(subnet.mapPublicIpOnLaunch),
      'owner-id': () => context.accountId,
      'state': (subnet) => subnet.state,
      'subnet-arn': (subnet) => `arn:aws:ec2:${context.region}:${context.accountId}:subnet/${subnet.id}`,
    },
    indexed: ['vpc-id'],
  };
}

/** Subnet attributes the gym does not model yet; false is what they already are, so false is accepted. */
const UNMODELLED_FLAGS = [
  'AssignIpv6AddressOnCreation', 'MapCustomerOwnedIpOnLaunch', 'EnableDns64',
  'EnableResourceNameDnsARecordOnLaunch', 'EnableResourceNameDnsAAAARecordOnLaunch', 'DisableLniAtDeviceIndex',
] as const;

function store(context: ServiceContext): Ec2Store {
  return context.store<Ec2Store>('ec2');
}

/** Subnet operations. */
export const subnetOperations = {
  CreateSubnet: handler<CreateSubnetRequest, CreateSubnetResult>((context, input) => {
    const ec2 = store(context);
    const vpc = requireVpc(ec2, input.VpcId!);
    if (input.Ipv6CidrBlock !== undefined || input.Ipv6Native === true) {
      throw ec2Errors.unsupportedOperation('The gym does not model IPv6 subnets yet; create the subnet with an IPv4 CidrBlock only.');
    }
    if (!input.CidrBlock) throw ec2Errors.missingParameter('CidrBlock');
    const subnet = createSubnet(context, ec2, {
      vpc,
      cidrBlock: input.CidrBlock,
      availabilityZone: subnetZone(context, input.AvailabilityZone, input.AvailabilityZoneId),
      defaultForAz: false,
      mapPublicIpOnLaunch: false,
      tags: tagsFor(input.TagSpecifications, 'subnet'),
    });
    return { Subnet: apiSubnet(context, ec2, subnet) };
  }),

  DescribeSubnets: handler<DescribeSubnetsRequest, DescribeSubnetsResult>((context, input) => {
    const ec2 = store(context);
    const ids = input.SubnetIds ?? [];
    for (const id of ids) requireSubnet(ec2, id);
    const found = applyFilters(ec2.subnets, input.Filters, subnetFilters(context, ec2), ids);
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 1000 });
    return { Subnets: page.items.map((subnet) => apiSubnet(context, ec2, subnet)), NextToken: page.nextToken };
  }),

  DeleteSubnet: handler<DeleteSubnetRequest, Record<string, never>>((context, input) => {
    const ec2 = store(context);
    const subnet = requireSubnet(ec2, input.SubnetId!);
    if (addressesInUse(ec2, subnet.id) > 0) {
      throw ec2Errors.dependencyViolation(`The subnet '${subnet.id}' has dependencies and cannot be deleted.`);
    }
    // An explicit route-table association goes with its subnet, as in AWS.
    for (const table of ec2.routeTables.find('vpc-id', subnet.vpcId)) {
      if (!table.associations.some((association) => association.subnetId === subnet.id)) continue;
      ec2.routeTables.update(table.id, (draft) => {
        draft.associations = draft.associations.filter((association) => association.subnetId !== subnet.id);
      });
    }
    ec2.subnets.delete(subnet.id);
    return {};
  }),

  ModifySubnetAttribute: handler<ModifySubnetAttributeRequest, Record<string, never>>((context, input) => {
    const ec2 = store(context);
    const subnet = requireSubnet(ec2, input.SubnetId!);
    for (const flag of UNMODELLED_FLAGS) {
      if (input[flag]?.Value === true) {
        throw ec2Errors.unsupportedOperation(`The gym does not model the subnet attribute ${flag} yet; only MapPublicIpOnLaunch can be turned on.`);
      }
    }
    const value = input.MapPublicIpOnLaunch?.Value;
    if (value !== undefined) {
      ec2.subnets.update(subnet.id, (draft) => {
        draft.mapPublicIpOnLaunch = value;
      });
    }
    return {};
  }),
};
