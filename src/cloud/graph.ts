import { allResources, type AnyResourceView, type Inventory, type ResourceKind } from './inventory.js';
import { describeResource } from './describe-resource.js';
import { displayName } from './inventory-query.js';

/** How one resource depends on another (the edge points from the dependent to what it depends on). */
export type Relation =
  | 'in' // subnet → vpc, instance → subnet, security group → vpc, load balancer → subnet, target group → vpc
  | 'attached-to' // volume → instance, internet gateway → vpc
  | 'associated-with' // Elastic IP → instance, route table → subnet
  | 'uses' // instance → security group / key pair, load balancer → security group
  | 'routes-to' // route table → internet gateway
  | 'targets' // target group → instance
  | 'forwards-to' // listener → target group
  | 'part-of'; // listener → load balancer

/** A resource in the graph. */
export interface GraphNode {
  readonly id: string;
  readonly kind: ResourceKind;
  readonly name: string | undefined;
  /** "web-1 (i-0abc…)": how people name it. */
  readonly label: string;
  /** Facts worth a glance: state, size, CIDR, ports. */
  readonly details: readonly string[];
  /** What it sits in, when that is in the graph too (instance → subnet → VPC): the tree's nesting. */
  readonly parent: string | undefined;
}

/** A dependency: `from` needs `to` (deleting `to` breaks or drags `from`). */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly relation: Relation;
}

/** Resources and their dependencies; `roots` are the resources asked about (empty: everything). */
export interface ResourceGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly roots: readonly string[];
}

/** Every dependency edge in an inventory whose both ends were read. */
export function dependencyEdges(inventory: Inventory): GraphEdge[] {
  const known = new Set(allResources(inventory).map((resource) => resource.id));
  const edges: GraphEdge[] = [];
  const add = (from: string, to: string | undefined, relation: Relation) => {
    if (to && known.has(from) && known.has(to) && from !== to) edges.push({ from, to, relation });
  };
  for (const subnet of inventory.subnets) add(subnet.id, subnet.vpcId, 'in');
  for (const gateway of inventory.internetGateways) add(gateway.id, gateway.vpcId, 'attached-to');
  for (const table of inventory.routeTables) {
    add(table.id, table.vpcId, 'in');
    for (const subnetId of table.subnetIds) add(table.id, subnetId, 'associated-with');
    for (const route of table.routes) if (route.target?.startsWith('igw-')) add(table.id, route.target, 'routes-to');
  }
  for (const group of inventory.securityGroups) add(group.id, group.vpcId, 'in');
  const keyPairByName = new Map(inventory.keyPairs.map((key) => [key.name, key.id]));
  for (const instance of inventory.instances) {
    add(instance.id, instance.subnetId ?? instance.vpcId, 'in');
    for (const groupId of instance.securityGroupIds) add(instance.id, groupId, 'uses');
    if (instance.keyName) add(instance.id, keyPairByName.get(instance.keyName), 'uses');
  }
  for (const volume of inventory.volumes) add(volume.id, volume.attachment?.instanceId, 'attached-to');
  for (const address of inventory.elasticIps) add(address.id, address.instanceId, 'associated-with');
  for (const balancer of inventory.loadBalancers) {
    for (const subnetId of balancer.subnetIds) add(balancer.id, subnetId, 'in');
    for (const groupId of balancer.securityGroupIds) add(balancer.id, groupId, 'uses');
  }
  for (const group of inventory.targetGroups) {
    add(group.id, group.vpcId, 'in');
    for (const target of group.targets) add(group.id, target.id, 'targets');
  }
  for (const listener of inventory.listeners) {
    add(listener.id, listener.loadBalancerArn, 'part-of');
    for (const groupId of listener.targetGroupArns) add(listener.id, groupId, 'forwards-to');
  }
  return edges;
}

/**
 * The dependency graph of the given resources: each root, everything it depends on (transitively), and
 * everything that depends on it (transitively; a listener brings its load balancer, which it is part of).
 * Without roots, the whole inventory. Nodes and edges come in a stable order.
 */
