import type {
  CreateImageRequest, CreateImageResult, DeregisterImageRequest, DescribeImagesRequest, DescribeImagesResult, Image,
} from '@aws-sdk/client-ec2';
import { handler, type ServiceContext } from '../../../service.js';
import type { TimerRecord } from '../../../world/scheduler.js';
import { catalogImages } from '../catalog/images.js';
import { computeErrors, ec2Errors } from '../errors.js';
import { applyFilters, type FilterSpec } from '../filters.js';
import { paginate } from '../paging.js';
import type { ImageBlockDevice, ImageRecord } from '../records/compute.js';
import { apiTags, tagsFor } from '../tags.js';
import { checkIdFormat, ec2Store, findImage, jitter, requireInstance } from './compute-common.js';
import { createSnapshotRecord } from './snapshots.js';

/** How long AWS still lists a deregistered image (simulated ms). */
export const DEREGISTERED_VISIBLE_FOR = 15 * 60_000;

const AMI_NAME = /^[a-zA-Z0-9()[\] ./\-'@_]{3,128}$/;

/** An image as DescribeImages returns it. */
export function apiImage(image: ImageRecord): Image {
  return {
    Architecture: image.architecture,
    CreationDate: new Date(image.creationDate).toISOString().replace(/\.\d{3}Z$/, '.000Z'),
    ImageId: image.id,
    ImageLocation: image.imageLocation,
    ImageType: 'machine',
    Public: image.public,
    OwnerId: image.ownerId,
    Platform: image.os === 'windows' ? ('windows' as Image['Platform']) : undefined,
    PlatformDetails: image.platformDetails,
    UsageOperation: image.usageOperation,
    State: image.state,
    BlockDeviceMappings: image.blockDevices.map((device) => ({
      DeviceName: device.deviceName,
      Ebs: {
        DeleteOnTermination: device.deleteOnTermination,
        SnapshotId: device.snapshotId,
        VolumeSize: device.volumeSize,
        VolumeType: device.volumeType as 'gp2',
        Encrypted: device.encrypted,
      },
    })),
    Description: image.description,
    EnaSupport: image.enaSupport,
    Hypervisor: 'xen',
    ImageOwnerAlias: image.ownerAlias,
    Name: image.name,
    RootDeviceName: image.rootDeviceName,
    RootDeviceType: 'ebs',
    SriovNetSupport: 'simple',
    Tags: apiTags(image.tags),
    VirtualizationType: 'hvm',
    BootMode: image.bootMode as Image['BootMode'],
    ImdsSupport: image.imdsSupport,
    SourceInstanceId: image.sourceInstanceId,
    // AWS deprecates public images two years after they are published.
    DeprecationTime: image.public ? new Date(image.creationDate + 2 * 365 * 24 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '.000Z') : undefined,
  };
}

const imageFilters: FilterSpec<ImageRecord> = {
  accessors: {
    'image-id': (image) => image.id,
    'name': (image) => image.name,
    'description': (image) => image.description,
    'architecture': (image) => image.architecture,
    'owner-alias': (image) => image.ownerAlias,
    'owner-id': (image) => image.ownerId,
    'state': (image) => image.state,
    'is-public': (image) => String(image.public),
    'image-type': () => 'machine',
    'platform': (image) => (image.os === 'windows' ? 'windows' : undefined),
    'platform-details': (image) => image.platformDetails,
    'usage-operation': (image) => image.usageOperation,
    'root-device-name': (image) => image.rootDeviceName,
    'root-device-type': () => 'ebs',
    'virtualization-type': () => 'hvm',
    'hypervisor': () => 'xen',
    'ena-support': (image) => String(image.enaSupport),
    'creation-date': (image) => new Date(image.creationDate).toISOString(),
    'manifest-location': (image) => image.imageLocation,
    'imds-support': (image) => image.imdsSupport,
    'source-instance-id': (image) => image.sourceInstanceId,
    'block-device-mapping.device-name': (image) => image.blockDevices.map((device) => device.deviceName),
    'block-device-mapping.snapshot-id': (image) => image.blockDevices.map((device) => device.snapshotId),
    'block-device-mapping.volume-size': (image) => image.blockDevices.map((device) => String(device.volumeSize)),
    'block-device-mapping.volume-type': (image) => image.blockDevices.map((device) => device.volumeType),
    'block-device-mapping.encrypted': (image) => image.blockDevices.map((device) => String(device.encrypted)),
    'block-device-mapping.delete-on-termination': (image) => image.blockDevices.map((device) => String(device.deleteOnTermination)),
  },
  indexed: ['name'],
};

/** Which images a DescribeImages call's Owners ask for: own images, public ones of some owners, or both. */
function ownerScope(context: ServiceContext, owners: readonly string[]): { own: boolean; catalog: (image: ImageRecord) => boolean } {
  if (owners.length === 0) return { own: true, catalog: () => true };
  return {
    own: owners.includes('self') || owners.includes(context.accountId),
    catalog: (image) => owners.includes(image.ownerId) || (image.ownerAlias !== undefined && owners.includes(image.ownerAlias)),
  };
}

function requireOwnImage(context: ServiceContext, id: string): ImageRecord {
  checkIdFormat(id, 'ami', 'InvalidAMIID.Malformed');
  const store = ec2Store(context);
  const image = store.images.get(id);
  if (image) return image;
  if (catalogImages(context.region).has(id)) throw computeErrors.imageNotOwned(id);
  throw ec2Errors.imageNotFound(id);
}

/** DescribeImages, CreateImage and DeregisterImage. */
export const imageOperations = {
  DescribeImages: handler<DescribeImagesRequest, DescribeImagesResult>((context, input) => {
    const store = ec2Store(context);
    const ids = input.ImageIds ?? [];
    for (const id of ids) {
      checkIdFormat(id, 'ami', 'InvalidAMIID.Malformed');
      if (!findImage(context, store, id)) throw ec2Errors.imageNotFound(id);
    }
    const scope = ownerScope(context, input.Owners ?? []);
    const catalog = catalogImages(context.region);
    const ownIds = ids.filter((id) => store.images.has(id));
    const catalogIds = ids.filter((id) => catalog.has(id));
    const found = [
      ...(scope.own && (ids.length === 0 || ownIds.length > 0) ? applyFilters(store.images, input.Filters, imageFilters, ownIds) : []),
      ...(ids.length === 0 || catalogIds.length > 0 ? applyFilters(catalog, input.Filters, imageFilters, catalogIds).filter(scope.catalog) : []),
    ];
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 1000 });
    return { Images: page.items.map(apiImage), NextToken: page.nextToken };
  }),

  CreateImage: handler<CreateImageRequest, CreateImageResult>((context, input) => {
    const store = ec2Store(context);
    const instance = requireInstance(store, input.InstanceId!);
    const name = input.Name!;
    if (!AMI_NAME.test(name)) throw computeErrors.amiNameMalformed(name);
    for (const existing of store.images.find('name', name)) {
      if (existing.state !== 'deregistered') throw computeErrors.amiNameDuplicate(name, existing.id);
    }
    if (instance.state !== 'running' && instance.state !== 'stopped') {
      throw computeErrors.instanceState(`The instance '${instance.id}' is ${instance.state}; create an image from a running or stopped instance.`);
    }
    const source = findImage(context, store, instance.imageId);
    const imageId = context.ids.resource('ami');
    const snapshotTags = tagsFor(input.TagSpecifications, 'snapshot');
    let ready = context.now;
    const blockDevices: ImageBlockDevice[] = [];
    // As AWS does, a mapping with NoDevice leaves that volume out of the image (never the root).
    const suppressed = new Set((input.BlockDeviceMappings ?? []).filter((mapping) => mapping.NoDevice !== undefined).map((mapping) => mapping.DeviceName));
    if (suppressed.has(instance.rootDeviceName)) {
      throw computeErrors.invalidBlockDeviceMapping(`The root device ${instance.rootDeviceName} of ${instance.id} cannot be suppressed with NoDevice.`);
    }
    for (const device of instance.blockDevices) {
      const volume = store.volumes.get(device.volumeId);
      if (!volume || suppressed.has(device.deviceName)) continue;
      const snapshot = createSnapshotRecord(
        context, store,
        { volumeId: volume.id, size: volume.size, encrypted: volume.encrypted, kmsKeyId: volume.kmsKeyId },
        `Created by CreateImage(${instance.id}) for ${imageId}`,
        { ...snapshotTags },
      );
      ready = Math.max(ready, snapshot.completedAt!);
      blockDevices.push({ deviceName: device.deviceName, snapshotId: snapshot.id, volumeSize: volume.size, volumeType: volume.volumeType, deleteOnTermination: device.deleteOnTermination, encrypted: volume.encrypted });
    }
    store.images.put({
      id: imageId,
      name,
      description: input.Description ?? '',
      ownerId: context.accountId,
      ownerAlias: undefined,
      public: false,
      state: 'pending',
      architecture: instance.architecture as ImageRecord['architecture'],
      os: instance.os,
      platformDetails: instance.platformDetails,
      usageOperation: instance.usageOperation,
      rootDeviceName: instance.rootDeviceName,
      blockDevices,
      creationDate: context.now,
      sourceInstanceId: instance.id,
      enaSupport: true,
      bootMode: source?.bootMode,
      imdsSupport: source?.imdsSupport,
      imageLocation: `${context.accountId}/${name}`,
      deregisteredAt: undefined,
      tags: tagsFor(input.TagSpecifications, 'image'),
    });
    // The image becomes available once the last of its snapshots completes.
    context.schedule(ready - context.now + jitter(context, 1_000, 3_000), 'ec2.image-available', imageId);
    return { ImageId: imageId };
  }),

  DeregisterImage: handler<DeregisterImageRequest, Record<string, never>>((context, input) => {
    const store = ec2Store(context);
    const image = requireOwnImage(context, input.ImageId!);
    if (image.state === 'deregistered') throw computeErrors.imageUnavailable(image.id, 'is already deregistered.');
    store.images.update(image.id, (draft) => {
      draft.state = 'deregistered';
      draft.deregisteredAt = context.now;
    });
    if (input.DeleteAssociatedSnapshots) {
      for (const device of image.blockDevices) if (device.snapshotId) store.snapshots.delete(device.snapshotId);
    }
    context.schedule(DEREGISTERED_VISIBLE_FOR, 'ec2.image-forgotten', image.id);
    return {};
  }),
};

/** pending → available; deregistered images drop out of listings after a while. */
export const imageTimers = {
  'ec2.image-available': (context: ServiceContext, timer: TimerRecord) => {
    const store = ec2Store(context);
    if (store.images.get(timer.target)?.state !== 'pending') return;
    store.images.update(timer.target, (draft) => {
      draft.state = 'available';
    });
  },
  'ec2.image-forgotten': (context: ServiceContext, timer: TimerRecord) => {
    const store = ec2Store(context);
    if (store.images.get(timer.target)?.state === 'deregistered') store.images.delete(timer.target);
  },
};
