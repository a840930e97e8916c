import type { ElasticIpView, InstanceView, TargetGroupView } from '../../cloud/inventory.js';
import { dependents, describeReplacement } from '../../cloud/update-radius.js';
import type { PlanContext } from '../context.js';
import { invalid, tagSpecification, type PlanDraft } from '../draft.js';
import type { Intent } from '../intent.js';
import type { Step } from '../plan.js';
import { label } from '../targets.js';
import { imageAvailable, instanceState, volumeAttached, volumeState } from '../waits.js';
import { changeableInstances } from './instances.js';

type MarketIntent = Extract<Intent, { type: 'set-market' }>;

/**
 * Switches instances between on-demand and spot. AWS cannot change an instance's purchase option in
 * place, so each instance is replaced: imaged, relaunched from the image with the same name, type,
 * subnet, security groups and key, its data volumes, Elastic IP and load-balancer memberships moved
 * over, then the old one terminated.
 */
export function buildSetMarket(draft: PlanDraft, context: PlanContext, intent: MarketIntent): string {
  const wanted = intent.market === 'spot' ? 'spot' : 'on-demand';
  const instances = changeableInstances(context, intent.targets);
  const todo = instances.filter((instance) => instance.lifecycle !== wanted);
  for (const instance of instances.filter((candidate) => candidate.lifecycle === wanted)) draft.advise('info', `${label(instance)} is already ${wanted}.`);
  if (todo.length === 0) return `make ${instances.map(label).join(', ')} ${wanted} (nothing to do)`;
  for (const instance of todo) replaceInstance(draft, context, instance, wanted);
  return `make ${todo.map(label).join(', ')} ${wanted} by replacing ${todo.length === 1 ? 'it' : 'them'}`;
}

