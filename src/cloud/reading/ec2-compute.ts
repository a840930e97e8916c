import {
  DescribeAddressesCommand, DescribeInstanceAttributeCommand, DescribeInstancesCommand, DescribeKeyPairsCommand, DescribeVolumesCommand,
  type Address, type Instance, type KeyPairInfo, type Volume,
} from '@aws-sdk/client-ec2';
import type { ElasticIpView, InstanceView, KeyPairView, VolumeView } from '../inventory.js';
import { allPages, isoTime, pageSizeFor, tagRecord, type ReadContext } from './read-context.js';
import { classifyReadFailure } from './read-failure.js';

/** Options for reading instances. */
export interface InstanceReadOptions {
  /** Keep terminated instances (AWS lists them for about an hour after termination). */
  readonly includeTerminated?: boolean;
  /** Also read each instance's termination protection (one extra call per instance). */
  readonly terminationProtection?: boolean;
}

/** Reads key pairs (not paginated by AWS). */
export async function readKeyPairs(context: ReadContext, ids?: readonly string[]): Promise<KeyPairView[]> {
  const byId = ids?.filter((id) => id.startsWith('key-'));
  const byName = ids?.filter((id) => !id.startsWith('key-'));
  const output = await context.call(() => context.clients.ec2.send(new DescribeKeyPairsCommand({
    ...(byId?.length ? { KeyPairIds: byId } : {}),
    ...(byName?.length ? { KeyNames: byName } : {}),
  })));
  return (output.KeyPairs ?? []).map(keyPairView);
}

/** Reads instances; terminated ones only when asked. */
export async function readInstances(context: ReadContext, options: InstanceReadOptions = {}, ids?: readonly string[]): Promise<InstanceView[]> {
  const reservations = await allPages((token) =>
    context.call(async () => {
      // AWS refuses MaxResults together with InstanceIds.
      const output = await context.clients.ec2.send(new DescribeInstancesCommand(
        ids ? { InstanceIds: [...ids] } : { MaxResults: pageSizeFor(context, 'DescribeInstances'), NextToken: token }));
      return { items: output.Reservations, next: output.NextToken };
    }));
  const instances = reservations
    .flatMap((reservation) => reservation.Instances ?? [])
    .filter((instance) => options.includeTerminated || instance.State?.Name !== 'terminated');
  const protection = options.terminationProtection ? await readTerminationProtection(context, instances) : new Map<string, boolean>();
  return instances.map((instance) => instanceView(instance, protection.get(instance.InstanceId ?? '')));
}

/** Reads volumes. */
export async function readVolumes(context: ReadContext, ids?: readonly string[]): Promise<VolumeView[]> {
  const volumes = await allPages((token) =>
    context.call(async () => {
      const output = await context.clients.ec2.send(new DescribeVolumesCommand(
        ids ? { VolumeIds: [...ids] } : { MaxResults: pageSizeFor(context, 'DescribeVolumes'), NextToken: token }));
      return { items: output.Volumes, next: output.NextToken };
    }));
  return volumes.map(volumeView);
}

/** Reads Elastic IPs (not paginated by AWS); ids are allocation ids or public addresses. */
export async function readElasticIps(context: ReadContext, ids?: readonly string[]): Promise<ElasticIpView[]> {
  const allocationIds = ids?.filter((id) => id.startsWith('eipalloc-'));
  const publicIps = ids?.filter((id) => !id.startsWith('eipalloc-'));
  const output = await context.call(() => context.clients.ec2.send(new DescribeAddressesCommand({
    ...(allocationIds?.length ? { AllocationIds: allocationIds } : {}),
    ...(publicIps?.length ? { PublicIps: publicIps } : {}),
  })));
  return (output.Addresses ?? []).map(elasticIpView);
}

