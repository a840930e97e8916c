import type { AttachVolumeRequest, DetachVolumeRequest, VolumeAttachment } from '@aws-sdk/client-ec2';
import { handler, type ServiceContext } from '../../../service.js';
import type { TimerRecord } from '../../../world/scheduler.js';
import { computeErrors, ec2Errors } from '../errors.js';
import type { VolumeRecord } from '../records/compute.js';
import { ec2Store, jitter, requireInstance, requireVolume } from './compute-common.js';
import { validDeviceName } from './block-devices.js';

/** How long attaching and detaching take (simulated ms). */
export const ATTACH_TIME = { low: 3_000, high: 8_000 } as const;

function apiAttachment(volume: VolumeRecord): VolumeAttachment {
  const attachment = volume.attachment!;
  return {
    AttachTime: new Date(attachment.attachTime),
    Device: attachment.device,
    InstanceId: attachment.instanceId,
    State: attachment.state,
    VolumeId: volume.id,
    DeleteOnTermination: attachment.deleteOnTermination,
  };
}

/** AttachVolume and DetachVolume (which, as in AWS, needs nothing but the volume id). */
export const volumeAttachmentOperations = {
  AttachVolume: handler<AttachVolumeRequest, VolumeAttachment>((context, input) => {
    const store = ec2Store(context);
    const volume = requireVolume(store, input.VolumeId!);
    const instance = requireInstance(store, input.InstanceId!);
    const device = input.Device!;
    if (volume.attachment) throw computeErrors.volumeAlreadyAttached(volume.id);
    if (volume.state !== 'available') throw computeErrors.volumeNotAvailable(volume.id);
    if (instance.state !== 'running' && instance.state !== 'stopped') {
      throw computeErrors.instanceState(`Instance '${instance.id}' is ${instance.state}; volumes attach to running or stopped instances only. Wait for it to leave ${instance.state}.`);
    }
    if (volume.availabilityZone !== instance.availabilityZone) throw ec2Errors.volumeZoneMismatch(volume.id, instance.id);
    if (!validDeviceName(device)) throw computeErrors.invalidDeviceName(device);
    if (instance.blockDevices.some((existing) => existing.deviceName === device)) throw ec2Errors.invalidDevice(device, instance.id);
    store.instances.update(instance.id, (draft) => {
      draft.blockDevices.push({ deviceName: device, volumeId: volume.id, deleteOnTermination: false, attachTime: context.now });
    });
    const attached = store.volumes.update(volume.id, (draft) => {
      draft.state = 'in-use';
      draft.attachment = { instanceId: instance.id, device, state: 'attaching', attachTime: context.now, deleteOnTermination: false };
    });
    context.schedule(jitter(context, ATTACH_TIME.low, ATTACH_TIME.high), 'ec2.volume-attached', volume.id);
    return apiAttachment(attached);
  }),

  DetachVolume: handler<DetachVolumeRequest, VolumeAttachment>((context, input) => {
    const store = ec2Store(context);
    const volume = requireVolume(store, input.VolumeId!);
    const attachment = volume.attachment;
    if (!attachment) throw ec2Errors.attachmentNotFound(volume.id);
    if (input.InstanceId !== undefined && input.InstanceId !== attachment.instanceId) {
      requireInstance(store, input.InstanceId);
      throw computeErrors.attachmentNotFound(volume.id, input.InstanceId);
    }
    if (input.Device !== undefined && input.Device !== attachment.device) {
      throw computeErrors.attachmentDeviceNotFound(volume.id, input.Device, attachment.device);
    }
    if (attachment.state === 'detaching') return apiAttachment(volume);
    const instance = store.instances.get(attachment.instanceId);
    if (instance && attachment.device === instance.rootDeviceName && instance.state !== 'stopped') {
      // Force is for a stuck detach; it never lets a root volume go from an instance that is not stopped.
      throw computeErrors.rootVolumeDetach(volume.id, instance.id);
    }
    const detaching = store.volumes.update(volume.id, (draft) => {
      draft.attachment!.state = 'detaching';
    });
    const delay = input.Force ? jitter(context, 1_000, 2_000) : jitter(context, ATTACH_TIME.low, ATTACH_TIME.high);
    context.schedule(delay, 'ec2.volume-detached', volume.id);
    return apiAttachment(detaching);
  }),
};

/** attaching → attached, detaching → gone (volume available again). */
export const volumeAttachmentTimers = {
  'ec2.volume-attached': (context: ServiceContext, timer: TimerRecord) => {
    const store = ec2Store(context);
    if (store.volumes.get(timer.target)?.attachment?.state !== 'attaching') return;
    store.volumes.update(timer.target, (draft) => {
      draft.attachment!.state = 'attached';
    });
  },
  'ec2.volume-detached': (context: ServiceContext, timer: TimerRecord) => {
    const store = ec2Store(context);
    const volume = store.volumes.get(timer.target);
    if (volume?.attachment?.state !== 'detaching') return;
    const instanceId = volume.attachment.instanceId;
    if (store.instances.has(instanceId)) {
      store.instances.update(instanceId, (draft) => {
        draft.blockDevices = draft.blockDevices.filter((device) => device.volumeId !== volume.id);
      });
    }
    store.volumes.update(volume.id, (draft) => {
      draft.attachment = undefined;
      draft.state = 'available';
    });
  },
};
