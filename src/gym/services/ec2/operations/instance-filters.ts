import type { ServiceContext } from '../../../service.js';
import type { FilterSpec } from '../filters.js';
import { INSTANCE_STATE_CODES, type InstanceRecord } from '../records/compute.js';
import type { Ec2Store } from '../store.js';
import { privateDnsName, publicDnsName } from './compute-common.js';
import { instancePublicAddress } from './instance-view.js';

/**
 * DescribeInstances' filters. State, VPC, subnet, security group and client token go through table
 * indexes (and tags always do), so the common filtered describes cost what they return.
 */
export function instanceFilters(context: ServiceContext, store: Ec2Store): FilterSpec<InstanceRecord> {
  const live = (instance: InstanceRecord) => instance.state !== 'terminated';
  const groupNames = (instance: InstanceRecord) => (live(instance) ? instance.securityGroupIds.map((id) => store.securityGroups.get(id)?.groupName) : undefined);
  return {
    accessors: {
      'instance-id': (instance) => instance.id,
      'instance-state-name': (instance) => instance.state,
      'instance-state-code': (instance) => INSTANCE_STATE_CODES[instance.state],
      'instance-type': (instance) => instance.instanceType,
      'instance-lifecycle': (instance) => instance.instanceLifecycle,
      'spot-instance-request-id': (instance) => instance.spotInstanceRequestId,
      'reservation-id': (instance) => instance.reservationId,
      'owner-id': () => context.accountId,
      'vpc-id': (instance) => (live(instance) ? instance.vpcId : undefined),
      'subnet-id': (instance) => (live(instance) ? instance.subnetId : undefined),
      'image-id': (instance) => instance.imageId,
      'availability-zone': (instance) => instance.availabilityZone,
      'placement-group-name': () => undefined,
      'tenancy': () => 'default',
      'private-ip-address': (instance) => (live(instance) ? instance.privateIpAddress : undefined),
      'private-dns-name': (instance) => (live(instance) ? privateDnsName(context.region, instance.privateIpAddress) : undefined),
      'ip-address': (instance) => instancePublicAddress(store, instance),
      'dns-name': (instance) => {
        const address = instancePublicAddress(store, instance);
        return address ? publicDnsName(context.region, address) : undefined;
      },
      'key-name': (instance) => instance.keyName,
      'instance.group-id': (instance) => (live(instance) ? instance.securityGroupIds : undefined),
      'instance.group-name': groupNames,
      'group-id': (instance) => (live(instance) ? instance.securityGroupIds : undefined),
      'group-name': groupNames,
      'architecture': (instance) => instance.architecture,
      'hypervisor': (instance) => instance.hypervisor,
      'virtualization-type': (instance) => instance.virtualizationType,
      'root-device-type': (instance) => instance.rootDeviceType,
      'root-device-name': (instance) => instance.rootDeviceName,
      'platform': (instance) => (instance.os === 'windows' ? 'windows' : undefined),
      'platform-details': (instance) => instance.platformDetails,
      'monitoring-state': (instance) => instance.monitoring,
      'launch-time': (instance) => new Date(instance.launchTime).toISOString(),
      'client-token': (instance) => instance.clientToken,
      'ami-launch-index': (instance) => instance.amiLaunchIndex,
      'block-device-mapping.device-name': (instance) => instance.blockDevices.map((device) => device.deviceName),
      'block-device-mapping.volume-id': (instance) => instance.blockDevices.map((device) => device.volumeId),
      'block-device-mapping.delete-on-termination': (instance) => instance.blockDevices.map((device) => String(device.deleteOnTermination)),
      'network-interface.network-interface-id': (instance) => (live(instance) ? instance.networkInterfaceId : undefined),
      'network-interface.subnet-id': (instance) => (live(instance) ? instance.subnetId : undefined),
      'network-interface.vpc-id': (instance) => (live(instance) ? instance.vpcId : undefined),
      'network-interface.addresses.private-ip-address': (instance) => (live(instance) ? instance.privateIpAddress : undefined),
      'network-interface.group-id': (instance) => (live(instance) ? instance.securityGroupIds : undefined),
      'metadata-options.http-tokens': (instance) => instance.metadataOptions.httpTokens,
      'metadata-options.http-endpoint': (instance) => instance.metadataOptions.httpEndpoint,
      'metadata-options.http-put-response-hop-limit': (instance) => instance.metadataOptions.httpPutResponseHopLimit,
      'state-reason-code': (instance) => instance.stateReason?.code,
      'source-dest-check': (instance) => String(instance.sourceDestCheck),
      'ebs-optimized': (instance) => String(instance.ebsOptimized),
    },
    indexed: ['instance-state-name', 'client-token'],
  };
}

/** Filters whose exact values an index narrows, while the accessor still decides (terminated instances leave their VPC). */
const NARROWING_INDEXES: Readonly<Record<string, string>> = {
  'vpc-id': 'vpc-id',
  'network-interface.vpc-id': 'vpc-id',
  'subnet-id': 'subnet-id',
  'network-interface.subnet-id': 'subnet-id',
  'instance.group-id': 'instance.group-id',
  'group-id': 'instance.group-id',
  'network-interface.group-id': 'instance.group-id',
  'ip-address': 'ip-address',
};

/**
 * Candidate instance ids from the first filter an index can narrow (undefined when none can), so a
 * describe by VPC, subnet or group reads only that VPC's, subnet's or group's instances.
 */
export function narrowInstanceCandidates(store: Ec2Store, filters: readonly { Name?: string; Values?: readonly string[] }[] | undefined): string[] | undefined {
  for (const filter of filters ?? []) {
    const index = filter.Name ? NARROWING_INDEXES[filter.Name] : undefined;
    const values = filter.Values ?? [];
    if (!index || values.length === 0 || values.some((value) => /[*?]/.test(value))) continue;
    const ids = new Set<string>();
    for (const value of values) for (const id of store.instances.lookup(index, value)) ids.add(id);
    return [...ids];
  }
  return undefined;
}
