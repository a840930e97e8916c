import type { BlockDeviceMapping } from '@aws-sdk/client-ec2';
import type { ServiceContext } from '../../../service.js';
import { catalogSnapshot } from '../catalog/images.js';
import { computeErrors, ec2Errors } from '../errors.js';
import type { ImageRecord } from '../records/compute.js';
import type { Ec2Store } from '../store.js';
import { defaultEbsKeyArn } from './compute-common.js';
import { resolveVolumeSpec, type VolumeSpec } from './volume-rules.js';

/** One EBS volume an instance launches with, checked and ready to create. */
export interface PlannedVolume {
  readonly deviceName: string;
  readonly snapshotId: string | undefined;
  readonly spec: VolumeSpec;
  readonly deleteOnTermination: boolean;
  readonly encrypted: boolean;
  readonly kmsKeyId: string | undefined;
}

const DEVICE_NAME = /^(\/dev\/)?(sd[a-z]([1-9]|1[0-5])?|xvd[a-z]{1,2}([1-9]|1[0-5])?|hd[a-z]([1-9]|1[0-5])?)$/;

/** True when the name is one EBS accepts (`/dev/sdf`, `/dev/xvdba`, `xvdf`). */
export function validDeviceName(device: string): boolean {
  return DEVICE_NAME.test(device);
}

/** A snapshot's id and size, from the account's snapshots or the public catalogue; the AWS error if absent. */
export function requireSnapshotSize(context: ServiceContext, store: Ec2Store, id: string): { id: string; size: number; encrypted: boolean; kmsKeyId: string | undefined } {
  const own = store.snapshots.get(id);
  if (own) return { id, size: own.volumeSize, encrypted: own.encrypted, kmsKeyId: own.kmsKeyId };
  const shared = catalogSnapshot(context.region, id);
  if (shared) return { id, size: shared.volumeSize, encrypted: false, kmsKeyId: undefined };
  throw ec2Errors.snapshotNotFound(id);
}

/**
 * The volumes an instance launches with: the image's mappings (root first), changed or suppressed
 * (NoDevice) by the request's mappings with the same device name, plus the request's new EBS volumes.
 */
export function planBlockDevices(context: ServiceContext, store: Ec2Store, image: ImageRecord, mappings: readonly BlockDeviceMapping[] | undefined): PlannedVolume[] {
  const requested = new Map<string, BlockDeviceMapping>();
  for (const mapping of mappings ?? []) {
    const device = mapping.DeviceName;
    if (!device) throw ec2Errors.missingParameter('BlockDeviceMapping.DeviceName');
    if (!validDeviceName(device)) throw computeErrors.invalidDeviceName(device);
    if (requested.has(device)) throw computeErrors.invalidBlockDeviceMapping(`The device '${device}' is used in more than one block-device mapping.`);
    requested.set(device, mapping);
  }
  const planned: PlannedVolume[] = [];
  for (const base of image.blockDevices) {
    const change = requested.get(base.deviceName);
    requested.delete(base.deviceName);
    if (change?.NoDevice !== undefined) {
      if (base.deviceName === image.rootDeviceName) {
        throw computeErrors.invalidBlockDeviceMapping(`The root device ${base.deviceName} of ${image.id} cannot be suppressed with NoDevice.`);
      }
      continue;
    }
    const ebs = change?.Ebs ?? {};
    const snapshotId = ebs.SnapshotId ?? base.snapshotId;
    const snapshot = snapshotId ? requireSnapshotSize(context, store, snapshotId) : undefined;
    planned.push(plannedVolume(context, base.deviceName, snapshot, {
      volumeType: ebs.VolumeType ?? base.volumeType,
      size: ebs.VolumeSize ?? base.volumeSize,
      iops: ebs.Iops,
      throughput: ebs.Throughput,
      deleteOnTermination: ebs.DeleteOnTermination ?? base.deleteOnTermination,
      encrypted: ebs.Encrypted ?? base.encrypted,
      kmsKeyId: ebs.KmsKeyId,
    }));
  }
  for (const [device, mapping] of requested) {
    if (mapping.NoDevice !== undefined || mapping.VirtualName) continue; // instance store is not modelled
    const ebs = mapping.Ebs;
    if (!ebs) throw computeErrors.invalidBlockDeviceMapping(`The block-device mapping for ${device} needs Ebs, NoDevice or VirtualName.`);
    if (ebs.VolumeSize === undefined && !ebs.SnapshotId) {
      throw computeErrors.invalidBlockDeviceMapping(`The block-device mapping for ${device} must give Ebs.VolumeSize or Ebs.SnapshotId.`);
    }
    const snapshot = ebs.SnapshotId ? requireSnapshotSize(context, store, ebs.SnapshotId) : undefined;
    planned.push(plannedVolume(context, device, snapshot, {
      volumeType: ebs.VolumeType,
      size: ebs.VolumeSize,
      iops: ebs.Iops,
      throughput: ebs.Throughput,
      deleteOnTermination: ebs.DeleteOnTermination ?? true,
      encrypted: ebs.Encrypted ?? false,
      kmsKeyId: ebs.KmsKeyId,
    }));
  }
  return planned;
}

interface DeviceRequest {
  readonly volumeType: string | undefined;
  readonly size: number | undefined;
  readonly iops: number | undefined;
  readonly throughput: number | undefined;
  readonly deleteOnTermination: boolean;
  readonly encrypted: boolean;
  readonly kmsKeyId: string | undefined;
}

function plannedVolume(
  context: ServiceContext,
  deviceName: string,
  snapshot: { id: string; size: number; encrypted: boolean; kmsKeyId: string | undefined } | undefined,
  request: DeviceRequest,
): PlannedVolume {
  if (snapshot && request.size !== undefined && request.size < snapshot.size) {
    throw computeErrors.invalidBlockDeviceMapping(`Volume of size ${request.size}GB is smaller than snapshot '${snapshot.id}', expect size >= ${snapshot.size}GB`);
  }
  // gp2 and the HDD types never take Iops; an image mapping may carry a value for another type.
  const spec = resolveVolumeSpec({ volumeType: request.volumeType, size: request.size, iops: request.iops, throughput: request.throughput }, snapshot);
  const encrypted = request.encrypted || (snapshot?.encrypted ?? false);
  return {
    deviceName,
    snapshotId: snapshot?.id,
    spec,
    deleteOnTermination: request.deleteOnTermination,
    encrypted,
    kmsKeyId: encrypted ? (request.kmsKeyId ?? snapshot?.kmsKeyId ?? defaultEbsKeyArn(context)) : undefined,
  };
}
