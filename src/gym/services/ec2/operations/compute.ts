import { consoleOperations } from './console.js';
import { imageOperations, imageTimers } from './images.js';
import { instanceAttributeOperations, instanceAttributeTimers } from './instance-attributes.js';
import { instanceLifecycleOperations, instanceLifecycleTimers } from './instance-lifecycle.js';
import { instanceTypeOperations } from './instance-types.js';
import { instanceOperations } from './instances.js';
import { snapshotOperations, snapshotTimers } from './snapshots.js';
import { spotOperations } from './spot.js';
import { spotTimers } from './spot-requests.js';
import { volumeAttachmentOperations, volumeAttachmentTimers } from './volume-attachments.js';
import { volumeModificationOperations, volumeModificationTimers } from './volume-modifications.js';
import { volumeOperations, volumeTimers } from './volumes.js';

/** EC2 compute and storage operations: instances, images, instance types, spot, volumes, snapshots. */
export const computeOperations = {
  ...instanceOperations,
  ...instanceLifecycleOperations,
  ...instanceAttributeOperations,
  ...instanceTypeOperations,
  ...consoleOperations,
  ...imageOperations,
  ...spotOperations,
  ...volumeOperations,
  ...volumeAttachmentOperations,
  ...volumeModificationOperations,
  ...snapshotOperations,
};

/**
 * The timers that drive compute and storage state machines (`ec2.instance-running`, …). Each checks
 * the record's state when it fires and does nothing if it moved on, so none is ever cancelled
 * (cancelling scans every pending timer in the world).
 */
export const computeTimers = {
  ...instanceLifecycleTimers,
  ...instanceAttributeTimers,
  ...imageTimers,
  ...spotTimers,
  ...volumeTimers,
  ...volumeAttachmentTimers,
  ...volumeModificationTimers,
  ...snapshotTimers,
};
