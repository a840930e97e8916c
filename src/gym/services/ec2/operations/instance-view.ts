import type { GroupIdentifier, Instance, InstanceNetworkInterface, Reservation } from '@aws-sdk/client-ec2';
import type { ServiceContext } from '../../../service.js';
import { instanceTypeSpec } from '../catalog/instance-types.js';
import { stableHex } from '../catalog/stable-id.js';
import type { InstanceRecord } from '../records/compute.js';
import type { Ec2Store } from '../store.js';
import { apiTags } from '../tags.js';
import { apiState, privateDnsName, publicDnsName } from './compute-common.js';

/** The public address an instance shows: its Elastic IP if one is associated, else its auto-assigned one. */
export function instancePublicAddress(store: Ec2Store, instance: InstanceRecord): string | undefined {
  if (instance.state === 'terminated' || instance.state === 'shutting-down') return undefined;
  for (const address of store.addresses.find('instance-id', instance.id)) return address.publicIp;
  return instance.publicIpAddress;
}

/** The security groups of an instance as `{ GroupId, GroupName }` pairs. */
export function instanceGroups(store: Ec2Store, instance: InstanceRecord): GroupIdentifier[] {
  return instance.securityGroupIds.map((id) => ({ GroupId: id, GroupName: store.securityGroups.get(id)?.groupName ?? '' }));
}

/** A MAC address that stays the same for an interface (AWS's start with 0a or 12 for VPC interfaces). */
export function macAddress(interfaceId: string): string {
  const hex = stableHex(10, interfaceId);
  return `0a:${hex.match(/../g)!.join(':')}`;
}

