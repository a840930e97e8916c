import type { AnyResourceView } from '../../cloud/inventory.js';
import type { PlanContext } from '../context.js';
import { invalid, type PlanDraft } from '../draft.js';
import type { Intent } from '../intent.js';
import { label, resolveOrStop } from '../targets.js';
import { volumeState } from '../waits.js';
import { buildReleaseAddress } from './addresses.js';
import { buildPower } from './instances.js';

type DeleteIntent = Extract<Intent, { type: 'delete' }>;

/** Deletes resources of one kind, refusing where something still depends on them. */
export function buildDelete(draft: PlanDraft, context: PlanContext, intent: DeleteIntent): string {
  const kind = intent.targets.kind;
  if (kind === 'instance') return buildPower(draft, context, { type: 'instance-power', action: 'terminate', targets: intent.targets });
  if (kind === 'elastic-ip') return buildReleaseAddress(draft, context, { type: 'release-address', address: intent.targets });
  const resources = resolveOrStop(context, intent.targets, 'change');
  for (const resource of resources) deleteOne(draft, context, resource);
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

function deleteOne(draft: PlanDraft, context: PlanContext, resource: AnyResourceView): void {
  if (resource.kind === 'vpc' && resource.isDefault) invalid(`${label(resource)} is the default VPC; Cirro does not delete it (new instances without a network go there)`);
  if (resource.kind === 'security-group' && resource.groupName === 'default') invalid(`${label(resource)} is its VPC's default security group, which AWS does not let anyone delete`);
  const found = blockers(context, resource);
  if (found.length > 0) invalid(`${label(resource)} is still used by ${found.join(', ')}; remove ${found.length === 1 ? 'it' : 'them'} first`);
  const operation = OPERATIONS[resource.kind];
  if (!operation) invalid(`Cirro cannot delete a ${resource.kind} yet`);
  const attachment = resource.kind === 'volume' ? resource.attachment : undefined;
  const dependsOn: string[] = [];
  if (attachment) {
    const instance = context.inventory.instances.find((candidate) => candidate.id === attachment.instanceId);
    if (instance?.rootDeviceName === attachment.device) invalid(`${label(resource)} is the root volume of ${label(instance)}; terminate the instance instead`);
    const detach = draft.step({
      action: `detach ${label(resource)} from ${instance ? label(instance) : attachment.instanceId}`,
      effect: 'update-live',
      resource: { kind: 'volume', id: resource.id, name: resource.name },
      call: { service: 'ec2', operation: 'DetachVolume', input: { VolumeId: resource.id } },
      wait: volumeState(resource.id, 'available', label(resource)),
    });
    dependsOn.push(detach.id);
  }
  draft.step({
    action: `delete ${resource.kind} ${label(resource)}`,
    effect: 'delete',
    resource: { kind: resource.kind, id: resource.id, name: resource.name },
    call: { service: operation.service, operation: operation.operation, input: { [operation.parameter]: resource.id } },
    dependsOn,
  });
  draft.advise('danger', `Deleting ${resource.kind} ${label(resource)} cannot be undone${resource.kind === 'volume' ? ': its data is gone unless you have a snapshot' : ''}.`);
  if (resource.kind === 'load-balancer') draft.advise('warning', `Clients using ${resource.dnsName} will fail to connect.`);
  draft.expect(`${label(resource)} is gone`, { kind: resource.kind, id: resource.id }, 'absent');
}
