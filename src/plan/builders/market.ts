import type { ElasticIpView, InstanceView, TargetGroupView } from '../../cloud/inventory.js';
import { dependents, describeReplacement, type UpdateRadius } from '../../cloud/update-radius.js';
import type { PlanContext } from '../context.js';
import { invalid, tagSpecification, type PlanDraft } from '../draft.js';
import type { Intent } from '../intent.js';
import type { ParameterValue, Step } from '../plan.js';
import { encryptedBlockDevices, METADATA_OPTIONS } from '../secure-defaults.js';
import { label } from '../targets.js';
import { imageAvailable, instanceState, volumeAttached, volumeState } from '../waits.js';
import { changeableInstances } from './instances.js';

type MarketIntent = Extract<Intent, { type: 'set-market' }>;
type Market = 'spot' | 'on-demand';

/** What moves from an old instance to its replacement, from the cloud layer's update radius. */
interface Carried {
  readonly radius: UpdateRadius;
  readonly dataVolumes: readonly { volumeId: string; device: string }[];
  readonly address: ElasticIpView | undefined;
  readonly groups: readonly { group: TargetGroupView; port: number | undefined }[];
}

/** A replacement built up to (not including) the old instance's termination. */
interface Replacement {
  readonly old: InstanceView;
  readonly image: Step;
  /** The last step that must run before the old instance may go. */
  readonly last: Step;
}

/**
 * Switches instances between on-demand and spot. AWS cannot change an instance's purchase option in
 * place, so each instance is replaced: imaged, relaunched from the image with the same name, type,
 * subnet, security groups and key, its data volumes, Elastic IP and load-balancer memberships moved
 * over, then the old one terminated. Every termination comes last, after all the replacements run, so
 * a failure anywhere before them rolls back to the instances as they were.
 */
export function buildSetMarket(draft: PlanDraft, context: PlanContext, intent: MarketIntent): string {
  const wanted = intent.market === 'spot' ? 'spot' : 'on-demand';
  const instances = changeableInstances(context, intent.targets);
  const todo = instances.filter((instance) => instance.lifecycle !== wanted);
  for (const instance of instances.filter((candidate) => candidate.lifecycle === wanted)) draft.advise('info', `${label(instance)} is already ${wanted}.`);
  if (todo.length === 0) return `make ${instances.map(label).join(', ')} ${wanted} (nothing to do)`;
  const replacements = todo.map((instance) => replaceInstance(draft, context, instance, wanted));
  for (const replacement of replacements) terminateOld(draft, replacement);
  return `make ${todo.map(label).join(', ')} ${wanted} by replacing ${todo.length === 1 ? 'it' : 'them'}`;
}

function carried(context: PlanContext, old: InstanceView): Carried {
  // What the replacement drags along comes from the cloud layer's update radius, so plan and advisory agree.
  const radius = dependents(context.inventory, old.id)!;
  return {
    radius,
    dataVolumes: radius.dragged.filter((item) => item.carry === 'reattach').map((item) => ({ volumeId: item.resource.id, device: item.device! })),
    address: radius.dragged.map((item) => item.resource).find((resource): resource is ElasticIpView => resource.kind === 'elastic-ip'),
    groups: radius.dragged.filter((item) => item.carry === 're-register').map((item) => ({ group: item.resource as TargetGroupView, port: item.port })),
  };
}

function replaceInstance(draft: PlanDraft, context: PlanContext, old: InstanceView, market: Market): Replacement {
  if (old.state !== 'running' && old.state !== 'stopped') invalid(`${label(old)} is ${old.state}; replace it once it is running or stopped`);
  const moving = carried(context, old);
  const image = imageOld(draft, context, old, market, moving);
  const launch = launchReplacement(draft, old, market, image);
  const newId = draft.ref(launch, 'instanceId');
  // A stopped instance cannot be registered, so the old one leaves its groups while it still runs, and
  // the rollback puts it back only after restarting it; the new one joins once it has its volumes.
  const stopsOld = moving.dataVolumes.length > 0 && old.state === 'running';
  let last: Step = launch;
  if (stopsOld) last = deregisterOld(draft, old, moving, launch) ?? last;
  last = moveVolumes(draft, old, moving, launch, last, newId);
  last = moveAddress(draft, old, moving, launch, newId) ?? last;
  last = registerNew(draft, old, moving, launch, newId) ?? last;
  if (!stopsOld) last = deregisterOld(draft, old, moving, launch) ?? last;
  advise(draft, context, old, market, moving);
  return { old, image, last };
}

