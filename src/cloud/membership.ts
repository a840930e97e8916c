import type { AnyResourceView, Inventory, LoadBalancerView, TargetGroupView } from './inventory.js';
import { indexById } from './inventory-query.js';

/**
 * True when `resource` is "in" `container` as people mean it: an instance in a VPC or subnet, behind a
 * load balancer or in a target group; a volume or address on an instance in that network; a target group
 * or listener of a load balancer; a security group or volume of an instance; instances using a group.
 */
export function isWithin(inventory: Inventory, resource: AnyResourceView, container: AnyResourceView): boolean {
  return membersOf(inventory, container).has(resource.id);
}

/** The ids of everything within a container (see isWithin). */
export function membersOf(inventory: Inventory, container: AnyResourceView): Set<string> {
  const members = new Set<string>();
  const add = (id: string | undefined) => {
    if (id) members.add(id);
  };
  const instancesIn = (test: (instance: Inventory['instances'][number]) => boolean) => inventory.instances.filter(test);
  const addInstanceAttachments = (instanceIds: Set<string>) => {
    for (const volume of inventory.volumes) if (volume.attachment && instanceIds.has(volume.attachment.instanceId)) add(volume.id);
    for (const address of inventory.elasticIps) if (address.instanceId && instanceIds.has(address.instanceId)) add(address.id);
  };

  switch (container.kind) {
    case 'vpc': {
      const vpcId = container.id;
      const instances = instancesIn((instance) => instance.vpcId === vpcId);
      for (const list of [inventory.subnets, inventory.routeTables, inventory.securityGroups, inventory.loadBalancers] as const) {
        for (const item of list) if (item.vpcId === vpcId) add(item.id);
      }
      for (const gateway of inventory.internetGateways) if (gateway.vpcId === vpcId) add(gateway.id);
      for (const group of inventory.targetGroups) if (group.vpcId === vpcId) add(group.id);
      const balancerIds = new Set(inventory.loadBalancers.filter((balancer) => balancer.vpcId === vpcId).map((balancer) => balancer.id));
      for (const listener of inventory.listeners) if (balancerIds.has(listener.loadBalancerArn)) add(listener.id);
      instances.forEach((instance) => add(instance.id));
      addInstanceAttachments(new Set(instances.map((instance) => instance.id)));
      break;
    }
    case 'subnet': {
      const instances = instancesIn((instance) => instance.subnetId === container.id);
      instances.forEach((instance) => add(instance.id));
      addInstanceAttachments(new Set(instances.map((instance) => instance.id)));
      for (const balancer of inventory.loadBalancers) if (balancer.subnetIds.includes(container.id)) add(balancer.id);
      for (const table of inventory.routeTables) if (table.subnetIds.includes(container.id)) add(table.id);
      break;
    }
    case 'load-balancer': {
      const groups = targetGroupsOf(inventory, container);
      for (const group of groups) {
        add(group.id);
        for (const target of group.targets) add(target.id);
      }
      for (const listener of inventory.listeners) if (listener.loadBalancerArn === container.id) add(listener.id);
      container.subnetIds.forEach(add);
      container.securityGroupIds.forEach(add);
      break;
    }
    case 'target-group':
      for (const target of container.targets) add(target.id);
      break;
    case 'instance':
      container.securityGroupIds.forEach(add);
      addInstanceAttachments(new Set([container.id]));
      break;
    case 'security-group':
      for (const instance of inventory.instances) if (instance.securityGroupIds.includes(container.id)) add(instance.id);
      for (const balancer of inventory.loadBalancers) if (balancer.securityGroupIds.includes(container.id)) add(balancer.id);
      break;
    case 'route-table':
      container.subnetIds.forEach(add);
      break;
    default:
      break;
  }
  return members;
}

/** The target groups a load balancer sends traffic to: attached by AWS's record or by a listener's action. */
export function targetGroupsOf(inventory: Inventory, balancer: LoadBalancerView): TargetGroupView[] {
  const forwarded = new Set(inventory.listeners.filter((listener) => listener.loadBalancerArn === balancer.id).flatMap((listener) => listener.targetGroupArns));
  return inventory.targetGroups.filter((group) => group.loadBalancerArns.includes(balancer.id) || forwarded.has(group.id));
}

/** The load balancers whose target groups hold an instance. */
export function loadBalancersOfInstance(inventory: Inventory, instanceId: string): LoadBalancerView[] {
  const byId = indexById(inventory);
  const found = new Map<string, LoadBalancerView>();
  for (const group of inventory.targetGroups) {
    if (!group.targets.some((target) => target.id === instanceId)) continue;
    const arns = new Set([...group.loadBalancerArns, ...inventory.listeners.filter((listener) => listener.targetGroupArns.includes(group.id)).map((listener) => listener.loadBalancerArn)]);
    for (const arn of arns) {
      const balancer = byId.get(arn);
      if (balancer?.kind === 'load-balancer') found.set(arn, balancer);
    }
  }
  return [...found.values()];
}
