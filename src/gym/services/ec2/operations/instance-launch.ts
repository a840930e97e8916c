import type { InstanceNetworkInterfaceSpecification, RunInstancesRequest } from '@aws-sdk/client-ec2';
import { availabilityZones } from '../../../regions.js';
import type { ServiceContext } from '../../../service.js';
import { instanceTypeSpec, typeRunsArchitecture, type InstanceTypeSpec } from '../catalog/instance-types.js';
import { computeErrors, ec2Errors } from '../errors.js';
import type { ImageRecord, InstanceMetadataSettings } from '../records/compute.js';
import type { SubnetRecord, VpcRecord } from '../records/network.js';
import type { Ec2Store } from '../store.js';
import { tagsFor } from '../tags.js';
import { planBlockDevices, type PlannedVolume } from './block-devices.js';
import { requireImage } from './compute-common.js';
import { requireSubnet } from './subnets.js';

/** A checked launch: everything RunInstances (or a spot request's timer) needs to create instances. */
export interface LaunchPlan {
  readonly image: ImageRecord;
  readonly type: InstanceTypeSpec;
  readonly subnet: SubnetRecord;
  readonly vpc: VpcRecord;
  readonly securityGroupIds: string[];
  readonly keyName: string | undefined;
  readonly privateIpAddress: string | undefined;
  readonly associatePublicIp: boolean;
  readonly volumes: PlannedVolume[];
  readonly instanceTags: Record<string, string>;
  readonly volumeTags: Record<string, string>;
  readonly userData: string | undefined;
  readonly monitoring: boolean;
  readonly disableApiTermination: boolean;
  readonly disableApiStop: boolean;
  readonly ebsOptimized: boolean;
  readonly shutdownBehavior: 'stop' | 'terminate';
  readonly metadataOptions: InstanceMetadataSettings;
}

const TAGGABLE_AT_LAUNCH = new Set(['instance', 'volume', 'network-interface', 'spot-instances-request', 'elastic-gpu']);

/**
 * Checks a RunInstances request the way EC2 does — image, instance type and architecture, subnet or
 * default subnet, security groups, key pair, addresses, block devices, tags — without changing
 * anything, and returns the launch plan.
 */
export function planLaunch(context: ServiceContext, store: Ec2Store, input: RunInstancesRequest): LaunchPlan {
  if (!input.ImageId) throw ec2Errors.missingParameter('ImageId');
  const image = requireImage(context, store, input.ImageId);
  if (image.state === 'pending') throw computeErrors.imageUnavailable(image.id, 'is pending, and cannot be run. Wait until it is available (aws ec2 wait image-available).');
  if (image.state !== 'available') throw computeErrors.imageUnavailable(image.id, 'is no longer available.');
  const type = requireInstanceType(input.InstanceType ?? 'm1.small');
  checkArchitecture(type, image.architecture);
  const networkInterface = primaryInterface(input);
  const { subnet, vpc } = launchSubnet(context, store, networkInterface?.SubnetId ?? input.SubnetId, input.Placement?.AvailabilityZone);
  const securityGroupIds = launchGroups(store, vpc, subnet, networkInterface?.Groups ?? input.SecurityGroupIds, input.SecurityGroups);
  const privateIpAddress = networkInterface?.PrivateIpAddress ?? input.PrivateIpAddress;
  if (privateIpAddress !== undefined && (input.MaxCount ?? 1) > 1) {
    throw ec2Errors.invalidParameterCombination('PrivateIpAddress can only be given when launching one instance: set MaxCount to 1, or leave the address to EC2.');
  }
  for (const specification of input.TagSpecifications ?? []) {
    if (!specification.ResourceType || !TAGGABLE_AT_LAUNCH.has(specification.ResourceType)) {
      throw ec2Errors.invalidParameterValue(`'${specification.ResourceType}' is not a valid taggable resource type for this operation.`);
    }
  }
  return {
    image,
    type,
    subnet,
    vpc,
    securityGroupIds,
    keyName: requireKeyName(store, input.KeyName),
    privateIpAddress,
    associatePublicIp: networkInterface?.AssociatePublicIpAddress ?? subnet.mapPublicIpOnLaunch,
    volumes: planBlockDevices(context, store, image, input.BlockDeviceMappings),
    instanceTags: tagsFor(input.TagSpecifications, 'instance'),
    volumeTags: tagsFor(input.TagSpecifications, 'volume'),
    userData: checkUserData(input.UserData),
    monitoring: input.Monitoring?.Enabled ?? false,
    disableApiTermination: input.DisableApiTermination ?? false,
    disableApiStop: input.DisableApiStop ?? false,
    ebsOptimized: input.EbsOptimized ?? false,
    shutdownBehavior: input.InstanceInitiatedShutdownBehavior === 'terminate' ? 'terminate' : 'stop',
    metadataOptions: metadataDefaults(image, input.MetadataOptions),
  };
}

/** The spec of an instance type the gym offers, or AWS's error naming the bad value. */
export function requireInstanceType(name: string): InstanceTypeSpec {
  const type = instanceTypeSpec(name);
  if (!type) throw ec2Errors.invalidInstanceType(name);
  return type;
}

/** Fails as AWS does when the image's architecture does not run on the instance type. */
export function checkArchitecture(type: InstanceTypeSpec, architecture: string): void {
  if (!typeRunsArchitecture(type, architecture)) throw computeErrors.architectureMismatch(type.architectures.join(','), architecture);
}

