import type { InstanceView, VolumeView } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import { invalid, tagSpecification, type PlanDraft } from '../draft.js';
import type { Intent, Target, VolumeSpec } from '../intent.js';
import type { ApiCall, ParameterValue } from '../plan.js';
import { label, resolveOne } from '../targets.js';
import { volumeAttached, volumeState } from '../waits.js';

type IntentOf<T extends Intent['type']> = Extract<Intent, { type: T }>;

const DEVICES = ['/dev/sdf', '/dev/sdg', '/dev/sdh', '/dev/sdi', '/dev/sdj', '/dev/sdk', '/dev/sdl', '/dev/sdm', '/dev/sdn', '/dev/sdo', '/dev/sdp'];

/** AWS's size limits per volume type (GiB). */
const SIZE_LIMITS: Record<string, [number, number]> = {
  gp2: [1, 16384], gp3: [1, 16384], io1: [4, 16384], io2: [4, 65536], st1: [125, 16384], sc1: [125, 16384], standard: [1, 1024],
};

function validateVolume(spec: VolumeSpec): string {
  const type = spec.volumeType ?? 'gp3';
  const limits = SIZE_LIMITS[type];
  if (!limits) invalid(`${type} is not an EBS volume type; use gp3, gp2, io1, io2, st1, sc1 or standard`);
  if (!Number.isInteger(spec.sizeGiB) || spec.sizeGiB < limits[0] || spec.sizeGiB > limits[1]) {
    invalid(`${spec.sizeGiB} GiB is not a valid size for a ${type} volume (${limits[0]}-${limits[1]} GiB)`);
  }
  return type;
}

function nextDevice(instance: InstanceView): string {
  const used = new Set(instance.volumes.map((volume) => volume.device.replace('/dev/xvd', '/dev/sd')));
  const free = DEVICES.find((device) => !used.has(device));
  if (!free) invalid(`${label(instance)} has no free device name left for another volume`);
  return free;
}

function attachableInstance(context: PlanContext, target: Target): InstanceView {
  const instance = resolveOne(context, { kind: 'instance', selector: target.selector }, 'change');
  if (instance.state !== 'running' && instance.state !== 'stopped') invalid(`${label(instance)} is ${instance.state}; volumes attach to running or stopped instances`);
  return instance;
}

/** CreateVolume's input: encrypted always (with the account's default EBS key), named by its Name tag. */
function volumeInput(zone: string, sizeGiB: number, type: string, name: string): ApiCall['input'] {
  return { AvailabilityZone: zone, Size: sizeGiB, VolumeType: type, Encrypted: true, TagSpecifications: [tagSpecification('volume', { Name: name })] };
}

function deleteVolume(volumeId: ParameterValue): ApiCall {
  return { service: 'ec2', operation: 'DeleteVolume', input: { VolumeId: volumeId } };
}

/** Creates a volume and attaches it to an instance (the study's "attach an extra disk"). */
export function buildAttachVolume(draft: PlanDraft, context: PlanContext, intent: IntentOf<'attach-volume'>): string {
  const instance = attachableInstance(context, intent.instance);
  const device = nextDevice(instance);
  if ('selector' in intent.volume) {
    const volume = resolveOne(context, { kind: 'volume', selector: (intent.volume as Target).selector }, 'change') as VolumeView;
    if (volume.attachment) invalid(`${label(volume)} is attached to ${volume.attachment.instanceId}; detach it first`);
    if (volume.availabilityZone !== instance.availabilityZone) {
      invalid(`${label(volume)} is in ${volume.availabilityZone} but ${label(instance)} is in ${instance.availabilityZone}; a volume attaches only within its zone (snapshot it and create a copy in ${instance.availabilityZone})`);
    }
    draft.step({
      action: `attach ${label(volume)} to ${label(instance)} as ${device}`,
      effect: 'update-live',
      resource: { kind: 'volume', id: volume.id, name: volume.name },
      call: { service: 'ec2', operation: 'AttachVolume', input: { VolumeId: volume.id, InstanceId: instance.id, Device: device } },
      wait: volumeAttached(volume.id, label(volume)),
      inverse: { service: 'ec2', operation: 'DetachVolume', input: { VolumeId: volume.id } },
      inverseWait: volumeState(volume.id, 'available', label(volume)),
    });
    draft.expect(`${label(volume)} is attached to ${label(instance)}`, { kind: 'volume', id: volume.id }, { attachedTo: instance.id });
    return `attach ${label(volume)} to ${label(instance)}`;
  }
  const spec = intent.volume as VolumeSpec;
  const type = validateVolume(spec);
  const name = `${instance.name ?? instance.id}-data-${instance.volumes.length}`;
  const created = draft.step({
    action: `create a ${spec.sizeGiB} GiB ${type} volume ${name} in ${instance.availabilityZone}`,
    effect: 'create',
    resource: { kind: 'volume', name },
    call: { service: 'ec2', operation: 'CreateVolume', input: volumeInput(instance.availabilityZone!, spec.sizeGiB, type, name) },
    outputs: { volumeId: 'VolumeId' },
    waitFor: (self) => volumeState(draft.ref(self, 'volumeId'), 'available', name),
    inverse: (self) => deleteVolume(draft.ref(self, 'volumeId')),
  });
  draft.step({
    action: `attach ${name} to ${label(instance)} as ${device}`,
    effect: 'update-live',
    resource: { kind: 'volume', name },
    call: { service: 'ec2', operation: 'AttachVolume', input: { VolumeId: draft.ref(created, 'volumeId'), InstanceId: instance.id, Device: device } },
    dependsOn: [created],
    wait: volumeAttached(draft.ref(created, 'volumeId'), name),
    // The new volume can be deleted only once it is detached.
    inverse: { service: 'ec2', operation: 'DetachVolume', input: { VolumeId: draft.ref(created, 'volumeId') } },
    inverseWait: volumeState(draft.ref(created, 'volumeId'), 'available', name),
  });
  draft.expect(`${name} (${spec.sizeGiB} GiB ${type}, encrypted) is attached to ${label(instance)}`, { kind: 'volume', name }, { sizeGiB: spec.sizeGiB, volumeType: type, encrypted: true, attachedTo: instance.id });
  draft.advise('info', `The new disk is attached live as ${device}; it still needs a file system and a mount inside ${instance.name ?? instance.id}.`);
  return `attach a new ${spec.sizeGiB} GiB ${type} disk to ${label(instance)}`;
}