/** An instance as DescribeInstances and RunInstances return it. */
export function apiInstance(context: ServiceContext, store: Ec2Store, instance: InstanceRecord): Instance {
  const terminated = instance.state === 'terminated';
  const type = instanceTypeSpec(instance.instanceType);
  const publicIp = instancePublicAddress(store, instance);
  const vpc = store.vpcs.get(instance.vpcId);
  const publicDns = publicIp && vpc?.enableDnsHostnames ? publicDnsName(context.region, publicIp) : '';
  const privateDns = terminated ? '' : privateDnsName(context.region, instance.privateIpAddress);
  const groups = terminated ? [] : instanceGroups(store, instance);
  return {
    AmiLaunchIndex: instance.amiLaunchIndex,
    ImageId: instance.imageId,
    InstanceId: instance.id,
    InstanceType: instance.instanceType as Instance['InstanceType'],
    KeyName: instance.keyName,
    LaunchTime: new Date(instance.launchTime),
    Monitoring: { State: instance.monitoring },
    Placement: { AvailabilityZone: instance.availabilityZone, GroupName: '', Tenancy: 'default' },
    // AWS sends lowercase `windows` on the wire, whatever the SDK's enum spells.
    Platform: instance.os === 'windows' ? ('windows' as Instance['Platform']) : undefined,
    PrivateDnsName: privateDns,
    PrivateIpAddress: terminated ? undefined : instance.privateIpAddress,
    ProductCodes: [],
    PublicDnsName: publicDns,
    PublicIpAddress: publicIp,
    State: apiState(instance.state),
    StateTransitionReason: instance.stateTransitionReason,
    SubnetId: terminated ? undefined : instance.subnetId,
    VpcId: terminated ? undefined : instance.vpcId,
    Architecture: instance.architecture as Instance['Architecture'],
    BlockDeviceMappings: terminated ? [] : instance.blockDevices.map((device) => ({
      DeviceName: device.deviceName,
      Ebs: {
        AttachTime: new Date(device.attachTime),
        DeleteOnTermination: device.deleteOnTermination,
        Status: store.volumes.get(device.volumeId)?.attachment?.state ?? 'attached',
        VolumeId: device.volumeId,
      },
    })),
    ClientToken: instance.clientToken ?? '',
    EbsOptimized: instance.ebsOptimized,
    EnaSupport: (type?.hypervisor ?? instance.hypervisor) === 'nitro',
    // AWS reports `xen` for Nitro instances too.
    Hypervisor: 'xen',
    InstanceLifecycle: instance.instanceLifecycle,
    NetworkInterfaces: terminated ? [] : [primaryInterface(context, store, instance, publicIp, publicDns, privateDns, groups)],
    RootDeviceName: instance.rootDeviceName,
    RootDeviceType: instance.rootDeviceType,
    SecurityGroups: groups,
    SourceDestCheck: instance.sourceDestCheck,
    SpotInstanceRequestId: instance.spotInstanceRequestId,
    StateReason: instance.stateReason ? { Code: instance.stateReason.code, Message: instance.stateReason.message } : undefined,
    Tags: apiTags(instance.tags),
    VirtualizationType: instance.virtualizationType,
    CpuOptions: type ? { CoreCount: type.vcpus / type.threadsPerCore, ThreadsPerCore: type.threadsPerCore } : undefined,
    CapacityReservationSpecification: { CapacityReservationPreference: 'open' },
    HibernationOptions: { Configured: false },
    MetadataOptions: {
      State: 'applied',
      HttpTokens: instance.metadataOptions.httpTokens,
      HttpPutResponseHopLimit: instance.metadataOptions.httpPutResponseHopLimit,
      HttpEndpoint: instance.metadataOptions.httpEndpoint,
      HttpProtocolIpv6: instance.metadataOptions.httpProtocolIpv6,
      InstanceMetadataTags: instance.metadataOptions.instanceMetadataTags,
    },
    EnclaveOptions: { Enabled: false },
    BootMode: instance.bootMode === 'uefi' ? 'uefi' : undefined,
    PlatformDetails: instance.platformDetails,
    UsageOperation: instance.usageOperation,
    UsageOperationUpdateTime: new Date(instance.launchTime),
    PrivateDnsNameOptions: terminated ? undefined : { HostnameType: 'ip-name', EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
    MaintenanceOptions: { AutoRecovery: 'default' },
    CurrentInstanceBootMode: instance.bootMode === 'uefi' ? 'uefi' : 'legacy-bios',
  };
}

function primaryInterface(
  context: ServiceContext,
  store: Ec2Store,
  instance: InstanceRecord,
  publicIp: string | undefined,
  publicDns: string,
  privateDns: string,
  groups: GroupIdentifier[],
): InstanceNetworkInterface {
  const address = store.addresses.find('instance-id', instance.id)[0];
  const association = publicIp ? { IpOwnerId: address ? context.accountId : 'amazon', PublicDnsName: publicDns, PublicIp: publicIp } : undefined;
  return {
    Association: association,
    Attachment: {
      AttachTime: new Date(instance.launchTime),
      AttachmentId: `eni-attach-0${stableHex(16, instance.networkInterfaceId)}`,
      DeleteOnTermination: true,
      DeviceIndex: 0,
      Status: 'attached',
      NetworkCardIndex: 0,
    },
    Description: '',
    Groups: groups,
    Ipv6Addresses: [],
    MacAddress: macAddress(instance.networkInterfaceId),
    NetworkInterfaceId: instance.networkInterfaceId,
    OwnerId: context.accountId,
    PrivateDnsName: privateDns,
    PrivateIpAddress: instance.privateIpAddress,
    PrivateIpAddresses: [{ Association: association, Primary: true, PrivateDnsName: privateDns, PrivateIpAddress: instance.privateIpAddress }],
    SourceDestCheck: instance.sourceDestCheck,
    Status: 'in-use',
    SubnetId: instance.subnetId,
    VpcId: instance.vpcId,
    InterfaceType: 'interface',
  };
}

/** Groups instances into reservations, keeping the order in which each reservation first appears. */
export function reservations(context: ServiceContext, store: Ec2Store, instances: readonly InstanceRecord[]): Reservation[] {
  const byId = new Map<string, Reservation & { Instances: Instance[] }>();
  for (const instance of instances) {
    let reservation = byId.get(instance.reservationId);
    if (!reservation) {
      reservation = { ReservationId: instance.reservationId, OwnerId: context.accountId, Groups: [], Instances: [] };
      byId.set(instance.reservationId, reservation);
    }
    reservation.Instances.push(apiInstance(context, store, instance));
  }
  return [...byId.values()];
}
