import type { AnyResourceView } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import { invalid, type PlanDraft, type StepInput } from '../draft.js';
import type { Intent } from '../intent.js';
import { label, resolveOrStop } from '../targets.js';
import type { Step } from '../plan.js';
import { deletionProtection } from '../secure-defaults.js';
import { volumeAttached, volumeState } from '../waits.js';
import { buildReleaseAddress } from './addresses.js';
import { buildPower } from './instances.js';

type DeleteIntent = Extract<Intent, { type: 'delete' }>;

/** Deletes resources of one kind, refusing where something still depends on them. */
export function buildDelete(draft: PlanDraft, context: PlanContext, intent: DeleteIntent): string {
  const kind = intent.targets.kind;
  if (kind === 'instance') return buildPower(draft, context, { type: 'instance-power', action: 'terminate', targets: intent.targets });
  if (kind === 'elastic-ip') return buildReleaseAddress(draft, context, { type: 'release-address', address: intent.targets });
  const resources = resolveOrStop(context, intent.targets, 'change');
  // Everything that can be undone first, every deletion last: a failure before the deletions rolls back whole.
  const deletions = resources.map((resource) => prepare(draft, context, resource));
  for (const deletion of deletions) draft.step(deletion);
  for (const resource of resources) advise(draft, resource);
  return `delete ${resources.map(label).join(', ')}`;
}

function blockers(context: PlanContext, resource: AnyResourceView): string[] {
  const inventory = context.inventory;
  const alive = inventory.instances.filter((instance) => instance.state !== 'terminated');
  switch (resource.kind) {
    case 'vpc':
      return [
        ...inventory.subnets.filter((subnet) => subnet.vpcId === resource.id).map((subnet) => `subnet ${label(subnet)}`),
        ...alive.filter((instance) => instance.vpcId === resource.id).map((instance) => `instance ${label(instance)}`),
        ...inventory.internetGateways.filter((gateway) => gateway.vpcId === resource.id).map((gateway) => `internet gateway ${label(gateway)}`),
        ...inventory.loadBalancers.filter((balancer) => balancer.vpcId === resource.id).map((balancer) => `load balancer ${label(balancer)}`),
      ];
    case 'subnet':
      return alive.filter((instance) => instance.subnetId === resource.id).map((instance) => `instance ${label(instance)}`);
    case 'security-group':
      return alive.filter((instance) => instance.securityGroupIds.includes(resource.id)).map((instance) => `instance ${label(instance)}`);
    case 'target-group':
      return inventory.listeners.filter((listener) => listener.targetGroupArns.includes(resource.id)).map((listener) => `a listener on port ${listener.port}`);
    default:
      return [];
  }
}

const OPERATIONS: Partial<Record<AnyResourceView['kind'], { service: 'ec2' | 'elbv2'; operation: string; parameter: string }>> = {
  vpc: { service: 'ec2', operation: 'DeleteVpc', parameter: 'VpcId' },
  subnet: { service: 'ec2', operation: 'DeleteSubnet', parameter: 'SubnetId' },
  'security-group': { service: 'ec2', operation: 'DeleteSecurityGroup', parameter: 'GroupId' },
  'key-pair': { service: 'ec2', operation: 'DeleteKeyPair', parameter: 'KeyPairId' },
  volume: { service: 'ec2', operation: 'DeleteVolume', parameter: 'VolumeId' },
  'internet-gateway': { service: 'ec2', operation: 'DeleteInternetGateway', parameter: 'InternetGatewayId' },
  'route-table': { service: 'ec2', operation: 'DeleteRouteTable', parameter: 'RouteTableId' },
  'load-balancer': { service: 'elbv2', operation: 'DeleteLoadBalancer', parameter: 'LoadBalancerArn' },
  'target-group': { service: 'elbv2', operation: 'DeleteTargetGroup', parameter: 'TargetGroupArn' },
  listener: { service: 'elbv2', operation: 'DeleteListener', parameter: 'ListenerArn' },
};

/** Why a deletion cannot be taken back, naming what is lost. */
function loss(resource: AnyResourceView): string {
  const who = label(resource);
  switch (resource.kind) {
    case 'volume': return `a deleted volume cannot be recovered: the data on ${who} is gone unless a snapshot of it exists`;
    case 'key-pair': return `a deleted key pair cannot be restored: AWS forgets ${who}'s public key, and new instances cannot use it`;
    case 'load-balancer': return `a deleted load balancer cannot be restored: ${who} and its DNS name ${resource.dnsName} are gone for good, with its listeners`;
    case 'security-group': return `a deleted security group cannot be restored: ${who} and its rules are gone, and a new group gets a new id`;
    default: return `a deleted ${resource.kind} cannot be restored: ${who} is gone for good, and a new one gets a new id`;
  }
}

