import type {
  DescribeVolumesModificationsRequest, DescribeVolumesModificationsResult, ModifyVolumeRequest, ModifyVolumeResult,
  VolumeModification,
} from '@aws-sdk/client-ec2';
import { AwsError } from '../../../../aws/aws-error.js';
import { handler, type ServiceContext } from '../../../service.js';
import type { TimerRecord } from '../../../world/scheduler.js';
import { computeErrors, ec2Errors } from '../errors.js';
import { paginate } from '../paging.js';
import type { VolumeRecord } from '../records/compute.js';
import { ec2Store, jitter, requireVolume } from './compute-common.js';
import { filterList } from './list-filters.js';
import { resolveVolumeSpec } from './volume-rules.js';

/** EBS allows one modification per volume every six hours. */
export const MODIFICATION_INTERVAL = 6 * 3600_000;

function apiModification(volume: VolumeRecord): VolumeModification {
  const modification = volume.modification!;
  return {
    VolumeId: volume.id,
    ModificationState: modification.state,
    TargetSize: modification.targetSize,
    TargetIops: modification.targetIops,
    TargetVolumeType: modification.targetVolumeType as VolumeModification['TargetVolumeType'],
    TargetThroughput: modification.targetThroughput,
    TargetMultiAttachEnabled: false,
    OriginalSize: modification.originalSize,
    OriginalIops: modification.originalIops,
    OriginalVolumeType: modification.originalVolumeType as VolumeModification['OriginalVolumeType'],
    OriginalThroughput: modification.originalThroughput,
    OriginalMultiAttachEnabled: false,
    Progress: modification.progress,
    StartTime: new Date(modification.startTime),
    EndTime: modification.endTime !== undefined ? new Date(modification.endTime) : undefined,
  };
}

const PROVISIONED_IOPS_TYPES = new Set(['gp3', 'io1', 'io2']);

/** Settings a modification keeps when the request leaves them out: provisioned IOPS between types that take them, gp3 throughput. */
function carried(volume: VolumeRecord, targetType: string, input: ModifyVolumeRequest): { iops: number | undefined; throughput: number | undefined } {
  const keepIops = PROVISIONED_IOPS_TYPES.has(targetType) && PROVISIONED_IOPS_TYPES.has(volume.volumeType);
  return {
    iops: input.Iops ?? (keepIops ? volume.iops : undefined),
    throughput: input.Throughput ?? (targetType === 'gp3' && volume.volumeType === 'gp3' ? volume.throughput : undefined),
  };
}

/** ModifyVolume (grow, change type or performance) and DescribeVolumesModifications. */
export const volumeModificationOperations = {
  ModifyVolume: handler<ModifyVolumeRequest, ModifyVolumeResult>((context, input) => {
    const store = ec2Store(context);
    const volume = requireVolume(store, input.VolumeId!);
    if (volume.state !== 'available' && volume.state !== 'in-use') {
      throw ec2Errors.incorrectState(`Volume ${volume.id} is ${volume.state}; it can be modified once it is available or in-use.`);
    }
    const previous = volume.modification;
    if (previous?.state === 'modifying') throw computeErrors.volumeBeingModified(volume.id);
    if (previous && context.now - previous.startTime < MODIFICATION_INTERVAL) throw computeErrors.volumeModificationRate();
    if (input.Size !== undefined && input.Size < volume.size) throw computeErrors.volumeShrink();
    if (input.MultiAttachEnabled) throw ec2Errors.invalidParameterCombination('The gym does not model Multi-Attach; leave MultiAttachEnabled out.');
    const targetType = input.VolumeType ?? volume.volumeType;
    const keep = carried(volume, targetType, input);
    const target = resolveVolumeSpec({ volumeType: targetType, size: input.Size ?? volume.size, iops: keep.iops, throughput: keep.throughput });
    if (target.size === volume.size && target.volumeType === volume.volumeType && target.iops === volume.iops && target.throughput === volume.throughput) {
      throw ec2Errors.invalidParameterValue(`The modification of ${volume.id} changes nothing: give a larger Size, another VolumeType, or new Iops or Throughput.`);
    }
    const modified = store.volumes.update(volume.id, (draft) => {
      draft.modification = {
        state: 'modifying',
        progress: 0,
        startTime: context.now,
        endTime: undefined,
        originalSize: volume.size,
        targetSize: target.size,
        originalVolumeType: volume.volumeType,
        targetVolumeType: target.volumeType,
        originalIops: volume.iops,
        targetIops: target.iops,
        originalThroughput: volume.throughput,
        targetThroughput: target.throughput,
      };
    });
    context.schedule(jitter(context, 5_000, 10_000), 'ec2.volume-optimizing', volume.id);
    return { VolumeModification: apiModification(modified) };
  }),

  DescribeVolumesModifications: handler<DescribeVolumesModificationsRequest, DescribeVolumesModificationsResult>((context, input) => {
    const store = ec2Store(context);
    const ids = input.VolumeIds ?? [];
    const volumes = ids.length > 0 ? ids.map((id) => requireVolume(store, id)) : [...store.volumes.values()];
    for (const volume of ids.length > 0 ? volumes : []) {
      if (!volume.modification) throw new AwsError('InvalidVolumeModification.NotFound', `Modification for volume '${volume.id}' does not exist.`);
    }
    const modifications = volumes.filter((volume) => volume.modification).map(apiModification);
    const found = filterList(modifications, input.Filters, {
      accessors: {
        'volume-id': (item) => item.VolumeId,
        'modification-state': (item) => item.ModificationState,
        'original-size': (item) => item.OriginalSize,
        'target-size': (item) => item.TargetSize,
        'original-volume-type': (item) => item.OriginalVolumeType,
        'target-volume-type': (item) => item.TargetVolumeType,
        'original-iops': (item) => item.OriginalIops,
        'target-iops': (item) => item.TargetIops,
        'start-time': (item) => item.StartTime?.toISOString(),
      },
    });
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 500 });
    return { VolumesModifications: page.items, NextToken: page.nextToken };
  }),
};

/** modifying → optimizing (the new size and type apply) → completed. */
export const volumeModificationTimers = {
  'ec2.volume-optimizing': (context: ServiceContext, timer: TimerRecord) => {
    const store = ec2Store(context);
    const volume = store.volumes.get(timer.target);
    if (volume?.modification?.state !== 'modifying') return;
    store.volumes.update(volume.id, (draft) => {
      const modification = draft.modification!;
      modification.state = 'optimizing';
      modification.progress = 10;
      draft.size = modification.targetSize;
      draft.volumeType = modification.targetVolumeType;
      draft.iops = modification.targetIops;
      draft.throughput = modification.targetThroughput;
    });
    context.schedule(jitter(context, 20_000, 60_000), 'ec2.volume-modified', volume.id);
  },
  'ec2.volume-modified': (context: ServiceContext, timer: TimerRecord) => {
    const store = ec2Store(context);
    if (store.volumes.get(timer.target)?.modification?.state !== 'optimizing') return;
    store.volumes.update(timer.target, (draft) => {
      draft.modification!.state = 'completed';
      draft.modification!.progress = 100;
      draft.modification!.endTime = context.now;
    });
  },
};
