import type {
  CopySnapshotRequest, CopySnapshotResult, CreateSnapshotRequest, DeleteSnapshotRequest, DescribeSnapshotsRequest,
  DescribeSnapshotsResult, Snapshot,
} from '@aws-sdk/client-ec2';
import { handler, type ServiceContext } from '../../../service.js';
import type { TimerRecord } from '../../../world/scheduler.js';
import { catalogSnapshot, catalogSnapshots, type CatalogSnapshot } from '../catalog/images.js';
import { computeErrors, ec2Errors } from '../errors.js';
import { applyFilters, type FilterAccessor } from '../filters.js';
import { paginate } from '../paging.js';
import type { SnapshotRecord } from '../records/compute.js';
import type { Ec2Store } from '../store.js';
import { apiTags, tagsFor } from '../tags.js';
import { checkIdFormat, defaultEbsKeyArn, ec2Store, jitter, requireVolume } from './compute-common.js';
import { filterList } from './list-filters.js';

/** A snapshot as the describe filters see it, whether the account's own or a public catalogue one. */
interface SnapshotView {
  readonly id: string;
  readonly volumeId: string;
  readonly volumeSize: number;
  readonly description: string;
  readonly state: string;
  readonly progress: string;
  readonly startTime: number;
  readonly encrypted: boolean;
  readonly kmsKeyId: string | undefined;
  readonly ownerId: string;
  readonly ownerAlias: string | undefined;
  readonly tags: Record<string, string>;
}

/** Snapshots take time in proportion to their size: about a second per GiB, 10 s at least (simulated). */
function snapshotDuration(context: ServiceContext, size: number): number {
  return Math.min(10_000 + size * 1_000, 600_000) + jitter(context, 0, 5_000);
}

function progressOf(context: ServiceContext, snapshot: SnapshotRecord): string {
  if (snapshot.state !== 'pending') return snapshot.progress;
  const total = (snapshot.completedAt ?? context.now) - snapshot.startTime;
  const done = total <= 0 ? 0 : Math.min(99, Math.floor(((context.now - snapshot.startTime) / total) * 100));
  return `${done}%`;
}

function ownView(context: ServiceContext, snapshot: SnapshotRecord): SnapshotView {
  return { ...snapshot, progress: progressOf(context, snapshot), ownerAlias: undefined };
}

function catalogView(snapshot: CatalogSnapshot): SnapshotView {
  return {
    id: snapshot.id,
    // Public snapshots hide the volume they came from behind AWS's placeholder id.
    volumeId: 'vol-ffffffff',
    volumeSize: snapshot.volumeSize,
    description: snapshot.description,
    state: 'completed',
    progress: '100%',
    startTime: snapshot.startTime,
    encrypted: false,
    kmsKeyId: undefined,
    ownerId: snapshot.ownerId,
    ownerAlias: 'amazon',
    tags: {},
  };
}

function apiSnapshot(view: SnapshotView): Snapshot {
  return {
    Description: view.description,
    Encrypted: view.encrypted,
    KmsKeyId: view.kmsKeyId,
    OwnerId: view.ownerId,
    OwnerAlias: view.ownerAlias,
    Progress: view.progress,
    SnapshotId: view.id,
    StartTime: new Date(view.startTime),
    State: view.state as Snapshot['State'],
    VolumeId: view.volumeId,
    VolumeSize: view.volumeSize,
    Tags: apiTags(view.tags),
    StorageTier: 'standard',
  };
}

const snapshotAccessors: Record<string, FilterAccessor<SnapshotView>> = {
  'snapshot-id': (view) => view.id,
  'description': (view) => view.description,
  'encrypted': (view) => String(view.encrypted),
  'owner-alias': (view) => view.ownerAlias,
  'owner-id': (view) => view.ownerId,
  'progress': (view) => view.progress,
  'start-time': (view) => new Date(view.startTime).toISOString(),
  'status': (view) => view.state,
  'volume-id': (view) => view.volumeId,
  'volume-size': (view) => view.volumeSize,
  'storage-tier': () => 'standard',
};

/** Stores a new pending snapshot of a volume and schedules its completion. */
export function createSnapshotRecord(
  context: ServiceContext,
  store: Ec2Store,
  source: { volumeId: string; size: number; encrypted: boolean; kmsKeyId: string | undefined },
  description: string,
  tags: Record<string, string>,
): SnapshotRecord {
  const duration = snapshotDuration(context, source.size);
  const snapshot = store.snapshots.put({
    id: context.ids.resource('snap'),
    volumeId: source.volumeId,
    volumeSize: source.size,
    description,
    state: 'pending',
    progress: '0%',
    startTime: context.now,
    completedAt: context.now + duration,
    encrypted: source.encrypted,
    kmsKeyId: source.kmsKeyId,
    ownerId: context.accountId,
    tags,
  });
  context.schedule(duration, 'ec2.snapshot-completed', snapshot.id);
  return snapshot;
}

function requireOwnSnapshot(context: ServiceContext, store: Ec2Store, id: string): SnapshotRecord {
  checkIdFormat(id, 'snap', 'InvalidSnapshotID.Malformed');
  const snapshot = store.snapshots.get(id);
  if (snapshot) return snapshot;
  if (catalogSnapshot(context.region, id)) throw computeErrors.snapshotNotOwned(id);
  throw ec2Errors.snapshotNotFound(id);
}

