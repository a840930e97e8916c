import type { InstanceState } from '@aws-sdk/client-ec2';
import type { ServiceContext } from '../../../service.js';
import { catalogImages } from '../catalog/images.js';
import { stableHex } from '../catalog/stable-id.js';
import { ec2Errors } from '../errors.js';
import { INSTANCE_STATE_CODES, type ImageRecord, type InstanceRecord, type InstanceStateName, type VolumeRecord } from '../records/compute.js';
import type { Ec2Store } from '../store.js';

/** The EC2 store of the request's region. */
export function ec2Store(context: ServiceContext): Ec2Store {
  return context.store<Ec2Store>('ec2');
}

/** Throws AWS's `*.Malformed` error unless the id looks like `prefix-` and 8 or 17 hex digits. */
export function checkIdFormat(id: string, prefix: string, code: string): void {
  if (!new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`).test(id)) throw ec2Errors.malformedId(code, id, prefix);
}

/** The instances with these ids, in order; malformed ids and unknown ids (all of them named) fail as AWS fails them. */
export function requireInstances(store: Ec2Store, ids: readonly string[]): InstanceRecord[] {
  for (const id of ids) {
    if (!/^i-([0-9a-f]{8}|[0-9a-f]{17})$/.test(id)) throw ec2Errors.instanceMalformed(id);
  }
  const missing = ids.filter((id) => !store.instances.has(id));
  if (missing.length > 0) throw ec2Errors.instanceNotFound(missing);
  return [...new Set(ids)].map((id) => store.instances.get(id)!);
}

/** The instance with this id, or the AWS error. */
export function requireInstance(store: Ec2Store, id: string): InstanceRecord {
  return requireInstances(store, [id])[0]!;
}

/** The volume with this id, or the AWS error. */
export function requireVolume(store: Ec2Store, id: string): VolumeRecord {
  checkIdFormat(id, 'vol', 'InvalidVolumeID.Malformed');
  const volume = store.volumes.get(id);
  if (!volume) throw ec2Errors.volumeNotFound(id);
  return volume;
}

/** An image by id: one of the account's own, or a public catalogue image of the region. */
export function findImage(context: ServiceContext, store: Ec2Store, id: string): ImageRecord | undefined {
  return store.images.get(id) ?? catalogImages(context.region).get(id);
}

/** The image with this id, or the AWS error. */
export function requireImage(context: ServiceContext, store: Ec2Store, id: string): ImageRecord {
  checkIdFormat(id, 'ami', 'InvalidAMIID.Malformed');
  const image = findImage(context, store, id);
  if (!image) throw ec2Errors.imageNotFound(id);
  return image;
}

/** An instance state as the API returns it (`{ Code: 16, Name: 'running' }`). */
export function apiState(state: InstanceStateName): InstanceState {
  return { Code: INSTANCE_STATE_CODES[state], Name: state };
}

/** The private DNS name AWS gives an address (`ip-10-0-0-5.ec2.internal` in us-east-1). */
export function privateDnsName(region: string, address: string): string {
  const host = `ip-${address.replace(/\./g, '-')}`;
  return region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

/** The public DNS name AWS gives a public address (`ec2-3-80-1-2.compute-1.amazonaws.com` in us-east-1). */
export function publicDnsName(region: string, address: string): string {
  const host = `ec2-${address.replace(/\./g, '-')}`;
  return region === 'us-east-1' ? `${host}.compute-1.amazonaws.com` : `${host}.${region}.compute.amazonaws.com`;
}

/** The account's default EBS key (`alias/aws/ebs`) as the ARN AWS reports on encrypted volumes. */
export function defaultEbsKeyArn(context: ServiceContext): string {
  const hex = stableHex(32, context.accountId, context.region, 'aws/ebs');
  return `arn:aws:kms:${context.region}:${context.accountId}:key/${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** AWS's state-transition reason for a user's request at a time (`User initiated (2024-12-13 19:07:32 GMT)`). */
export function userInitiated(now: number): string {
  return `User initiated (${new Date(now).toISOString().slice(0, 19).replace('T', ' ')} GMT)`;
}

/** A simulated duration between `low` and `high` ms, drawn from the world's seeded random source. */
export function jitter(context: ServiceContext, low: number, high: number): number {
  return low + Math.floor(context.random.next() * (high - low));
}
