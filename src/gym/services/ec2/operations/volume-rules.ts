import { ec2Errors, computeErrors } from '../errors.js';

/** Size limits (GiB) and performance rules of each EBS volume type, as the EBS docs give them. */
interface VolumeTypeRule {
  readonly minSize: number;
  readonly maxSize: number;
  /** Provisioned IOPS range and IOPS-per-GiB ceiling, for types that take Iops. */
  readonly iops?: { readonly min: number; readonly max: number; readonly perGiB: number; readonly required: boolean; readonly default?: number };
  readonly throughput?: { readonly min: number; readonly max: number; readonly default: number };
}

const RULES: Readonly<Record<string, VolumeTypeRule>> = {
  gp2: { minSize: 1, maxSize: 16384 },
  gp3: { minSize: 1, maxSize: 16384, iops: { min: 3000, max: 16000, perGiB: 500, required: false, default: 3000 }, throughput: { min: 125, max: 1000, default: 125 } },
  io1: { minSize: 4, maxSize: 16384, iops: { min: 100, max: 64000, perGiB: 50, required: true } },
  io2: { minSize: 4, maxSize: 65536, iops: { min: 100, max: 256000, perGiB: 1000, required: true } },
  st1: { minSize: 125, maxSize: 16384 },
  sc1: { minSize: 125, maxSize: 16384 },
  standard: { minSize: 1, maxSize: 1024 },
};

/** The volume types EBS offers. */
export const VOLUME_TYPES = Object.keys(RULES);

/** What a caller asks of a new or modified volume; anything absent takes AWS's default. */
export interface VolumeRequest {
  readonly volumeType?: string;
  readonly size?: number;
  readonly iops?: number;
  readonly throughput?: number;
}

/** A volume's checked type, size and performance. */
export interface VolumeSpec {
  readonly volumeType: string;
  readonly size: number;
  /** Provisioned or baseline IOPS as DescribeVolumes reports them; undefined for HDD and magnetic types. */
  readonly iops: number | undefined;
  readonly throughput: number | undefined;
}

/**
 * Checks a volume request as EBS does (type, size range, IOPS and throughput ranges and ratios) and
 * fills in defaults: gp2 when no type is named, the snapshot's size when no size is, gp2's baseline of
 * 3 IOPS per GiB, gp3's 3000 IOPS and 125 MiB/s.
 */
export function resolveVolumeSpec(request: VolumeRequest, snapshot?: { id: string; size: number }): VolumeSpec {
  const volumeType = request.volumeType ?? 'gp2';
  const rule = RULES[volumeType];
  if (!rule) {
    throw ec2Errors.invalidParameterValue(`Value (${volumeType}) for parameter volumeType is invalid. Valid values: ${VOLUME_TYPES.join(', ')}.`);
  }
  const size = request.size ?? snapshot?.size;
  if (size === undefined) throw ec2Errors.missingParameter('size or snapshotId');
  if (snapshot && size < snapshot.size) {
    throw ec2Errors.invalidParameterValue(`Volume of ${size}GiB is smaller than snapshot '${snapshot.id}', expect size >= ${snapshot.size}GiB`);
  }
  if (size < rule.minSize) throw ec2Errors.invalidParameterValue(`Volume of ${size}GiB is too small for volume type ${volumeType}; minimum is ${rule.minSize}GiB`);
  if (size > rule.maxSize) throw ec2Errors.invalidParameterValue(`Volume of ${size}GiB is too large for volume type ${volumeType}; maximum is ${rule.maxSize}GiB`);
  return { volumeType, size, iops: resolveIops(volumeType, size, rule, request.iops), throughput: resolveThroughput(volumeType, rule, request) };
}

function resolveIops(volumeType: string, size: number, rule: VolumeTypeRule, requested: number | undefined): number | undefined {
  const iops = rule.iops;
  if (!iops) {
    if (requested !== undefined) throw computeErrors.parameterNotSupported('iops', volumeType);
    return volumeType === 'gp2' ? Math.min(16000, Math.max(100, size * 3)) : undefined;
  }
  if (requested === undefined) {
    if (iops.required) throw ec2Errors.invalidParameterCombination(`The parameter iops must be specified for ${volumeType} volumes.`);
    return iops.default;
  }
  if (requested < iops.min || requested > iops.max) {
    throw ec2Errors.invalidParameterValue(`The iops value ${requested} is out of range for ${volumeType} volumes; use ${iops.min} to ${iops.max}.`);
  }
  if (requested > size * iops.perGiB) {
    throw ec2Errors.invalidParameterValue(`Iops to volume size ratio of ${+(requested / size).toFixed(6)} is too high; maximum is ${iops.perGiB}`);
  }
  return requested;
}

function resolveThroughput(volumeType: string, rule: VolumeTypeRule, request: VolumeRequest): number | undefined {
  const throughput = rule.throughput;
  if (!throughput) {
    if (request.throughput !== undefined) throw computeErrors.parameterNotSupported('throughput', volumeType);
    return undefined;
  }
  const value = request.throughput ?? throughput.default;
  if (value < throughput.min || value > throughput.max) {
    throw ec2Errors.invalidParameterValue(`Throughput ${value} MiB/s is out of range for ${volumeType} volumes; use ${throughput.min} to ${throughput.max}.`);
  }
  const iops = request.iops ?? rule.iops?.default ?? 3000;
  if (value / iops > 0.25) {
    throw ec2Errors.invalidParameterValue(`Throughput to IOPS ratio of ${+(value / iops).toFixed(6)} is too high; maximum is 0.25 MiB/s per IOPS. Raise Iops or lower Throughput.`);
  }
  return value;
}
