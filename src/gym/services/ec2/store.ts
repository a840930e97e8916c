import type { TableFactory } from '../../service.js';
import type { Table } from '../../world/table.js';
import { tagKeys } from './records/common.js';
import type { ImageRecord, InstanceRecord, LaunchTemplateRecord, SnapshotRecord, SpotRequestRecord, VolumeRecord } from './records/compute.js';
import type {
  AddressRecord, InternetGatewayRecord, KeyPairRecord, RouteTableRecord, SecurityGroupRecord, SubnetRecord, VpcRecord,
} from './records/network.js';

/**
 * EC2's state in one region. Every table has a `tag` index (keys from tagKeys); other indexes are
 * named after the filter they serve, so describe calls with those filters never scan.
 */
export interface Ec2Store {
  readonly vpcs: Table<VpcRecord>;
  readonly subnets: Table<SubnetRecord>;
  readonly internetGateways: Table<InternetGatewayRecord>;
  readonly routeTables: Table<RouteTableRecord>;
  readonly securityGroups: Table<SecurityGroupRecord>;
  readonly keyPairs: Table<KeyPairRecord>;
  readonly addresses: Table<AddressRecord>;
  readonly images: Table<ImageRecord>;
  readonly instances: Table<InstanceRecord>;
  readonly volumes: Table<VolumeRecord>;
  readonly snapshots: Table<SnapshotRecord>;
  readonly spotRequests: Table<SpotRequestRecord>;
  readonly launchTemplates: Table<LaunchTemplateRecord>;
}

/** Creates EC2's tables for one region. */
export function createEc2Store(tables: TableFactory): Ec2Store {
  return {
    vpcs: tables.table<VpcRecord>('vpcs').defineIndex('tag', tagKeys).defineIndex('is-default', (vpc) => [String(vpc.isDefault)]),
    subnets: tables.table<SubnetRecord>('subnets').defineIndex('tag', tagKeys).defineIndex('vpc-id', (subnet) => [subnet.vpcId]),
    internetGateways: tables.table<InternetGatewayRecord>('internet-gateways').defineIndex('tag', tagKeys)
      .defineIndex('attachment.vpc-id', (gateway) => (gateway.vpcId ? [gateway.vpcId] : [])),
    routeTables: tables.table<RouteTableRecord>('route-tables').defineIndex('tag', tagKeys).defineIndex('vpc-id', (table) => [table.vpcId]),
    securityGroups: tables.table<SecurityGroupRecord>('security-groups').defineIndex('tag', tagKeys)
      .defineIndex('vpc-id', (group) => [group.vpcId])
      .defineIndex('group-name', (group) => [group.groupName]),
    keyPairs: tables.table<KeyPairRecord>('key-pairs').defineIndex('tag', tagKeys).defineIndex('key-name', (pair) => [pair.keyName]),
    addresses: tables.table<AddressRecord>('addresses').defineIndex('tag', tagKeys)
      .defineIndex('public-ip', (address) => [address.publicIp])
      .defineIndex('instance-id', (address) => (address.instanceId ? [address.instanceId] : [])),
    images: tables.table<ImageRecord>('images').defineIndex('tag', tagKeys).defineIndex('name', (image) => [image.name]),
    instances: tables.table<InstanceRecord>('instances').defineIndex('tag', tagKeys)
      .defineIndex('vpc-id', (instance) => [instance.vpcId])
      .defineIndex('subnet-id', (instance) => [instance.subnetId])
      .defineIndex('instance-state-name', (instance) => [instance.state])
      .defineIndex('private-ip-address', (instance) => [`${instance.subnetId}/${instance.privateIpAddress}`])
      .defineIndex('instance.group-id', (instance) => instance.securityGroupIds)
      .defineIndex('client-token', (instance) => (instance.clientToken ? [instance.clientToken] : []))
      .defineIndex('ip-address', (instance) => (instance.publicIpAddress ? [instance.publicIpAddress] : [])),
    volumes: tables.table<VolumeRecord>('volumes').defineIndex('tag', tagKeys)
      .defineIndex('attachment.instance-id', (volume) => (volume.attachment ? [volume.attachment.instanceId] : []))
      .defineIndex('client-token', (volume) => (volume.clientToken ? [volume.clientToken] : [])),
    snapshots: tables.table<SnapshotRecord>('snapshots').defineIndex('tag', tagKeys).defineIndex('volume-id', (snapshot) => [snapshot.volumeId]),
    spotRequests: tables.table<SpotRequestRecord>('spot-requests').defineIndex('tag', tagKeys),
    launchTemplates: tables.table<LaunchTemplateRecord>('launch-templates').defineIndex('tag', tagKeys)
      .defineIndex('launch-template-name', (template) => [template.name]),
  };
}