function replaceInstance(draft: PlanDraft, context: PlanContext, old: InstanceView, market: 'spot' | 'on-demand'): void {
  if (old.state !== 'running' && old.state !== 'stopped') invalid(`${label(old)} is ${old.state}; replace it once it is running or stopped`);
  const name = old.name ?? old.id;
  // What the replacement drags along comes from the cloud layer's update radius, so plan and advisory agree.
  const radius = dependents(context.inventory, old.id)!;
  const dataVolumes = radius.dragged.filter((item) => item.carry === 'reattach').map((item) => ({ volumeId: item.resource.id, device: item.device! }));
  const address = radius.dragged.map((item) => item.resource).find((resource): resource is ElasticIpView => resource.kind === 'elastic-ip');
  const groups = radius.dragged.filter((item) => item.carry === 're-register').map((item) => ({ group: item.resource as TargetGroupView, port: item.port }));
  const image = draft.step({
    action: `image ${label(old)} (root disk only, without rebooting it)`,
    effect: 'create',
    resource: { kind: 'image', name: `${name}-replacement` },
    call: {
      service: 'ec2',
      operation: 'CreateImage',
      input: {
        InstanceId: old.id,
        Name: `${name}-${market}-${Date.now().toString(36)}`,
        Description: `Image of ${name} taken by Cirro to relaunch it as ${market}`,
        NoReboot: true,
        ...(dataVolumes.length ? { BlockDeviceMappings: dataVolumes.map((volume) => ({ DeviceName: volume.device, NoDevice: '' })) } : {}),
      },
    },
    outputs: { imageId: 'ImageId' },
    waitFor: (self) => imageAvailable(draft.ref(self, 'imageId'), `the image of ${name}`),
  });
  const tags = { ...old.tags, Name: name };
  const launch = draft.step({
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
        ...(market === 'spot' ? { InstanceMarketOptions: { MarketType: 'spot', SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' } } } : {}),
        TagSpecifications: [tagSpecification('instance', tags)],
      },
    },
    outputs: { instanceId: 'Instances[0].InstanceId' },
    dependsOn: [image],
    waitFor: (self) => instanceState([draft.ref(self, 'instanceId')], 'running', `the new ${name}`),
  });
  const newId = draft.ref(launch, 'instanceId');
  let previous: Step = launch;
  if (dataVolumes.length > 0 && old.state === 'running') {
    previous = draft.step({
      action: `stop the old ${label(old)} so its data volumes can move cleanly`,
      effect: 'update-stop-start',
      resource: { kind: 'instance', id: old.id, name },
      call: { service: 'ec2', operation: 'StopInstances', input: { InstanceIds: [old.id] } },
      dependsOn: [launch],
      wait: instanceState([old.id], 'stopped', `the old ${name}`),
    });
  }
  for (const volume of dataVolumes) {
    const detach = draft.step({
      action: `detach ${volume.volumeId} (${volume.device}) from the old ${name}`,
      effect: 'update-live',
      resource: { kind: 'volume', id: volume.volumeId },
      call: { service: 'ec2', operation: 'DetachVolume', input: { VolumeId: volume.volumeId } },
      dependsOn: [previous],
      wait: volumeState(volume.volumeId, 'available', volume.volumeId),
    });
    previous = draft.step({
      action: `attach ${volume.volumeId} to the new ${name} as ${volume.device}`,
      effect: 'update-live',
      resource: { kind: 'volume', id: volume.volumeId },
      call: { service: 'ec2', operation: 'AttachVolume', input: { VolumeId: volume.volumeId, InstanceId: newId, Device: volume.device } },
      dependsOn: [detach, launch],
      wait: volumeAttached(volume.volumeId, volume.volumeId),
    });
  }
  if (address) {
    previous = draft.step({
      action: `move Elastic IP ${address.publicIp} to the new ${name}`,
      effect: 'update-live',
      resource: { kind: 'elastic-ip', id: address.id },
      call: { service: 'ec2', operation: 'AssociateAddress', input: { AllocationId: address.id, InstanceId: newId, AllowReassociation: true } },
      dependsOn: [launch],
    });
  }
  for (const { group, port } of groups) {
    draft.step({
      action: `register the new ${name} in ${group.name}`,
      effect: 'update-live',
      resource: { kind: 'target-group', id: group.id, name: group.name },
      call: { service: 'elbv2', operation: 'RegisterTargets', input: { TargetGroupArn: group.id, Targets: [{ Id: newId, ...(port ? { Port: port } : {}) }] } },
      dependsOn: [launch],
    });
    previous = draft.step({
      action: `deregister the old ${name} from ${group.name}`,
      effect: 'update-live',
      resource: { kind: 'target-group', id: group.id, name: group.name },
      call: { service: 'elbv2', operation: 'DeregisterTargets', input: { TargetGroupArn: group.id, Targets: [{ Id: old.id, ...(port ? { Port: port } : {}) }] } },
      dependsOn: [launch],
    });
  }
  draft.step({
    action: `terminate the old ${label(old)}`,
    effect: 'replace',
    resource: { kind: 'instance', id: old.id, name },
    call: { service: 'ec2', operation: 'TerminateInstances', input: { InstanceIds: [old.id] } },
    dependsOn: [previous],
    wait: instanceState([old.id], 'terminated', `the old ${name}`),
  });
  const article = market === 'spot' ? 'a spot' : 'an on-demand';
  const sentence = describeReplacement(context.inventory, radius, { what: `become ${article} instance`, launch: `${article} instance` });
  const volumes = dataVolumes.length ? ` Data volume${dataVolumes.length > 1 ? 's' : ''} ${dataVolumes.map((volume) => volume.volumeId).join(', ')} move${dataVolumes.length > 1 ? '' : 's'} across.` : '';
  draft.advise('warning', `${sentence}. The new instance has a new id; the old one is ${old.id}.${volumes}`);
  if (market === 'spot') draft.advise('info', 'Spot instances can be interrupted by AWS with two minutes\' notice.');
  draft.expect(`${name} runs as ${market} in ${old.subnetId}`, { kind: 'instance', name }, {
    lifecycle: market,
    state: 'running',
    instanceType: old.instanceType,
    subnetId: old.subnetId,
    securityGroupIds: [...old.securityGroupIds].sort(),
    ...(dataVolumes.length ? { volumeIdsInclude: dataVolumes.map((volume) => volume.volumeId) } : {}),
    ...(address ? { publicIpAddress: address.publicIp } : {}),
    ...(groups.length ? { memberOf: groups.map(({ group }) => group.id) } : {}),
  });
  draft.expect(`the old ${old.id} is terminated`, { kind: 'instance', id: old.id }, { state: { oneOf: ['shutting-down', 'terminated'] } });
}
