import { allResources, type AnyResourceView, type Inventory, type ResourceKind } from './inventory.js';

/** The view type of one kind (`ViewOf<'instance'>` is InstanceView). */
export type ViewOf<K extends ResourceKind> = Extract<AnyResourceView, { kind: K }>;

/** The resources of one kind, in inventory order (images are not inventoried: none). */
export function resourcesOfKind<K extends ResourceKind>(inventory: Inventory, kind: K): ViewOf<K>[] {
  const lists: Record<ResourceKind, readonly AnyResourceView[]> = {
    vpc: inventory.vpcs,
    subnet: inventory.subnets,
    'internet-gateway': inventory.internetGateways,
    'route-table': inventory.routeTables,
    'security-group': inventory.securityGroups,
    'key-pair': inventory.keyPairs,
    instance: inventory.instances,
    volume: inventory.volumes,
    'elastic-ip': inventory.elasticIps,
    'load-balancer': inventory.loadBalancers,
    'target-group': inventory.targetGroups,
    listener: inventory.listeners,
    image: [],
  };
  return [...lists[kind]] as ViewOf<K>[];
}

/** An index of an inventory by id (ids are unique across kinds: prefixes and ARNs differ). */
export function indexById(inventory: Inventory): Map<string, AnyResourceView> {
  return new Map(allResources(inventory).map((resource) => [resource.id, resource]));
}

/** Every name a resource answers to: its Name tag or own name, and a security group's group name. */
export function namesOf(resource: AnyResourceView): string[] {
  const names = resource.name !== undefined ? [resource.name] : [];
  if (resource.kind === 'security-group' && resource.groupName && !names.includes(resource.groupName)) names.push(resource.groupName);
  return names;
}

/**
 * Every id a resource answers to: its id, plus an Elastic IP's address, a key pair's name, an
 * instance's private and public addresses, and a load balancer's DNS name.
 */
export function idsOf(resource: AnyResourceView): string[] {
  const ids = [resource.id];
  if (resource.kind === 'elastic-ip' && resource.publicIp) ids.push(resource.publicIp);
  if (resource.kind === 'key-pair' && resource.name) ids.push(resource.name);
  if (resource.kind === 'instance') ids.push(...[resource.privateIpAddress, resource.publicIpAddress].filter((address): address is string => !!address));
  if (resource.kind === 'load-balancer' && resource.dnsName) ids.push(resource.dnsName);
  return ids;
}

/** A short human label: the name with the id, or the id alone ("web-1 (i-0abc…)"). */
export function displayName(resource: AnyResourceView): string {
  return resource.name ? `${resource.name} (${shortId(resource)})` : shortId(resource);
}

/** The id people read: ARNs shortened to their resource part (`app/shop-lb/50dc6c495c0c9188`). */
export function shortId(resource: { readonly id: string }): string {
  if (!resource.id.startsWith('arn:')) return resource.id;
  const resourcePart = resource.id.split(':').slice(5).join(':');
  return resourcePart.replace(/^(loadbalancer|targetgroup|listener)\//, '');
}

/** The state a resource reports, where its kind has one. */
export function stateOf(resource: AnyResourceView): string | undefined {
  switch (resource.kind) {
    case 'vpc':
    case 'instance':
    case 'volume':
    case 'load-balancer':
      return resource.state;
    case 'internet-gateway':
      return resource.vpcId ? 'attached' : 'detached';
    case 'elastic-ip':
      return resource.instanceId ? 'associated' : 'unassociated';
    default:
      return undefined;
  }
}

/** The availability zone a resource lives in, where it has exactly one. */
export function zoneOf(resource: AnyResourceView): string | undefined {
  switch (resource.kind) {
    case 'instance':
      return resource.availabilityZone;
    case 'volume':
    case 'subnet':
      return resource.availabilityZone;
    default:
      return undefined;
  }
}