/** Which owners a DescribeSnapshots call asks for: the account's own, the public catalogue, or both. */
function ownerScope(context: ServiceContext, owners: readonly string[]): { own: boolean; catalog: (ownerId: string) => boolean } {
  if (owners.length === 0) return { own: true, catalog: () => false };
  const catalogOwners = new Set(catalogSnapshots(context.region).map((snapshot) => snapshot.ownerId));
  return {
    own: owners.includes('self') || owners.includes(context.accountId),
    catalog: (ownerId) => owners.includes('amazon') || (owners.includes(ownerId) && catalogOwners.has(ownerId)),
  };
}

/** CreateSnapshot, DescribeSnapshots, DeleteSnapshot and CopySnapshot (within a region). */
export const snapshotOperations = {
  CreateSnapshot: handler<CreateSnapshotRequest, Snapshot>((context, input) => {
    const store = ec2Store(context);
    const volume = requireVolume(store, input.VolumeId!);
    if (volume.state === 'creating') throw ec2Errors.incorrectState(`Volume ${volume.id} is still creating; snapshot it once it is available.`);
    const snapshot = createSnapshotRecord(
      context, store,
      { volumeId: volume.id, size: volume.size, encrypted: volume.encrypted, kmsKeyId: volume.kmsKeyId },
      input.Description ?? '',
      tagsFor(input.TagSpecifications, 'snapshot'),
    );
    return apiSnapshot(ownView(context, snapshot));
  }),

  DescribeSnapshots: handler<DescribeSnapshotsRequest, DescribeSnapshotsResult>((context, input) => {
    const store = ec2Store(context);
    const ids = input.SnapshotIds ?? [];
    const views: SnapshotView[] = [];
    if (ids.length > 0) {
      for (const id of ids) {
        checkIdFormat(id, 'snap', 'InvalidSnapshotID.Malformed');
        const own = store.snapshots.get(id);
        const shared = own ? undefined : catalogSnapshot(context.region, id);
        if (!own && !shared) throw ec2Errors.snapshotNotFound(id);
        views.push(own ? ownView(context, own) : catalogView(shared!));
      }
    } else {
      const scope = ownerScope(context, input.OwnerIds ?? []);
      // Own snapshots go through applyFilters first so tag filters use the index.
      const tagFilters = (input.Filters ?? []).filter((filter) => filter.Name?.startsWith('tag'));
      if (scope.own) {
        const own = applyFilters(store.snapshots, tagFilters, { accessors: {} });
        views.push(...own.map((snapshot) => ownView(context, snapshot)));
      }
      views.push(...catalogSnapshots(context.region).filter((snapshot) => scope.catalog(snapshot.ownerId)).map(catalogView));
    }
    const found = filterList(views, input.Filters, { accessors: snapshotAccessors, tags: (view) => view.tags });
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 1000, clampAboveMaximum: true });
    return { Snapshots: page.items.map(apiSnapshot), NextToken: page.nextToken };
  }),

  DeleteSnapshot: handler<DeleteSnapshotRequest, Record<string, never>>((context, input) => {
    const store = ec2Store(context);
    const snapshot = requireOwnSnapshot(context, store, input.SnapshotId!);
    for (const image of store.images.values()) {
      if (image.state === 'deregistered') continue;
      if (image.blockDevices.some((device) => device.snapshotId === snapshot.id)) throw computeErrors.snapshotInUse(snapshot.id, image.id);
    }
    store.snapshots.delete(snapshot.id);
    return {};
  }),

  CopySnapshot: handler<CopySnapshotRequest, CopySnapshotResult>((context, input) => {
    const store = ec2Store(context);
    if (input.SourceRegion && input.SourceRegion !== context.region) {
      throw ec2Errors.invalidParameterValue(`The gym copies snapshots within a region only; call CopySnapshot in ${input.SourceRegion}, or use SourceRegion ${context.region}.`);
    }
    checkIdFormat(input.SourceSnapshotId!, 'snap', 'InvalidSnapshotID.Malformed');
    const own = store.snapshots.get(input.SourceSnapshotId!);
    const shared = own ? undefined : catalogSnapshot(context.region, input.SourceSnapshotId!);
    if (!own && !shared) throw ec2Errors.snapshotNotFound(input.SourceSnapshotId!);
    if (own?.state === 'pending') throw ec2Errors.incorrectState(`Snapshot ${own.id} is still pending; copy it once it completes.`);
    const encrypted = (input.Encrypted ?? false) || (own?.encrypted ?? false);
    const copy = createSnapshotRecord(
      context, store,
      { volumeId: 'vol-ffffffff', size: own?.volumeSize ?? shared!.volumeSize, encrypted, kmsKeyId: encrypted ? (input.KmsKeyId ?? own?.kmsKeyId ?? defaultEbsKeyArn(context)) : undefined },
      input.Description ?? `[Copied ${input.SourceSnapshotId} from ${context.region}]`,
      tagsFor(input.TagSpecifications, 'snapshot'),
    );
    return { SnapshotId: copy.id, Tags: apiTags(copy.tags) };
  }),
};

/** pending → completed. */
export const snapshotTimers = {
  'ec2.snapshot-completed': (context: ServiceContext, timer: TimerRecord) => {
    const store = ec2Store(context);
    if (store.snapshots.get(timer.target)?.state !== 'pending') return;
    store.snapshots.update(timer.target, (draft) => {
      draft.state = 'completed';
      draft.progress = '100%';
      draft.completedAt = context.now;
    });
  },
};