/** Creates a volume, attaching it when asked. */
export function buildCreateVolume(draft: PlanDraft, context: PlanContext, intent: IntentOf<'create-volume'>): string {
  if (intent.attachTo) return buildAttachVolume(draft, context, { type: 'attach-volume', instance: intent.attachTo, volume: intent.volume });
  const type = validateVolume(intent.volume);
  const zones = [...new Set(context.inventory.subnets.map((subnet) => subnet.availabilityZone))].sort();
  const zone = intent.availabilityZone ?? zones[0];
  if (!zone) invalid('say which availability zone the volume goes in');
  if (intent.availabilityZone && !zones.includes(intent.availabilityZone)) invalid(`${intent.availabilityZone} is not a zone of ${context.region} (zones: ${zones.join(', ')})`);
  const name = intent.name ?? `volume-${intent.volume.sizeGiB}g`;
  draft.step({
    action: `create a ${intent.volume.sizeGiB} GiB ${type} volume ${name} in ${zone}`,
    effect: 'create',
    resource: { kind: 'volume', name },
    call: { service: 'ec2', operation: 'CreateVolume', input: volumeInput(zone, intent.volume.sizeGiB, type, name) },
    outputs: { volumeId: 'VolumeId' },
    waitFor: (self) => volumeState(draft.ref(self, 'volumeId'), 'available', name),
    inverse: (self) => deleteVolume(draft.ref(self, 'volumeId')),
  });
  draft.expect(`${name} exists (${intent.volume.sizeGiB} GiB ${type}, encrypted)`, { kind: 'volume', name }, { sizeGiB: intent.volume.sizeGiB, volumeType: type, encrypted: true, availabilityZone: zone });
  return `create a ${intent.volume.sizeGiB} GiB ${type} volume ${name} in ${zone}`;
}

/** Detaches a volume from its instance. */
export function buildDetachVolume(draft: PlanDraft, context: PlanContext, intent: IntentOf<'detach-volume'>): string {
  const volume = resolveOne(context, { kind: 'volume', selector: intent.volume.selector }, 'change');
  if (!volume.attachment) invalid(`${label(volume)} is not attached to anything`);
  const instance = context.inventory.instances.find((candidate) => candidate.id === volume.attachment!.instanceId);
  if (instance?.rootDeviceName === volume.attachment.device && instance.state === 'running') {
    invalid(`${label(volume)} is the root volume of running ${label(instance)}; stop the instance first (or terminate it)`);
  }
  draft.step({
    action: `detach ${label(volume)} from ${instance ? label(instance) : volume.attachment.instanceId}`,
    effect: 'update-live',
    resource: { kind: 'volume', id: volume.id, name: volume.name },
    call: { service: 'ec2', operation: 'DetachVolume', input: { VolumeId: volume.id } },
    wait: volumeState(volume.id, 'available', label(volume)),
    inverse: { service: 'ec2', operation: 'AttachVolume', input: { VolumeId: volume.id, InstanceId: volume.attachment.instanceId, Device: volume.attachment.device } },
    inverseWait: volumeAttached(volume.id, label(volume)),
  });
  draft.advise('warning', `Unmount ${volume.attachment.device} inside the instance first, or writes in flight may be lost.`);
  draft.expect(`${label(volume)} is detached`, { kind: 'volume', id: volume.id }, { state: 'available' });
  return `detach ${label(volume)}`;
}