function primaryInterface(input: RunInstancesRequest): InstanceNetworkInterfaceSpecification | undefined {
  const interfaces = input.NetworkInterfaces ?? [];
  if (interfaces.length === 0) return undefined;
  if (input.SubnetId !== undefined) {
    throw ec2Errors.invalidParameterCombination('Network interfaces and an instance-level subnet ID may not be specified on the same request');
  }
  if ((input.SecurityGroupIds?.length ?? 0) > 0 || (input.SecurityGroups?.length ?? 0) > 0) {
    throw ec2Errors.invalidParameterCombination('Network interfaces and an instance-level security groups may not be specified on the same request');
  }
  const primary = interfaces.find((candidate) => (candidate.DeviceIndex ?? 0) === 0) ?? interfaces[0]!;
  if (primary.NetworkInterfaceId) {
    throw ec2Errors.invalidParameterValue('Launching with an existing network interface is not supported by the gym yet; give SubnetId on the interface instead.');
  }
  if (!primary.SubnetId) throw ec2Errors.missingParameter('NetworkInterface.1.SubnetId');
  return primary;
}

/** The subnet to launch into: the named one, else the default subnet of the zone (or of the region's first zone). */
function launchSubnet(context: ServiceContext, store: Ec2Store, subnetId: string | undefined, zone: string | undefined): { subnet: SubnetRecord; vpc: VpcRecord } {
  if (subnetId) {
    const subnet = requireSubnet(store, subnetId);
    if (zone !== undefined && zone !== subnet.availabilityZone) {
      throw ec2Errors.invalidParameterValue(`Availability zone ${zone} does not match the zone of subnet ${subnet.id} (${subnet.availabilityZone}); leave Placement.AvailabilityZone out or pick a subnet in ${zone}.`);
    }
    return { subnet, vpc: store.vpcs.get(subnet.vpcId)! };
  }
  const zones = availabilityZones(context.region) ?? [];
  if (zone !== undefined && !zones.includes(zone)) throw computeErrors.invalidAvailabilityZone(zone);
  const vpcId = [...store.vpcs.lookup('is-default', 'true')][0];
  if (!vpcId) throw computeErrors.noDefaultVpc();
  const wanted = zone ?? zones[0]!;
  const subnet = store.subnets.find('vpc-id', vpcId).find((candidate) => candidate.defaultForAz && candidate.availabilityZone === wanted);
  if (!subnet) {
    throw ec2Errors.invalidParameterValue(`No default subnet for availability zone: '${wanted}'. Give a SubnetId, or create a default subnet (aws ec2 create-default-subnet --availability-zone ${wanted}).`);
  }
  return { subnet, vpc: store.vpcs.get(vpcId)! };
}

/** The instance's security groups: by id (in the subnet's VPC), by name (default VPC only), or the VPC's default group. */
export function launchGroups(store: Ec2Store, vpc: VpcRecord, subnet: SubnetRecord, ids: readonly string[] | undefined, names: readonly string[] | undefined): string[] {
  const found: string[] = [];
  for (const id of ids ?? []) {
    if (!/^sg-[0-9a-f]+$/.test(id)) throw ec2Errors.malformedId('InvalidGroupId.Malformed', id, 'sg');
    const group = store.securityGroups.get(id);
    if (!group) throw ec2Errors.securityGroupNotFound(id);
    if (group.vpcId !== vpc.id) throw computeErrors.groupInOtherNetwork(id, subnet.id);
    if (!found.includes(id)) found.push(id);
  }
  if ((names?.length ?? 0) > 0 && !vpc.isDefault) throw computeErrors.groupNameWithSubnet();
  for (const name of names ?? []) {
    const group = store.securityGroups.find('group-name', name).find((candidate) => candidate.vpcId === vpc.id);
    if (!group) throw computeErrors.groupNameNotInDefaultVpc(name, vpc.id);
    if (!found.includes(group.id)) found.push(group.id);
  }
  return found.length > 0 ? found : [vpc.defaultSecurityGroupId];
}

function requireKeyName(store: Ec2Store, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (store.keyPairs.lookup('key-name', name).size === 0) throw ec2Errors.keyPairNotFound(name);
  return name;
}

/** Checks user data (base64, at most 16 KiB decoded) and keeps it as sent. */
export function checkUserData(userData: string | undefined): string | undefined {
  if (userData === undefined || userData === '') return undefined;
  const bytes = Buffer.from(userData, 'base64').length;
  if (bytes > 16384) throw computeErrors.userDataTooLarge(bytes);
  return userData;
}

function metadataDefaults(image: ImageRecord, options: RunInstancesRequest['MetadataOptions']): InstanceMetadataSettings {
  const v2 = image.imdsSupport === 'v2.0';
  const hopLimit = options?.HttpPutResponseHopLimit ?? (v2 ? 2 : 1);
  if (hopLimit < 1 || hopLimit > 64) {
    throw ec2Errors.invalidParameterValue(`The HttpPutResponseHopLimit ${hopLimit} is out of range; use 1 to 64.`);
  }
  return {
    httpTokens: options?.HttpTokens ?? (v2 ? 'required' : 'optional'),
    httpPutResponseHopLimit: hopLimit,
    httpEndpoint: options?.HttpEndpoint ?? 'enabled',
    httpProtocolIpv6: options?.HttpProtocolIpv6 ?? 'disabled',
    instanceMetadataTags: options?.InstanceMetadataTags ?? 'disabled',
  };
}