/** disableApiTermination per instance; an endpoint without the call leaves them unknown. */
async function readTerminationProtection(context: ReadContext, instances: readonly Instance[]): Promise<Map<string, boolean>> {
  const found = new Map<string, boolean>();
  await Promise.all(instances.map(async (instance) => {
    if (!instance.InstanceId || instance.State?.Name === 'terminated') return;
    const instanceId = instance.InstanceId;
    try {
      const output = await context.call(() => context.clients.ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiTermination' })));
      if (output.DisableApiTermination?.Value !== undefined) found.set(instanceId, output.DisableApiTermination.Value);
    } catch (error) {
      if (classifyReadFailure(error).type === 'fatal') throw error;
    }
  }));
  return found;
}

/** Maps an SDK key pair to its view; its id is the key pair id, or the name where an endpoint gives none. */
export function keyPairView(key: KeyPairInfo): KeyPairView {
  const tags = tagRecord(key.Tags);
  return { kind: 'key-pair', id: key.KeyPairId ?? key.KeyName ?? '', name: key.KeyName, tags, keyType: key.KeyType };
}

/** Maps an SDK instance to its view. */
export function instanceView(instance: Instance, terminationProtected?: boolean): InstanceView {
  const tags = tagRecord(instance.Tags);
  return {
    kind: 'instance', id: instance.InstanceId ?? '', name: tags['Name'], tags,
    state: instance.State?.Name ?? 'unknown',
    instanceType: instance.InstanceType ?? '',
    imageId: instance.ImageId ?? '',
    architecture: instance.Architecture,
    vpcId: instance.VpcId,
    subnetId: instance.SubnetId,
    availabilityZone: instance.Placement?.AvailabilityZone,
    privateIpAddress: instance.PrivateIpAddress,
    publicIpAddress: instance.PublicIpAddress,
    securityGroupIds: (instance.SecurityGroups ?? []).flatMap((group) => (group.GroupId ? [group.GroupId] : [])),
    keyName: instance.KeyName,
    monitoring: instance.Monitoring?.State ?? 'disabled',
    lifecycle: instance.InstanceLifecycle === 'spot' ? 'spot' : 'on-demand',
    spotInstanceRequestId: instance.SpotInstanceRequestId,
    rootDeviceName: instance.RootDeviceName,
    volumes: (instance.BlockDeviceMappings ?? []).flatMap((mapping) =>
      mapping.Ebs?.VolumeId ? [{ volumeId: mapping.Ebs.VolumeId, device: mapping.DeviceName ?? '', deleteOnTermination: mapping.Ebs.DeleteOnTermination ?? false }] : []),
    launchTime: isoTime(instance.LaunchTime),
    terminationProtected,
    metadataHttpTokens: instance.MetadataOptions?.HttpTokens,
    metadataHttpEndpoint: instance.MetadataOptions?.HttpEndpoint,
  };
}

/** Maps an SDK volume to its view (its first attachment: EBS multi-attach is out of scope). */
export function volumeView(volume: Volume): VolumeView {
  const tags = tagRecord(volume.Tags);
  const attachment = (volume.Attachments ?? [])[0];
  return {
    kind: 'volume', id: volume.VolumeId ?? '', name: tags['Name'], tags,
    sizeGiB: volume.Size ?? 0,
    volumeType: volume.VolumeType ?? 'gp2',
    iops: volume.Iops,
    state: volume.State ?? 'unknown',
    availabilityZone: volume.AvailabilityZone ?? '',
    encrypted: volume.Encrypted ?? false,
    attachment: attachment?.InstanceId
      ? { instanceId: attachment.InstanceId, device: attachment.Device ?? '', state: attachment.State ?? 'attached', deleteOnTermination: attachment.DeleteOnTermination ?? false }
      : undefined,
  };
}

/** Maps an SDK address to its view. */
export function elasticIpView(address: Address): ElasticIpView {
  const tags = tagRecord(address.Tags);
  return {
    kind: 'elastic-ip', id: address.AllocationId ?? address.PublicIp ?? '', name: tags['Name'], tags,
    publicIp: address.PublicIp ?? '',
    instanceId: address.InstanceId,
    associationId: address.AssociationId,
  };
}
