import type { ServiceContext } from '../../../service.js';
import type { VolumeAttachmentRecord, VolumeRecord } from '../records/compute.js';
import type { Ec2Store } from '../store.js';
import type { VolumeSpec } from './volume-rules.js';

/** What a new volume record needs (CreateVolume, RunInstances' block devices, CreateImage's restores). */
export interface NewVolume {
  readonly spec: VolumeSpec;
  readonly availabilityZone: string;
  readonly encrypted: boolean;
  readonly kmsKeyId: string | undefined;
  readonly snapshotId: string | undefined;
  readonly tags: Record<string, string>;
  readonly state: VolumeRecord['state'];
  readonly clientToken: string | undefined;
  readonly attachment: VolumeAttachmentRecord | undefined;
}

/** Stores a new volume. */
export function createVolumeRecord(context: ServiceContext, store: Ec2Store, volume: NewVolume): VolumeRecord {
  return store.volumes.put({
    id: context.ids.resource('vol'),
    size: volume.spec.size,
    volumeType: volume.spec.volumeType,
    iops: volume.spec.iops,
    throughput: volume.spec.throughput,
    availabilityZone: volume.availabilityZone,
    state: volume.state,
    encrypted: volume.encrypted,
    kmsKeyId: volume.kmsKeyId,
    snapshotId: volume.snapshotId,
    createdAt: context.now,
    multiAttachEnabled: false,
    clientToken: volume.clientToken,
    attachment: volume.attachment,
    modification: undefined,
    tags: volume.tags,
  });
}
