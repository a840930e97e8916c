import { systemClock, type Clock } from '../core/clock.js';
import type { CloudClients } from './clients.js';
import type { AnyResourceView, Inventory, InventoryWarning, ResourceKind } from './inventory.js';
import { readElasticIps, readInstances, readKeyPairs, readVolumes, type InstanceReadOptions } from './reading/ec2-compute.js';
import { readInternetGateways, readRouteTables, readSecurityGroups, readSubnets, readVpcs } from './reading/ec2-network.js';
import { readListeners, readLoadBalancers, readTargetGroups } from './reading/elbv2.js';
import { createReadContext, type ReadContext } from './reading/read-context.js';
import { classifyReadFailure, cloudReadError, gapWarning, type ReadFailure } from './reading/read-failure.js';

/** What to read and how. */
export interface ReadInventoryOptions extends InstanceReadOptions {
  /**
   * Only these kinds (a question about one instance needs one call, not fifteen); the others stay empty.
   * Listeners bring their load balancers along (AWS lists listeners per load balancer). Default: all.
   */
  readonly kinds?: readonly ResourceKind[];
  /** MaxResults/PageSize per call, clamped to each operation's limits. Default: each operation's maximum. */
  readonly pageSize?: number;
  /** Where `readAt` comes from. */
  readonly clock?: Clock;
}

/** Every kind an inventory holds, in the order `allResources` lists them. */
export const INVENTORY_KINDS: readonly ResourceKind[] = [
  'vpc', 'subnet', 'internet-gateway', 'route-table', 'security-group', 'key-pair',
  'instance', 'volume', 'elastic-ip', 'load-balancer', 'target-group', 'listener',
];

/** One kind's reader: the service and operations it calls, and the read itself. */
interface KindReader {
  readonly service: 'ec2' | 'elbv2';
  readonly operation: string;
  read(context: ReadContext, options: ReadInventoryOptions): Promise<AnyResourceView[]>;
}

const READERS: Readonly<Record<Exclude<ResourceKind, 'listener' | 'image'>, KindReader>> = {
  vpc: { service: 'ec2', operation: 'DescribeVpcs', read: (context) => readVpcs(context) },
  subnet: { service: 'ec2', operation: 'DescribeSubnets', read: (context) => readSubnets(context) },
  'internet-gateway': { service: 'ec2', operation: 'DescribeInternetGateways', read: (context) => readInternetGateways(context) },
  'route-table': { service: 'ec2', operation: 'DescribeRouteTables', read: (context) => readRouteTables(context) },
  'security-group': { service: 'ec2', operation: 'DescribeSecurityGroups', read: (context) => readSecurityGroups(context) },
  'key-pair': { service: 'ec2', operation: 'DescribeKeyPairs', read: (context) => readKeyPairs(context) },
  instance: { service: 'ec2', operation: 'DescribeInstances', read: (context, options) => readInstances(context, options) },
  volume: { service: 'ec2', operation: 'DescribeVolumes', read: (context) => readVolumes(context) },
  'elastic-ip': { service: 'ec2', operation: 'DescribeAddresses', read: (context) => readElasticIps(context) },
  'load-balancer': { service: 'elbv2', operation: 'DescribeLoadBalancers', read: (context) => readLoadBalancers(context) },
  'target-group': { service: 'elbv2', operation: 'DescribeTargetGroups', read: (context) => readTargetGroups(context) },
};

/** A kind that could not be read, before gaps of one cause are merged into one warning. */
interface Gap {
  readonly service: 'ec2' | 'elbv2';
  readonly kinds: ResourceKind[];
  readonly operation: string | undefined;
  readonly failure: ReadFailure;
}

/**
 * Reads a region fresh from its API, every kind in parallel, following pagination, into the typed views
 * plans are built against. A service or operation the endpoint lacks (or the credentials may not call)
 * leaves its kinds empty with a warning; anything else (bad credentials, endpoint down) throws a
 * CloudReadError naming the call.
 */
