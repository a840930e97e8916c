import type { SubnetMapping } from '@aws-sdk/client-elastic-load-balancing-v2';
import { containsAddress, parseCidr, parseIpv4 } from '../ec2/cidr.js';
import type { Ec2Store } from '../ec2/store.js';
import { elbv2Errors } from './errors.js';
import type { LoadBalancerRecord, LoadBalancerSubnet, LoadBalancerType } from './records.js';

/** Where a load balancer's nodes go: its VPC and one subnet per Availability Zone. */
export interface Placement {
  readonly vpcId: string;
  readonly subnets: LoadBalancerSubnet[];
}

/** What placement needs to know about the load balancer being placed. */
export interface PlacementRequest {
  readonly type: LoadBalancerType;
  readonly scheme: 'internet-facing' | 'internal';
  readonly subnets: readonly string[] | undefined;
  readonly subnetMappings: readonly SubnetMapping[] | undefined;
  /** The VPC the load balancer already lives in (SetSubnets); subnets must stay in it. */
  readonly vpcId?: string;
}

/**
 * Resolves Subnets or SubnetMappings against EC2 as AWS does: every subnet exists, all in one VPC, one
 * per Availability Zone, at least two zones for an Application Load Balancer, an internet gateway for
 * an internet-facing one, and Elastic IPs or private addresses only where AWS allows them.
 */
export function resolvePlacement(ec2: Ec2Store, request: PlacementRequest): Placement {
  const hasSubnets = (request.subnets?.length ?? 0) > 0;
  const hasMappings = (request.subnetMappings?.length ?? 0) > 0;
  if (hasSubnets && hasMappings) throw elbv2Errors.validation('You can specify subnets or subnet mappings, but not both');
  const mappings: SubnetMapping[] = hasMappings ? [...request.subnetMappings!] : (request.subnets ?? []).map((SubnetId) => ({ SubnetId }));
  if (mappings.length === 0) throw elbv2Errors.validation(minimumSubnetsMessage(request.type));
  const placed: LoadBalancerSubnet[] = [];
  const zones = new Set<string>();
  let vpcId = request.vpcId;
  for (const mapping of mappings) {
    const id = mapping.SubnetId ?? '';
    const subnet = ec2.subnets.get(id);
    if (!subnet) throw elbv2Errors.subnetNotFound(id);
    vpcId ??= subnet.vpcId;
    if (subnet.vpcId !== vpcId) {
      throw elbv2Errors.invalidConfiguration(
        `Subnet '${id}' is in VPC '${subnet.vpcId}', but the load balancer's subnets are in VPC '${vpcId}'; all subnets of a load balancer must be in one VPC`,
      );
    }
    if (zones.has(subnet.availabilityZone)) {
      throw elbv2Errors.invalidConfiguration('A load balancer cannot be attached to multiple subnets in the same Availability Zone');
    }
    zones.add(subnet.availabilityZone);
    placed.push(placeSubnet(ec2, request, mapping, subnet.id, subnet.availabilityZone, subnet.cidrBlock));
  }
  if (request.type === 'application' && zones.size < 2) throw elbv2Errors.validation(minimumSubnetsMessage('application'));
  if (request.scheme === 'internet-facing' && request.type !== 'gateway' && ec2.internetGateways.lookup('attachment.vpc-id', vpcId!).size === 0) {
    throw elbv2Errors.invalidSubnet(`VPC ${vpcId} has no internet gateway`);
  }
  return { vpcId: vpcId!, subnets: placed };
}

function minimumSubnetsMessage(type: LoadBalancerType): string {
  return type === 'application'
    ? 'At least two subnets in two different Availability Zones must be specified'
    : 'At least one subnet must be specified';
}