function imageOld(draft: PlanDraft, context: PlanContext, old: InstanceView, market: Market, moving: Carried): Step {
  const name = old.name ?? old.id;
  // Named after the inventory's read time, not the clock, so the same read plans the same image name.
  const stamp = Date.parse(context.inventory.readAt).toString(36);
  return draft.step({
    action: `image ${label(old)} (root disk only, without rebooting it)`,
    effect: 'create',
    resource: { kind: 'image', name: `${name}-replacement` },
    call: {
      service: 'ec2',
      operation: 'CreateImage',
      input: {
        InstanceId: old.id,
        Name: `${name}-${market}-${stamp}`,
        Description: `Image of ${name} taken by Cirro to relaunch it as ${market}`,
        NoReboot: true,
        ...(moving.dataVolumes.length ? { BlockDeviceMappings: moving.dataVolumes.map((volume) => ({ DeviceName: volume.device, NoDevice: '' })) } : {}),
      },
    },
    outputs: { imageId: 'ImageId' },
    waitFor: (self) => imageAvailable(draft.ref(self, 'imageId'), `the image of ${name}`),
    // DeleteAssociatedSnapshots takes the image's root snapshot with it (AWS CLIs older than 2.22 reject the member).
    inverse: (self) => ({ service: 'ec2', operation: 'DeregisterImage', input: { ImageId: draft.ref(self, 'imageId'), DeleteAssociatedSnapshots: true } }),
  });
}

