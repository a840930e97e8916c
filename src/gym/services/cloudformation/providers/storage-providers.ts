import type { DescribeVolumesModificationsResult, DescribeVolumesResult, Volume } from '@aws-sdk/client-ec2';
import { AwsError } from '../../../../aws/aws-error.js';
import { ec2, tagSpecifications, updateTags } from './ec2-calls.js';
import { changedProperties, unknownAttribute, type ProviderContext, type ResourceProvider } from './provider.js';
import { defined, optionalBoolean, optionalInteger, optionalString, readTags, requiredString, unlessNotFound } from './provider-values.js';

function describeVolume(context: ProviderContext, id: string): Volume | undefined {
  return unlessNotFound(() => ec2<DescribeVolumesResult>(context, 'DescribeVolumes', { VolumeIds: [id] }).Volumes?.[0]);
}

/** What ModifyVolume changes on a volume in use; the rest of the type's properties EC2 cannot change at all. */
const MODIFIABLE = ['Iops', 'Size', 'Throughput', 'VolumeType'];
const FIXED = ['AvailabilityZone', 'Encrypted', 'KmsKeyId', 'OutpostArn', 'SnapshotId'];

/**
 * AWS::EC2::Volume. The reference marks every property "No interruption" (the type has no create-only
 * properties), and its registry schema sets no CloudFormation system tags on volumes, so none are added.
 */
export const volumeProvider: ResourceProvider = {
  type: 'AWS::EC2::Volume',
  properties: {
    AutoEnableIO: { update: 'none' }, AvailabilityZone: { update: 'none', required: true }, Encrypted: { update: 'none' },
    Iops: { update: 'none' }, KmsKeyId: { update: 'none' }, MultiAttachEnabled: { update: 'none' }, OutpostArn: { update: 'none' },
    Size: { update: 'none' }, SnapshotId: { update: 'none' }, Tags: { update: 'none' }, Throughput: { update: 'none' },
    VolumeInitializationRate: { update: 'none' }, VolumeType: { update: 'none' },
  },
  attributes: ['VolumeId'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, attribute, context) {
    if (attribute !== 'VolumeId') throw unknownAttribute(this, attribute);
    return describeVolume(context, physicalId)?.VolumeId;
  },
  create(context, logicalId, properties) {
    const volume = ec2<Volume>(context, 'CreateVolume', {
      AvailabilityZone: requiredString(properties, 'AvailabilityZone', logicalId),
      Encrypted: optionalBoolean(properties, 'Encrypted'),
      Iops: optionalInteger(properties, 'Iops'),
      KmsKeyId: optionalString(properties, 'KmsKeyId'),
      MultiAttachEnabled: optionalBoolean(properties, 'MultiAttachEnabled'),
      Size: optionalInteger(properties, 'Size'),
      SnapshotId: optionalString(properties, 'SnapshotId'),
      Throughput: optionalInteger(properties, 'Throughput'),
      VolumeType: optionalString(properties, 'VolumeType'),
      TagSpecifications: tagSpecifications('volume', properties),
    });
    return { physicalId: volume.VolumeId! };
  },
  stabilized(context, physicalId) {
    const state = describeVolume(context, physicalId)?.State;
    if (state === undefined || state === 'error' || state === 'deleted') return { failed: `volume ${physicalId} is ${state ?? 'gone'}` };
    if (state === 'creating') return 'pending';
    // After a ModifyVolume, CloudFormation waits until the new size and type apply (modifying → optimizing).
    const modifications = unlessNotFound(() => ec2<DescribeVolumesModificationsResult>(context, 'DescribeVolumesModifications', { VolumeIds: [physicalId] }));
    return modifications?.VolumesModifications?.some((modification) => modification.ModificationState === 'modifying') ? 'pending' : 'done';
  },
  update(context, physicalId, previous, next) {
    const changed = changedProperties(previous, next);
    const fixed = changed.filter((name) => FIXED.includes(name));
    if (fixed.length > 0) {
      throw new AwsError('NotUpdatable', `volume ${physicalId}: EC2 cannot change ${fixed.join(', ')} of an existing volume; give the resource a new logical id to create a new volume, or restore the old value`);
    }
    if (changed.some((name) => MODIFIABLE.includes(name))) {
      ec2(context, 'ModifyVolume', {
        VolumeId: physicalId,
        Size: optionalInteger(next, 'Size'),
        VolumeType: optionalString(next, 'VolumeType'),
        Iops: optionalInteger(next, 'Iops'),
        Throughput: optionalInteger(next, 'Throughput'),
      });
    }
    updateTags(context, physicalId, previous, next);
  },
  delete(context, physicalId) {
    unlessNotFound(() => ec2(context, 'DeleteVolume', { VolumeId: physicalId }));
  },
  deleteStabilized: (context, physicalId) => (describeVolume(context, physicalId) ? 'pending' : 'done'),
  read(context, physicalId) {
    const volume = describeVolume(context, physicalId);
    if (!volume) return undefined;
    return defined({
      AvailabilityZone: volume.AvailabilityZone,
      Encrypted: volume.Encrypted,
      Iops: volume.Iops,
      KmsKeyId: volume.KmsKeyId,
      MultiAttachEnabled: volume.MultiAttachEnabled,
      Size: volume.Size,
      SnapshotId: volume.SnapshotId || undefined,
      Tags: readTags(volume.Tags),
      Throughput: volume.Throughput,
      VolumeType: volume.VolumeType,
    });
  },
};