function placeSubnet(ec2: Ec2Store, request: PlacementRequest, mapping: SubnetMapping, subnetId: string, zoneName: string, cidr: string): LoadBalancerSubnet {
  const placed: { -readonly [K in keyof LoadBalancerSubnet]: LoadBalancerSubnet[K] } = { subnetId, zoneName };
  if (mapping.AllocationId) {
    if (request.type !== 'network') {
      throw elbv2Errors.invalidConfiguration(`Elastic IP addresses can only be given to Network Load Balancers, not to a load balancer of type '${request.type}'`);
    }
    if (request.scheme === 'internal') throw elbv2Errors.invalidConfiguration('Elastic IP addresses cannot be given to an internal load balancer');
    const address = ec2.addresses.get(mapping.AllocationId);
    if (!address) throw elbv2Errors.allocationIdNotFound(mapping.AllocationId);
    placed.allocationId = address.id;
    placed.ipAddress = address.publicIp;
  }
  if (mapping.PrivateIPv4Address) {
    if (request.type !== 'network' || request.scheme !== 'internal') {
      throw elbv2Errors.invalidConfiguration('A private IPv4 address can only be given to the subnets of an internal Network Load Balancer');
    }
    const address = parseIpv4(mapping.PrivateIPv4Address);
    const block = parseCidr(cidr);
    if (address === undefined || !block || !containsAddress(block, address)) {
      throw elbv2Errors.invalidConfiguration(`The private IPv4 address '${mapping.PrivateIPv4Address}' is not in subnet '${subnetId}' (${cidr})`);
    }
    placed.privateIpv4Address = mapping.PrivateIPv4Address;
  }
  return placed;
}

/**
 * Resolves SecurityGroups as AWS does: each group exists and is in the load balancer's VPC. An
 * Application Load Balancer given none gets the VPC's default group; a Network Load Balancer keeps
 * none; a Gateway Load Balancer cannot have any.
 */
export function resolveSecurityGroups(ec2: Ec2Store, type: LoadBalancerType, vpcId: string, requested: readonly string[] | undefined): string[] {
  const ids = [...new Set(requested ?? [])];
  if (type === 'gateway') {
    if (ids.length > 0) throw elbv2Errors.validation("Security groups are not supported for load balancers with type 'gateway'");
    return [];
  }
  for (const id of ids) {
    const group = ec2.securityGroups.get(id);
    if (!group) throw elbv2Errors.invalidSecurityGroup(`Security group '${id}' does not exist`);
    if (group.vpcId !== vpcId) throw elbv2Errors.invalidSecurityGroup(`Security group '${id}' does not belong to VPC '${vpcId}'`);
  }
  if (ids.length === 0 && type === 'application') {
    const vpc = ec2.vpcs.get(vpcId);
    if (vpc) ids.push(vpc.defaultSecurityGroupId);
  }
  return ids;
}

/** The IP address types each load balancer type accepts. */
export const IP_ADDRESS_TYPES: Readonly<Record<LoadBalancerType, readonly string[]>> = {
  application: ['ipv4', 'dualstack', 'dualstack-without-public-ipv4'],
  network: ['ipv4', 'dualstack'],
  gateway: ['ipv4', 'dualstack'],
};

/**
 * Checks that the subnets can carry an IP address type. Dual-stack needs an IPv6 block in every subnet;
 * the gym's EC2 has no IPv6 subnets yet, so it is refused with the reason AWS would give.
 */
export function checkIpAddressType(balancer: Pick<LoadBalancerRecord, 'type' | 'scheme'>, subnets: readonly LoadBalancerSubnet[], ipAddressType: string): void {
  if (!IP_ADDRESS_TYPES[balancer.type].includes(ipAddressType)) {
    throw elbv2Errors.validation(`IP address type '${ipAddressType}' is not supported by load balancers of type '${balancer.type}'; use one of: ${IP_ADDRESS_TYPES[balancer.type].join(', ')}`);
  }
  if (ipAddressType === 'ipv4') return;
  if (ipAddressType === 'dualstack-without-public-ipv4' && balancer.scheme === 'internal') {
    throw elbv2Errors.invalidConfiguration("Internal load balancers cannot use the 'dualstack-without-public-ipv4' IP address type");
  }
  const subnet = subnets[0]!.subnetId;
  throw elbv2Errors.invalidSubnet(`Subnet '${subnet}' has no IPv6 CIDR block; associate one before using the '${ipAddressType}' IP address type`);
}