function launchReplacement(draft: PlanDraft, old: InstanceView, market: Market, image: Step): Step {
  const name = old.name ?? old.id;
  // An instance that allowed IMDSv1 keeps it: its software may depend on it (advised); otherwise IMDSv2 only.
  const httpTokens = old.metadataHttpTokens === 'optional' ? 'optional' : METADATA_OPTIONS.HttpTokens;
  const blockDevices = encryptedBlockDevices(old.rootDeviceName, []);
  return draft.step({
    action: `launch the ${market} replacement of ${name} (${old.instanceType}) in ${old.subnetId} from the image`,
    effect: 'replace',
    resource: { kind: 'instance', name },
    call: {
      service: 'ec2',
      operation: 'RunInstances',
      input: {
        ImageId: draft.ref(image, 'imageId'),
        InstanceType: old.instanceType,
        MinCount: 1,
        MaxCount: 1,
        SubnetId: old.subnetId!,
        SecurityGroupIds: [...old.securityGroupIds],
        ...(old.keyName ? { KeyName: old.keyName } : {}),
        ...(old.monitoring === 'enabled' ? { Monitoring: { Enabled: true } } : {}),
        ...(blockDevices.length ? { BlockDeviceMappings: blockDevices } : {}),
        MetadataOptions: { ...METADATA_OPTIONS, HttpTokens: httpTokens },
        ...(market === 'spot' ? { InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' } } } : {}),
        TagSpecifications: [tagSpecification('instance', { ...old.tags, Name: name })],
      },
    },
    outputs: { instanceId: 'Instances[0].InstanceId' },
    dependsOn: [image],
    waitFor: (self) => instanceState([draft.ref(self, 'instanceId')], 'running', `the new ${name}`),
    inverse: (self) => ({ service: 'ec2', operation: 'TerminateInstances', input: { InstanceIds: [draft.ref(self, 'instanceId')] } }),
    inverseWait: (self) => instanceState([draft.ref(self, 'instanceId')], 'terminated', `the new ${name}`),
  });
}

/** Stops the old instance (when it runs) and moves each data volume across; returns the last step. */
function moveVolumes(draft: PlanDraft, old: InstanceView, moving: Carried, launch: Step, after: Step, newId: ParameterValue): Step {
  const name = old.name ?? old.id;
  let previous = after;
  if (moving.dataVolumes.length > 0 && old.state === 'running') {
    previous = draft.step({
      action: `stop the old ${label(old)} so its data volumes can move cleanly`,
      effect: 'update-stop-start',
      resource: { kind: 'instance', id: old.id, name },
      call: { service: 'ec2', operation: 'StopInstances', input: { InstanceIds: [old.id] } },
      dependsOn: [after],
      wait: instanceState([old.id], 'stopped', `the old ${name}`),
      inverse: { service: 'ec2', operation: 'StartInstances', input: { InstanceIds: [old.id] } },
      inverseWait: instanceState([old.id], 'running', `the old ${name}`),
    });
  }
  for (const volume of moving.dataVolumes) {
    const detach = draft.step({
      action: `detach ${volume.volumeId} (${volume.device}) from the old ${name}`,
      effect: 'update-live',
      resource: { kind: 'volume', id: volume.volumeId },
      call: { service: 'ec2', operation: 'DetachVolume', input: { VolumeId: volume.volumeId } },
      dependsOn: [previous],
      wait: volumeState(volume.volumeId, 'available', volume.volumeId),
      inverse: { service: 'ec2', operation: 'AttachVolume', input: { VolumeId: volume.volumeId, InstanceId: old.id, Device: volume.device } },
      inverseWait: volumeAttached(volume.volumeId, volume.volumeId),
    });
    previous = draft.step({
      action: `attach ${volume.volumeId} to the new ${name} as ${volume.device}`,
      effect: 'update-live',
      resource: { kind: 'volume', id: volume.volumeId },
      call: { service: 'ec2', operation: 'AttachVolume', input: { VolumeId: volume.volumeId, InstanceId: newId, Device: volume.device } },
      dependsOn: [detach, launch],
      wait: volumeAttached(volume.volumeId, volume.volumeId),
      inverse: { service: 'ec2', operation: 'DetachVolume', input: { VolumeId: volume.volumeId } },
      inverseWait: volumeState(volume.volumeId, 'available', volume.volumeId),
    });
  }
  return previous;
}

function moveAddress(draft: PlanDraft, old: InstanceView, moving: Carried, launch: Step, newId: ParameterValue): Step | undefined {
  const address = moving.address;
  if (!address) return undefined;
  return draft.step({
    action: `move Elastic IP ${address.publicIp} to the new ${old.name ?? old.id}`,
    effect: 'update-live',
    resource: { kind: 'elastic-ip', id: address.id },
    call: { service: 'ec2', operation: 'AssociateAddress', input: { AllocationId: address.id, InstanceId: newId, AllowReassociation: true } },
    dependsOn: [launch],
    // Moved back, not disassociated: the old instance had it before.
    inverse: { service: 'ec2', operation: 'AssociateAddress', input: { AllocationId: address.id, InstanceId: old.id, AllowReassociation: true } },
  });
}

function membershipTarget(id: ParameterValue, port: number | undefined): ParameterValue[] {
  return [{ Id: id, ...(port ? { Port: port } : {}) }];
}

function registerNew(draft: PlanDraft, old: InstanceView, moving: Carried, launch: Step, newId: ParameterValue): Step | undefined {
  let last: Step | undefined;
  for (const { group, port } of moving.groups) {
    last = draft.step({
      action: `register the new ${old.name ?? old.id} in ${group.name}`,
      effect: 'update-live',
      resource: { kind: 'target-group', id: group.id, name: group.name },
      call: { service: 'elbv2', operation: 'RegisterTargets', input: { TargetGroupArn: group.id, Targets: membershipTarget(newId, port) } },
      dependsOn: [launch],
      inverse: { service: 'elbv2', operation: 'DeregisterTargets', input: { TargetGroupArn: group.id, Targets: membershipTarget(newId, port) } },
    });
  }
  return last;
}

function deregisterOld(draft: PlanDraft, old: InstanceView, moving: Carried, after: Step): Step | undefined {
  let last: Step | undefined;
  for (const { group, port } of moving.groups) {
    last = draft.step({
      action: `deregister the old ${old.name ?? old.id} from ${group.name}`,
      effect: 'update-live',
      resource: { kind: 'target-group', id: group.id, name: group.name },
      call: { service: 'elbv2', operation: 'DeregisterTargets', input: { TargetGroupArn: group.id, Targets: membershipTarget(old.id, port) } },
      dependsOn: [after],
      inverse: { service: 'elbv2', operation: 'RegisterTargets', input: { TargetGroupArn: group.id, Targets: membershipTarget(old.id, port) } },
    });
  }
  return last;
}

function terminateOld(draft: PlanDraft, { old, image, last }: Replacement): void {
  const name = old.name ?? old.id;
  const root = old.volumes.find((volume) => volume.device === old.rootDeviceName && volume.deleteOnTermination);
  draft.step({
    action: `terminate the old ${label(old)}`,
    effect: 'replace',
    resource: { kind: 'instance', id: old.id, name },
    call: { service: 'ec2', operation: 'TerminateInstances', input: { InstanceIds: [old.id] } },
    dependsOn: [last],
    wait: instanceState([old.id], 'terminated', `the old ${name}`),
    irreversible: `terminated instances cannot be restarted: the old ${label(old)}${root ? ` and its root volume ${root.volumeId}` : ''} ${root ? 'are' : 'is'} gone for good (the image made in step ${image.id} keeps a copy of its root disk)`,
  });
  draft.expect(`the old ${old.id} is terminated`, { kind: 'instance', id: old.id }, { state: { oneOf: ['shutting-down', 'terminated'] } });
}

function advise(draft: PlanDraft, context: PlanContext, old: InstanceView, market: Market, moving: Carried): void {
  const name = old.name ?? old.id;
  const article = market === 'spot' ? 'a spot' : 'an on-demand';
  const sentence = describeReplacement(context.inventory, moving.radius, { what: `become ${article} instance`, launch: `${article} instance` });
  const count = moving.dataVolumes.length;
  const volumes = count ? ` Data volume${count > 1 ? 's' : ''} ${moving.dataVolumes.map((volume) => volume.volumeId).join(', ')} move${count > 1 ? '' : 's'} across.` : '';
  draft.advise('warning', `${sentence}. The new instance has a new id; the old one is ${old.id}.${volumes}`, 'sdk-replacement');
  if (market === 'spot') draft.advise('info', 'Spot instances can be interrupted by AWS with two minutes\' notice.');
  if (old.metadataHttpTokens === 'optional') {
    draft.advise('warning', `${label(old)} allows IMDSv1, and so will its replacement, in case its software needs it; require IMDSv2 once it does not (aws ec2 modify-instance-metadata-options --http-tokens required).`);
  }
  draft.expect(`${name} runs as ${market} in ${old.subnetId}`, { kind: 'instance', name }, {
    lifecycle: market,
    state: 'running',
    instanceType: old.instanceType,
    subnetId: old.subnetId,
    metadataHttpTokens: old.metadataHttpTokens === 'optional' ? 'optional' : METADATA_OPTIONS.HttpTokens,
    securityGroupIds: [...old.securityGroupIds].sort(),
    ...(moving.dataVolumes.length ? { volumeIdsInclude: moving.dataVolumes.map((volume) => volume.volumeId) } : {}),
    ...(moving.address ? { publicIpAddress: moving.address.publicIp } : {}),
    ...(moving.groups.length ? { memberOf: moving.groups.map(({ group }) => group.id) } : {}),
  });
}
