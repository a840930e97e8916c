import type { AnyResourceView, InstanceView, Inventory } from './inventory.js';
import { indexById, shortId } from './inventory-query.js';
import { kindLabel } from './kind-labels.js';
import { targetGroupsOf } from './membership.js';

/** How a replacement carries a related resource over to the new one. */
export type Carry =
  | 'reattach' // a data volume: detached from the old, attached to the new at the same device
  | 'reassociate' // an Elastic IP: moved to the new instance, keeping the address
  | 're-register' // a target group: the new instance registered, the old one deregistered
  | 'reuse' // placement the new one is launched with: subnet, security groups, key pair
  | 'repoint' // something that refers to the old one by id and must be pointed at the new one
  | 'recreate'; // something that cannot outlive the old one and must be made again

/** A resource a replacement drags along. */
export interface DraggedResource {
  readonly resource: AnyResourceView;
  readonly carry: Carry;
  /** What happens to it, in words ("api-data (100 GiB gp3) moves to the new instance at /dev/sdf"). */
  readonly note: string;
  /** For volumes: the device to attach at. */
  readonly device?: string;
  /** For target groups: the port the target was registered on. */
  readonly port?: number;
}

/** What replacing a resource drags along: the update radius. */
export interface UpdateRadius {
  readonly resource: AnyResourceView;
  readonly dragged: readonly DraggedResource[];
  /** Tags to copy onto the replacement, the Name tag among them. */
  readonly tags: Readonly<Record<string, string>>;
  /** What cannot be carried over and will differ ("its public IP 54.0.0.11 changes"). */
  readonly losses: readonly string[];
}

/**
 * What a replacement of the resource drags along: for an instance its data volumes, Elastic IPs,
 * target group memberships, subnet, security groups, key pair and tags; for other kinds whatever refers
 * to it. Undefined when the inventory has no such resource.
 */
export function dependents(inventory: Inventory, resourceId: string): UpdateRadius | undefined {
  const byId = indexById(inventory);
  const resource = byId.get(resourceId);
  if (!resource) return undefined;
  if (resource.kind === 'instance') return instanceRadius(inventory, resource, byId);
  const dragged: DraggedResource[] = [];
  const push = (item: AnyResourceView | undefined, carry: Carry, note: string) => {
    if (item) dragged.push({ resource: item, carry, note });
  };
  const name = label(resource);
  switch (resource.kind) {
    case 'volume':
      if (resource.attachment) push(byId.get(resource.attachment.instanceId), 'repoint', `the new volume is attached to ${label(byId.get(resource.attachment.instanceId)!)} at ${resource.attachment.device} in place of ${name}`);
      break;
    case 'security-group':
      for (const instance of inventory.instances) if (instance.securityGroupIds.includes(resource.id)) push(instance, 'repoint', `${label(instance)} is moved to the new group`);
      for (const balancer of inventory.loadBalancers) if (balancer.securityGroupIds.includes(resource.id)) push(balancer, 'repoint', `${label(balancer)} is moved to the new group`);
      for (const group of inventory.securityGroups) {
        if (group.id !== resource.id && group.rules.some((rule) => rule.source === resource.id)) push(group, 'repoint', `${label(group)}'s rules that allow ${name} are rewritten for the new group`);
      }
      break;
    case 'subnet':
      for (const instance of inventory.instances) if (instance.subnetId === resource.id && instance.state !== 'terminated') push(instance, 'recreate', `${label(instance)} must be relaunched in the new subnet`);
      for (const balancer of inventory.loadBalancers) if (balancer.subnetIds.includes(resource.id)) push(balancer, 'repoint', `${label(balancer)} is moved to the new subnet`);
      for (const table of inventory.routeTables) if (table.subnetIds.includes(resource.id)) push(table, 'repoint', `the new subnet is associated with ${label(table)}`);
      break;
    case 'vpc':
      for (const item of [...inventory.subnets, ...inventory.securityGroups, ...inventory.loadBalancers]) if (item.vpcId === resource.id) push(item, 'recreate', `${label(item)} must be made again in the new VPC`);
      for (const instance of inventory.instances) if (instance.vpcId === resource.id && instance.state !== 'terminated') push(instance, 'recreate', `${label(instance)} must be relaunched in the new VPC`);
      for (const gateway of inventory.internetGateways) if (gateway.vpcId === resource.id) push(gateway, 'repoint', `${label(gateway)} is attached to the new VPC`);
      break;
    case 'load-balancer':
      for (const listener of inventory.listeners) if (listener.loadBalancerArn === resource.id) push(listener, 'recreate', `the ${[listener.protocol, listener.port].filter(Boolean).join(':')} listener is made again on the new load balancer`);
      for (const group of targetGroupsOf(inventory, resource)) push(group, 'reuse', `${label(group)} is attached to the new load balancer`);
      break;
    case 'target-group':
      for (const target of resource.targets) {
        const member = byId.get(target.id);
        if (member) dragged.push({ resource: member, carry: 're-register', note: `${label(member)} is registered in the new group`, ...(target.port !== undefined ? { port: target.port } : {}) });
      }
      for (const listener of inventory.listeners) if (listener.targetGroupArns.includes(resource.id)) push(listener, 'repoint', `the ${[listener.protocol, listener.port].filter(Boolean).join(':')} listener forwards to the new group`);
      break;
    case 'elastic-ip':
      if (resource.instanceId) push(byId.get(resource.instanceId), 'repoint', `the new address is associated with ${label(byId.get(resource.instanceId)!)}`);
      break;
    default:
      break;
  }
  const losses = resource.kind === 'load-balancer' ? [`its DNS name ${resource.dnsName} changes: clients and DNS records must move to the new one`] : [];
  return { resource, dragged, tags: resource.tags, losses };
}