function splitAttachment(physicalId: string): { volumeId: string; instanceId: string } {
  const [volumeId = '', instanceId = ''] = physicalId.split('|');
  return { volumeId, instanceId };
}

function attachmentOf(context: ProviderContext, physicalId: string) {
  const { volumeId, instanceId } = splitAttachment(physicalId);
  return describeVolume(context, volumeId)?.Attachments?.find((attachment) => attachment.InstanceId === instanceId);
}

/** AWS::EC2::VolumeAttachment. */
export const volumeAttachmentProvider: ResourceProvider = {
  type: 'AWS::EC2::VolumeAttachment',
  properties: {
    Device: { update: 'replace' },
    InstanceId: { update: 'replace', required: true },
    VolumeId: { update: 'replace', required: true },
  },
  attributes: [],
  ref: (physicalId) => physicalId,
  getAtt(_physicalId, attribute) {
    throw unknownAttribute(this, attribute);
  },
  create(context, logicalId, properties) {
    const volumeId = requiredString(properties, 'VolumeId', logicalId);
    const instanceId = requiredString(properties, 'InstanceId', logicalId);
    ec2(context, 'AttachVolume', { VolumeId: volumeId, InstanceId: instanceId, Device: optionalString(properties, 'Device') });
    return { physicalId: `${volumeId}|${instanceId}` };
  },
  stabilized(context, physicalId) {
    const state = attachmentOf(context, physicalId)?.State;
    if (state === undefined) return { failed: `volume attachment ${physicalId} went away while attaching` };
    return state === 'attached' ? 'done' : 'pending';
  },
  update() {
    // Every property requires replacement: there is nothing to change in place.
  },
  delete(context, physicalId) {
    const { volumeId, instanceId } = splitAttachment(physicalId);
    if (attachmentOf(context, physicalId)) ec2(context, 'DetachVolume', { VolumeId: volumeId, InstanceId: instanceId });
  },
  deleteStabilized: (context, physicalId) => (attachmentOf(context, physicalId) ? 'pending' : 'done'),
  read(context, physicalId) {
    const attachment = attachmentOf(context, physicalId);
    return attachment ? { Device: attachment.Device, InstanceId: attachment.InstanceId, VolumeId: attachment.VolumeId } : undefined;
  },
};
