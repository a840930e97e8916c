import type { CloudClients } from './clients.js';
import type { AnyResourceView, ResourceKind } from './inventory.js';
import { readElasticIps, readInstances, readKeyPairs, readVolumes, type InstanceReadOptions } from './reading/ec2-compute.js';
import { readInternetGateways, readRouteTables, readSecurityGroups, readSubnets, readVpcs } from './reading/ec2-network.js';
import { readListeners, readLoadBalancers, readTargetGroups } from './reading/elbv2.js';
import { createReadContext, type ReadContext } from './reading/read-context.js';
import { classifyReadFailure, cloudReadError } from './reading/read-failure.js';

/** One resource read by id, and what it cost. */
export interface ResourceRead {
  /** The view, or undefined when the cloud has no such resource (AWS answered `*.NotFound`). */
  readonly resource: AnyResourceView | undefined;
  readonly apiCalls: number;
}

type NarrowReader = (context: ReadContext, ids: readonly string[], options: InstanceReadOptions) => Promise<AnyResourceView[]>;

const NARROW_READERS: Readonly<Record<Exclude<ResourceKind, 'image'>, { operation: string; read: NarrowReader }>> = {
  vpc: { operation: 'DescribeVpcs', read: (context, ids) => readVpcs(context, ids) },
  subnet: { operation: 'DescribeSubnets', read: (context, ids) => readSubnets(context, ids) },
  'internet-gateway': { operation: 'DescribeInternetGateways', read: (context, ids) => readInternetGateways(context, ids) },
  'route-table': { operation: 'DescribeRouteTables', read: (context, ids) => readRouteTables(context, ids) },
  'security-group': { operation: 'DescribeSecurityGroups', read: (context, ids) => readSecurityGroups(context, ids) },
  'key-pair': { operation: 'DescribeKeyPairs', read: (context, ids) => readKeyPairs(context, ids) },
  instance: { operation: 'DescribeInstances', read: (context, ids, options) => readInstances(context, { includeTerminated: true, ...options }, ids) },
  volume: { operation: 'DescribeVolumes', read: (context, ids) => readVolumes(context, ids) },
  'elastic-ip': { operation: 'DescribeAddresses', read: (context, ids) => readElasticIps(context, ids) },
  'load-balancer': { operation: 'DescribeLoadBalancers', read: (context, ids) => readLoadBalancers(context, ids) },
  'target-group': { operation: 'DescribeTargetGroups', read: (context, ids) => readTargetGroups(context, ids) },
  listener: { operation: 'DescribeListeners', read: (context, ids) => readListeners(context, [], ids) },
};

/**
 * Reads one resource by id (an ARN for load balancers, target groups and listeners; a key pair id or
 * name; an allocation id or public IP): the cheap fresh read for verifying a step or answering a
 * question about one thing. Instances are found even once terminated, so a verification can see it.
 */
export async function readResource(clients: CloudClients, kind: ResourceKind, id: string, options: InstanceReadOptions = {}): Promise<ResourceRead> {
  if (kind === 'image') throw new Error('readResource does not read images; the inventory holds no image views');
  const reader = NARROW_READERS[kind];
  const context = createReadContext(clients, undefined);
  try {
    const found = await reader.read(context, [id], options);
    return { resource: found.find((view) => view.id === id || view.name === id) ?? found[0], apiCalls: context.apiCalls() };
  } catch (error) {
    if (classifyReadFailure(error).type === 'gone') return { resource: undefined, apiCalls: context.apiCalls() };
    throw cloudReadError(reader.operation, error);
  }
}