export async function readInventory(clients: CloudClients, options: ReadInventoryOptions = {}): Promise<Inventory> {
  const wanted = wantedKinds(options.kinds);
  const context = createReadContext(clients, options.pageSize);
  const gaps: Gap[] = [];

  const read = async (kind: Exclude<ResourceKind, 'listener' | 'image'>): Promise<AnyResourceView[]> => {
    if (!wanted.has(kind)) return [];
    const reader = READERS[kind];
    try {
      return await reader.read(context, options);
    } catch (error) {
      const failure = classifyReadFailure(error);
      if (failure.type === 'fatal' || failure.type === 'gone') throw cloudReadError(reader.operation, error);
      gaps.push({ service: reader.service, kinds: [kind], operation: reader.operation, failure });
      return [];
    }
  };

  const loadBalancers = read('load-balancer');
  const listeners = wanted.has('listener') ? readListenersOf(context, loadBalancers, gaps) : Promise.resolve([]);
  const [vpcs, subnets, internetGateways, routeTables, securityGroups, keyPairs, instances, volumes, elasticIps, balancers, targetGroups, listenerViews] =
    await Promise.all([
      read('vpc'), read('subnet'), read('internet-gateway'), read('route-table'), read('security-group'), read('key-pair'),
      read('instance'), read('volume'), read('elastic-ip'), loadBalancers, read('target-group'), listeners,
    ]);

  const warnings = [...mergeGaps(gaps), ...context.warnings()];
  return {
    region: clients.region,
    readAt: new Date((options.clock ?? systemClock).now()).toISOString(),
    vpcs: vpcs as Inventory['vpcs'],
    subnets: subnets as Inventory['subnets'],
    internetGateways: internetGateways as Inventory['internetGateways'],
    routeTables: routeTables as Inventory['routeTables'],
    securityGroups: securityGroups as Inventory['securityGroups'],
    keyPairs: keyPairs as Inventory['keyPairs'],
    instances: instances as Inventory['instances'],
    volumes: volumes as Inventory['volumes'],
    elasticIps: elasticIps as Inventory['elasticIps'],
    loadBalancers: balancers as Inventory['loadBalancers'],
    targetGroups: targetGroups as Inventory['targetGroups'],
    listeners: listenerViews as Inventory['listeners'],
    apiCalls: context.apiCalls(),
    ...(options.kinds ? { kinds: INVENTORY_KINDS.filter((kind) => wanted.has(kind)) } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** The kinds to read: the asked ones plus what they need (listeners need their load balancers). */
function wantedKinds(kinds: readonly ResourceKind[] | undefined): Set<ResourceKind> {
  const wanted = new Set<ResourceKind>(kinds ?? INVENTORY_KINDS);
  if (wanted.has('listener')) wanted.add('load-balancer');
  return wanted;
}

/** Listeners of every load balancer read; none (and no extra warning) when the balancers could not be read. */
async function readListenersOf(context: ReadContext, loadBalancers: Promise<AnyResourceView[]>, gaps: Gap[]): Promise<AnyResourceView[]> {
  const balancers = await loadBalancers;
  const balancerGap = gaps.find((gap) => gap.kinds.includes('load-balancer'));
  if (balancerGap) {
    balancerGap.kinds.push('listener');
    return [];
  }
  try {
    return await readListeners(context, balancers.map((balancer) => balancer.id));
  } catch (error) {
    const failure = classifyReadFailure(error);
    if (failure.type === 'fatal' || failure.type === 'gone') throw cloudReadError('DescribeListeners', error);
    gaps.push({ service: 'elbv2', kinds: ['listener'], operation: 'DescribeListeners', failure });
    return [];
  }
}

/** One warning per cause: "load balancers, target groups and listeners not read: … (NotImplemented)". */
function mergeGaps(gaps: readonly Gap[]): InventoryWarning[] {
  const merged = new Map<string, { service: 'ec2' | 'elbv2'; kinds: ResourceKind[]; operations: string[]; failure: ReadFailure }>();
  for (const gap of gaps) {
    const key = `${gap.service}|${gap.failure.type}|${gap.failure.code}`;
    const entry = merged.get(key) ?? { service: gap.service, kinds: [], operations: [], failure: gap.failure };
    entry.kinds.push(...gap.kinds);
    if (gap.operation) entry.operations.push(gap.operation);
    merged.set(key, entry);
  }
  return [...merged.values()].map((entry) => {
    const kinds = INVENTORY_KINDS.filter((kind) => entry.kinds.includes(kind));
    const operations = entry.operations.sort((left, right) => kindOrder(left) - kindOrder(right));
    return gapWarning(entry.service, kinds, operations, entry.failure);
  });
}

/** Operations in the order of the kinds they read, so merged warnings read the same every time. */
function kindOrder(operation: string): number {
  const readers = Object.values(READERS).map((reader) => reader.operation);
  const index = readers.indexOf(operation);
  return index === -1 ? readers.length : index;
}
