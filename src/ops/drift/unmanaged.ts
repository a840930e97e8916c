import { allResources, type AnyResourceView, type Inventory, type ResourceKind } from '../../cloud/inventory.js';
import type { DriftFinding } from './types.js';

/** The CloudFormation type a stack would manage each kind of resource as. */
export const CLOUDFORMATION_TYPES: Readonly<Record<ResourceKind, string>> = {
  vpc: 'AWS::EC2::VPC', subnet: 'AWS::EC2::Subnet', 'internet-gateway': 'AWS::EC2::InternetGateway', 'route-table': 'AWS::EC2::RouteTable',
  'security-group': 'AWS::EC2::SecurityGroup', 'key-pair': 'AWS::EC2::KeyPair', instance: 'AWS::EC2::Instance', volume: 'AWS::EC2::Volume',
  'elastic-ip': 'AWS::EC2::EIP', 'load-balancer': 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'target-group': 'AWS::ElasticLoadBalancingV2::TargetGroup',
  listener: 'AWS::ElasticLoadBalancingV2::Listener', image: 'AWS::EC2::Image',
};

/**
 * Resources in the inventory that no stack manages (no stack lists their id among its physical ids).
 * What AWS creates by itself is left out: the default VPC with its subnets, gateway and groups, every
 * VPC's main route table and default group, instances' root volumes, and terminated instances.
 */
export function unmanagedFindings(inventory: Inventory, managedIds: ReadonlySet<string>): DriftFinding[] {
  const defaultVpcs = new Set(inventory.vpcs.filter((vpc) => vpc.isDefault).map((vpc) => vpc.id));
  const rootVolumes = new Set(inventory.instances.flatMap((instance) => instance.volumes.filter((volume) => volume.device === (instance.rootDeviceName ?? '/dev/xvda')).map((volume) => volume.volumeId)));
  return allResources(inventory)
    .filter((resource) => !managed(resource, managedIds) && !createdByAws(resource, defaultVpcs, rootVolumes))
    .map((resource) => ({
      severity: 'low' as const,
      kind: 'unmanaged' as const,
      stack: undefined,
      logicalId: undefined,
      physicalId: resource.id,
      resourceType: CLOUDFORMATION_TYPES[resource.kind],
      ...(resource.name ? { name: resource.name } : {}),
      reason: `in no stack: created outside the code (adopt it with a stack import, or delete it if nobody needs it)`,
    }));
}

/** Stacks name resources by id, but an EIP by its address and a key pair by its name. */
function managed(resource: AnyResourceView, managedIds: ReadonlySet<string>): boolean {
  if (managedIds.has(resource.id)) return true;
  if (resource.kind === 'elastic-ip') return managedIds.has(resource.publicIp);
  if (resource.kind === 'key-pair') return resource.name !== undefined && managedIds.has(resource.name);
  return false;
}

function createdByAws(resource: AnyResourceView, defaultVpcs: ReadonlySet<string>, rootVolumes: ReadonlySet<string>): boolean {
  switch (resource.kind) {
    case 'vpc': return resource.isDefault;
    case 'subnet': return resource.defaultForAz || defaultVpcs.has(resource.vpcId);
    case 'internet-gateway': return resource.vpcId !== undefined && defaultVpcs.has(resource.vpcId);
    case 'route-table': return resource.main || defaultVpcs.has(resource.vpcId);
    case 'security-group': return resource.groupName === 'default';
    case 'volume': return rootVolumes.has(resource.id);
    case 'instance': return resource.state === 'terminated' || resource.state === 'shutting-down';
    default: return false;
  }
}