/** An instance's radius: what must come along so the new one is a drop-in for the old one. */
function instanceRadius(inventory: Inventory, instance: InstanceView, byId: Map<string, AnyResourceView>): UpdateRadius {
  const dragged: DraggedResource[] = [];
  for (const attached of instance.volumes) {
    if (attached.device === instance.rootDeviceName) continue;
    const volume = byId.get(attached.volumeId);
    if (volume?.kind !== 'volume') continue;
    dragged.push({ resource: volume, carry: 'reattach', device: attached.device, note: `${label(volume)} (${volume.sizeGiB} GiB ${volume.volumeType}) moves to the new instance at ${attached.device}` });
  }
  for (const address of inventory.elasticIps) {
    if (address.instanceId === instance.id) dragged.push({ resource: address, carry: 'reassociate', note: `Elastic IP ${address.publicIp} moves to the new instance` });
  }
  for (const group of inventory.targetGroups) {
    const target = group.targets.find((candidate) => candidate.id === instance.id);
    if (!target) continue;
    dragged.push({ resource: group, carry: 're-register', note: `the new instance joins ${targetGroupPhrase(inventory, group.id, byId)}, then the old one leaves`, ...(target.port !== undefined ? { port: target.port } : {}) });
  }
  const placement = [
    ...(instance.subnetId ? [byId.get(instance.subnetId)] : []),
    ...instance.securityGroupIds.map((id) => byId.get(id)),
    ...(instance.keyName ? [inventory.keyPairs.find((key) => key.name === instance.keyName)] : []),
  ];
  for (const item of placement) if (item) dragged.push({ resource: item, carry: 'reuse', note: `the new instance is launched with ${kindLabel(item.kind)} ${label(item)}` });

  const losses: string[] = [];
  const hasElasticIp = inventory.elasticIps.some((address) => address.instanceId === instance.id);
  if (instance.publicIpAddress && !hasElasticIp) losses.push(`its public IP ${instance.publicIpAddress} changes (no Elastic IP keeps it)`);
  if (instance.privateIpAddress) losses.push(`its private IP ${instance.privateIpAddress} changes`);
  return { resource: instance, dragged, tags: instance.tags, losses };
}

/**
 * The advisory for a replacement, in one sentence: "api-1 cannot become a spot instance in place: Cirro
 * will image it, launch a spot instance from the image with the same name, subnet, security groups and
 * volumes, move it into shop-lb's target group, then terminate the old one".
 */
export function describeReplacement(inventory: Inventory, radius: UpdateRadius, change: { what: string; launch?: string }): string {
  const name = label(radius.resource);
  if (radius.resource.kind !== 'instance') {
    const steps = radius.dragged.map((item) => item.note);
    const launch = change.launch ?? `a new ${kindLabel(radius.resource.kind)}`;
    const losses = radius.losses.map((loss) => `; ${loss}`).join('');
    return `${name} cannot ${change.what} in place: Cirro will create ${launch}${steps.map((step) => `; ${step}`).join('')}; then it deletes the old one${losses}`;
  }
  const carried = ['name'];
  if (radius.dragged.some((item) => item.resource.kind === 'subnet')) carried.push('subnet');
  if (radius.dragged.some((item) => item.resource.kind === 'security-group')) carried.push('security groups');
  if (radius.dragged.some((item) => item.carry === 'reattach')) carried.push('volumes');
  const steps = ['image it', `launch ${change.launch ?? 'a new instance'} from the image with the same ${joinWords(carried)}`];
  const addresses = radius.dragged.filter((item) => item.carry === 'reassociate');
  if (addresses.length > 0) steps.push(`move its Elastic IP ${addresses.map((item) => (item.resource.kind === 'elastic-ip' ? item.resource.publicIp : item.resource.id)).join(', ')} over`);
  const groups = radius.dragged.filter((item) => item.carry === 're-register');
  if (groups.length > 0) steps.push(`move it into ${joinWords(groups.map((item) => targetGroupPhrase(inventory, item.resource.id)))}`);
  const losses = radius.losses.filter((loss) => loss.startsWith('its public IP'));
  return `${name} cannot ${change.what} in place: Cirro will ${steps.join(', ')}, then terminate the old one${losses.map((loss) => `; ${loss}`).join('')}`;
}

/** "shop-lb's target group" when one load balancer uses it, else "target group shop-tg". */
function targetGroupPhrase(inventory: Inventory, groupId: string, byId: Map<string, AnyResourceView> = indexById(inventory)): string {
  const group = inventory.targetGroups.find((candidate) => candidate.id === groupId);
  if (!group) return `target group ${groupId}`;
  const forwarding = inventory.listeners.filter((listener) => listener.targetGroupArns.includes(group.id)).map((listener) => listener.loadBalancerArn);
  const balancers = [...new Set([...group.loadBalancerArns, ...forwarding])].map((arn) => byId.get(arn)).filter((balancer) => balancer !== undefined);
  const groupsOfBalancer = balancers.length === 1 ? targetGroupsOf(inventory, balancers[0] as Extract<AnyResourceView, { kind: 'load-balancer' }>) : [];
  if (balancers.length === 1 && groupsOfBalancer.length === 1) return `${label(balancers[0]!)}'s target group`;
  return `target group ${label(group)}`;
}

function label(resource: AnyResourceView): string {
  return resource.name ?? shortId(resource);
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