export function graphOf(inventory: Inventory, rootIds?: readonly string[]): ResourceGraph {
  const resources = allResources(inventory).filter((resource) => !(resource.kind === 'instance' && resource.state === 'terminated'));
  const byId = new Map(resources.map((resource) => [resource.id, resource]));
  const edges = dependencyEdges(inventory).filter((edge) => byId.has(edge.from) && byId.has(edge.to));
  const roots = (rootIds ?? []).filter((id) => byId.has(id));
  const selected = rootIds === undefined ? new Set(byId.keys()) : closure(roots, edges);
  const nodes = resources
    .filter((resource) => selected.has(resource.id))
    .map((resource) => nodeOf(resource, inventory, containerOf(resource, inventory).find((id) => selected.has(id))));
  return {
    nodes,
    edges: edges.filter((edge) => selected.has(edge.from) && selected.has(edge.to)),
    roots,
  };
}

/**
 * Roots, what depends on them (following edges backwards), and what they depend on (forwards). A
 * listener found among the dependents brings its load balancer (the whole it is part of), and that load
 * balancer's own dependencies give it context: "api-1 is behind shop-lb, in public-a and public-b".
 */
function closure(roots: readonly string[], edges: readonly GraphEdge[]): Set<string> {
  const out = new Map<string, GraphEdge[]>();
  const into = new Map<string, GraphEdge[]>();
  for (const edge of edges) {
    out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
    into.set(edge.to, [...(into.get(edge.to) ?? []), edge]);
  }
  const wholes: string[] = [];
  const dependents = reach(roots, (id) => [
    ...(into.get(id) ?? []).map((edge) => edge.from),
    ...(out.get(id) ?? []).filter((edge) => edge.relation === 'part-of').map((edge) => {
      wholes.push(edge.to);
      return edge.to;
    }),
  ]);
  const dependencies = reach([...roots, ...wholes], (id) => (out.get(id) ?? []).map((edge) => edge.to));
  return new Set([...dependents, ...dependencies]);
}

/** Everything reachable from the starts (the starts included). */
function reach(starts: readonly string[], next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  while (queue.length > 0) {
    for (const neighbour of next(queue.shift()!)) {
      if (seen.has(neighbour)) continue;
      seen.add(neighbour);
      queue.push(neighbour);
    }
  }
  return seen;
}

function nodeOf(resource: AnyResourceView, inventory: Inventory, parent: string | undefined): GraphNode {
  return { id: resource.id, kind: resource.kind, name: resource.name, label: displayName(resource), details: describeResource(resource, inventory), parent };
}

/** Where a resource sits, nearest first: the first of these present in a graph becomes its parent. */
function containerOf(resource: AnyResourceView, inventory: Inventory): string[] {
  switch (resource.kind) {
    case 'subnet':
    case 'route-table':
    case 'security-group':
    case 'load-balancer':
      return [resource.vpcId];
    case 'internet-gateway':
      return resource.vpcId ? [resource.vpcId] : [];
    case 'instance':
      return [resource.subnetId, resource.vpcId].filter((id): id is string => id !== undefined);
    case 'volume':
      return resource.attachment ? [resource.attachment.instanceId] : [];
    case 'elastic-ip':
      return resource.instanceId ? [resource.instanceId] : [];
    case 'target-group': {
      const forwarding = inventory.listeners.filter((listener) => listener.targetGroupArns.includes(resource.id)).map((listener) => listener.loadBalancerArn);
      return [...resource.loadBalancerArns, ...forwarding, ...(resource.vpcId ? [resource.vpcId] : [])];
    }
    case 'listener':
      return [resource.loadBalancerArn];
    default:
      return [];
  }
}

/** The graph as plain JSON: nodes (id, kind, name, label, details) and edges (from, to, relation). */
export function renderGraphJson(graph: ResourceGraph): string {
  return JSON.stringify({ roots: graph.roots, nodes: graph.nodes, edges: graph.edges }, null, 2);
}
