import type {
  CreateVolumeRequest, DeleteVolumeRequest, DescribeVolumesRequest, DescribeVolumesResult, Volume,
} from '@aws-sdk/client-ec2';
import { availabilityZones } from '../../../regions.js';
import { handler, type ServiceContext } from '../../../service.js';
import type { TimerRecord } from '../../../world/scheduler.js';
import { computeErrors, ec2Errors } from '../errors.js';
import { applyFilters, type FilterSpec } from '../filters.js';
import { paginate } from '../paging.js';
import type { VolumeRecord } from '../records/compute.js';
import { apiTags, tagsFor } from '../tags.js';
import { requireSnapshotSize } from './block-devices.js';
import { checkIdFormat, defaultEbsKeyArn, ec2Store, jitter, requireVolume } from './compute-common.js';
import { createVolumeRecord } from './volume-records.js';
import { resolveVolumeSpec } from './volume-rules.js';

/** How long a new volume stays `creating` (simulated ms). */
export const VOLUME_CREATE_TIME = { low: 5_000, high: 10_000 } as const;

/** A volume as CreateVolume and DescribeVolumes return it. */
export function apiVolume(volume: VolumeRecord): Volume {
  const attachment = volume.attachment;
  return {
    Attachments: attachment
      ? [{
        AttachTime: new Date(attachment.attachTime),
        Device: attachment.device,
        InstanceId: attachment.instanceId,
        State: attachment.state,
        VolumeId: volume.id,
        DeleteOnTermination: attachment.deleteOnTermination,
      }]
      : [],
    AvailabilityZone: volume.availabilityZone,
    CreateTime: new Date(volume.createdAt),
    Encrypted: volume.encrypted,
    KmsKeyId: volume.kmsKeyId,
    Size: volume.size,
    SnapshotId: volume.snapshotId ?? '',
    State: volume.state,
    VolumeId: volume.id,
    Iops: volume.iops,
    Tags: apiTags(volume.tags),
    VolumeType: volume.volumeType as Volume['VolumeType'],
    MultiAttachEnabled: volume.multiAttachEnabled,
    Throughput: volume.throughput,
  };
}

const volumeFilters: FilterSpec<VolumeRecord> = {
  accessors: {
    'volume-id': (volume) => volume.id,
    'attachment.instance-id': (volume) => volume.attachment?.instanceId,
    'attachment.device': (volume) => volume.attachment?.device,
    'attachment.status': (volume) => volume.attachment?.state,
    'attachment.attach-time': (volume) => (volume.attachment ? new Date(volume.attachment.attachTime).toISOString() : undefined),
    'attachment.delete-on-termination': (volume) => (volume.attachment ? String(volume.attachment.deleteOnTermination) : undefined),
    'availability-zone': (volume) => volume.availabilityZone,
    'create-time': (volume) => new Date(volume.createdAt).toISOString(),
    'encrypted': (volume) => String(volume.encrypted),
    'multi-attach-enabled': (volume) => String(volume.multiAttachEnabled),
    'size': (volume) => volume.size,
    'snapshot-id': (volume) => volume.snapshotId ?? '',
    'status': (volume) => volume.state,
    'volume-type': (volume) => volume.volumeType,
    'iops': (volume) => volume.iops,
    'throughput': (volume) => volume.throughput,
  },
  indexed: ['attachment.instance-id'],
};

/** Checks a zone name against the region's zones. */
export function requireZone(context: ServiceContext, zone: string): string {
  if (!(availabilityZones(context.region) ?? []).includes(zone)) throw computeErrors.invalidAvailabilityZone(zone);
  return zone;
}

/** CreateVolume, DescribeVolumes and DeleteVolume. */
export const volumeOperations = {
  CreateVolume: handler<CreateVolumeRequest, Volume>((context, input) => {
    const store = ec2Store(context);
    if (input.ClientToken) {
      const earlier = store.volumes.find('client-token', input.ClientToken)[0];
      if (earlier) return apiVolume(earlier);
    }
    if (!input.AvailabilityZone) throw ec2Errors.missingParameter('AvailabilityZone');
    const zone = requireZone(context, input.AvailabilityZone);
    let snapshot: ReturnType<typeof requireSnapshotSize> | undefined;
    if (input.SnapshotId) {
      checkIdFormat(input.SnapshotId, 'snap', 'InvalidSnapshotID.Malformed');
      snapshot = requireSnapshotSize(context, store, input.SnapshotId);
      if (store.snapshots.get(input.SnapshotId)?.state === 'pending') {
        throw ec2Errors.incorrectState(`Snapshot '${input.SnapshotId}' is still pending; wait until it completes (aws ec2 wait snapshot-completed).`);
      }
    }
    const spec = resolveVolumeSpec({ volumeType: input.VolumeType, size: input.Size, iops: input.Iops, throughput: input.Throughput }, snapshot);
    if (input.MultiAttachEnabled && spec.volumeType !== 'io1' && spec.volumeType !== 'io2') {
      throw ec2Errors.invalidParameterCombination(`Multi-Attach is supported only on io1 and io2 volumes, not ${spec.volumeType}.`);
    }
    if (input.KmsKeyId && input.Encrypted === false) {
      throw ec2Errors.invalidParameterCombination('KmsKeyId needs Encrypted=true: a key only applies to an encrypted volume.');
    }
    const encrypted = (input.Encrypted ?? false) || (snapshot?.encrypted ?? false);
    const volume = createVolumeRecord(context, store, {
      spec,
      availabilityZone: zone,
      encrypted,
      kmsKeyId: encrypted ? (input.KmsKeyId ?? snapshot?.kmsKeyId ?? defaultEbsKeyArn(context)) : undefined,
      snapshotId: snapshot?.id,
      tags: tagsFor(input.TagSpecifications, 'volume'),
      state: 'creating',
      clientToken: input.ClientToken,
      attachment: undefined,
    });
    context.schedule(jitter(context, VOLUME_CREATE_TIME.low, VOLUME_CREATE_TIME.high), 'ec2.volume-available', volume.id);
    return apiVolume(volume);
  }),

  DescribeVolumes: handler<DescribeVolumesRequest, DescribeVolumesResult>((context, input) => {
    const store = ec2Store(context);
    const ids = input.VolumeIds ?? [];
    if (ids.length > 0 && input.MaxResults !== undefined) throw computeErrors.idsWithMaxResults('volumeSet');
    for (const id of ids) requireVolume(store, id);
    const found = applyFilters(store.volumes, input.Filters, volumeFilters, ids);
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 500, clampAboveMaximum: true });
    return { Volumes: page.items.map(apiVolume), NextToken: page.nextToken };
  }),

  DeleteVolume: handler<DeleteVolumeRequest, Record<string, never>>((context, input) => {
    const store = ec2Store(context);
    const volume = requireVolume(store, input.VolumeId!);
    if (volume.attachment) throw computeErrors.volumeAttachedTo(volume.id, volume.attachment.instanceId);
    store.volumes.delete(volume.id);
    return {};
  }),
};

/** creating → available. */
export const volumeTimers = {
  'ec2.volume-available': (context: ServiceContext, timer: TimerRecord) => {
    const store = ec2Store(context);
    if (store.volumes.get(timer.target)?.state !== 'creating') return;
    store.volumes.update(timer.target, (draft) => {
      draft.state = 'available';
    });
  },
};