/** Checks a resource can go, and returns its deletion step's input once the steps that free it are added. */
function prepare(draft: PlanDraft, context: PlanContext, resource: AnyResourceView): StepInput {
  if (resource.kind === 'vpc' && resource.isDefault) invalid(`${label(resource)} is the default VPC; Cirro does not delete it (new instances without a network go there)`);
  if (resource.kind === 'security-group' && resource.groupName === 'default') invalid(`${label(resource)} is its VPC's default security group, which AWS does not let anyone delete`);
  const found = blockers(context, resource);
  if (found.length > 0) invalid(`${label(resource)} is still used by ${found.join(', ')}; remove ${found.length === 1 ? 'it' : 'them'} first`);
  const operation = OPERATIONS[resource.kind];
  if (!operation) invalid(`Cirro cannot delete a ${resource.kind} yet`);
  const dependsOn = freeUp(draft, context, resource);
  return {
    action: `delete ${resource.kind} ${label(resource)}`,
    effect: 'delete',
    resource: { kind: resource.kind, id: resource.id, name: resource.name },
    call: { service: operation.service, operation: operation.operation, input: { [operation.parameter]: resource.id } },
    dependsOn,
    irreversible: loss(resource),
  };
}

/** Steps that release what holds a resource (an attachment, deletion protection), each undoable. */
function freeUp(draft: PlanDraft, context: PlanContext, resource: AnyResourceView): Step[] {
  if (resource.kind === 'volume' && resource.attachment) {
    const attachment = resource.attachment;
    const instance = context.inventory.instances.find((candidate) => candidate.id === attachment.instanceId);
    if (instance?.rootDeviceName === attachment.device) invalid(`${label(resource)} is the root volume of ${label(instance)}; terminate the instance instead`);
    return [draft.step({
      action: `detach ${label(resource)} from ${instance ? label(instance) : attachment.instanceId}`,
      effect: 'update-live',
      resource: { kind: 'volume', id: resource.id, name: resource.name },
      call: { service: 'ec2', operation: 'DetachVolume', input: { VolumeId: resource.id } },
      wait: volumeState(resource.id, 'available', label(resource)),
      inverse: { service: 'ec2', operation: 'AttachVolume', input: { VolumeId: resource.id, InstanceId: attachment.instanceId, Device: attachment.device } },
      inverseWait: volumeAttached(resource.id, label(resource)),
    })];
  }
  if (resource.kind === 'internet-gateway' && resource.vpcId) {
    return [draft.step({
      action: `detach ${label(resource)} from ${resource.vpcId}`,
      effect: 'update-live',
      resource: { kind: 'internet-gateway', id: resource.id, name: resource.name },
      call: { service: 'ec2', operation: 'DetachInternetGateway', input: { InternetGatewayId: resource.id, VpcId: resource.vpcId } },
      inverse: { service: 'ec2', operation: 'AttachInternetGateway', input: { InternetGatewayId: resource.id, VpcId: resource.vpcId } },
    })];
  }
  if (resource.kind === 'load-balancer' && resource.deletionProtection) {
    return [draft.step({
      action: `turn off deletion protection for ${label(resource)}`,
      effect: 'update-live',
      resource: { kind: 'load-balancer', id: resource.id, name: resource.name },
      call: { service: 'elbv2', operation: 'ModifyLoadBalancerAttributes', input: { LoadBalancerArn: resource.id, Attributes: deletionProtection(false) } },
      inverse: { service: 'elbv2', operation: 'ModifyLoadBalancerAttributes', input: { LoadBalancerArn: resource.id, Attributes: deletionProtection(true) } },
    })];
  }
  return [];
}

function advise(draft: PlanDraft, resource: AnyResourceView): void {
  draft.advise('danger', `Deleting ${resource.kind} ${label(resource)} cannot be undone${resource.kind === 'volume' ? ': its data is gone unless you have a snapshot' : ''}.`);
  if (resource.kind === 'load-balancer') draft.advise('warning', `Clients using ${resource.dnsName} will fail to connect.`);
  if (resource.kind === 'internet-gateway' && resource.vpcId) draft.advise('warning', `${resource.vpcId} loses its route to the internet: public addresses there stop working.`);
  draft.expect(`${label(resource)} is gone`, { kind: resource.kind, id: resource.id }, 'absent');
}
