import type {
  AvailabilityZone, CreateLoadBalancerInput, CreateLoadBalancerOutput, DeleteLoadBalancerInput, DeleteLoadBalancerOutput,
  DescribeLoadBalancersInput, DescribeLoadBalancersOutput, LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { handler, type ServiceContext, type TimerHandler } from '../../../service.js';
import { checkArn, loadBalancerArn } from '../arns.js';
import { defaultAttributes } from '../attributes.js';
import { canonicalHostedZoneId, loadBalancerDnsName } from '../dns.js';
import { elbv2Errors } from '../errors.js';
import { ec2Store, elbv2Store } from '../lookups.js';
import { pageByMarker } from '../paging.js';
import { checkIpAddressType, resolvePlacement, resolveSecurityGroups } from '../placement.js';
import type { LoadBalancerRecord, LoadBalancerSubnet, LoadBalancerType } from '../records.js';
import { validTags } from '../tags.js';
import { removeListener } from '../usage.js';
import { checkEnum, checkName } from '../validation.js';
import { LOAD_BALANCER_ATTRIBUTES } from './load-balancer-attributes.js';

/** The timer that takes a load balancer from provisioning to active. */
export const LOAD_BALANCER_ACTIVE = 'elbv2.load-balancer-active';

/** Simulated provisioning time: AWS takes about two to three minutes. */
const PROVISIONING_MS = { minimum: 120_000, spread: 60_000 };

/** A subnet as AvailabilityZones lists it. */
export function apiAvailabilityZone(subnet: LoadBalancerSubnet): AvailabilityZone {
  const addresses = subnet.allocationId
    ? [{ IpAddress: subnet.ipAddress, AllocationId: subnet.allocationId }]
    : subnet.privateIpv4Address
      ? [{ PrivateIPv4Address: subnet.privateIpv4Address }]
      : [];
  return { ZoneName: subnet.zoneName, SubnetId: subnet.subnetId, LoadBalancerAddresses: addresses };
}

/** A load balancer as DescribeLoadBalancers returns it. */
export function apiLoadBalancer(balancer: LoadBalancerRecord): LoadBalancer {
  const hasGroups = balancer.securityGroups.length > 0;
  return {
    LoadBalancerArn: balancer.id,
    DNSName: balancer.dnsName,
    CanonicalHostedZoneId: balancer.canonicalHostedZoneId,
    CreatedTime: new Date(balancer.createdAt),
    LoadBalancerName: balancer.name,
    Scheme: balancer.scheme,
    VpcId: balancer.vpcId,
    State: { Code: balancer.state },
    Type: balancer.type,
    AvailabilityZones: balancer.subnets.map(apiAvailabilityZone),
    SecurityGroups: balancer.type === 'application' || hasGroups ? balancer.securityGroups : undefined,
    IpAddressType: balancer.ipAddressType as LoadBalancer['IpAddressType'],
    EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic: balancer.type === 'network' && hasGroups ? 'on' : undefined,
  };
}

function sameSettings(existing: LoadBalancerRecord, wanted: Omit<LoadBalancerRecord, 'id' | 'dnsName' | 'canonicalHostedZoneId' | 'state' | 'activatedAt' | 'createdAt' | 'attributes' | 'tags'>): boolean {
  const subnets = (balancer: { subnets: LoadBalancerSubnet[] }) => balancer.subnets.map((subnet) => JSON.stringify(subnet)).sort().join();
  return (
    existing.type === wanted.type &&
    existing.scheme === wanted.scheme &&
    existing.vpcId === wanted.vpcId &&
    existing.ipAddressType === wanted.ipAddressType &&
    subnets(existing) === subnets(wanted) &&
    [...existing.securityGroups].sort().join() === [...wanted.securityGroups].sort().join()
  );
}

function createLoadBalancer(context: ServiceContext, input: CreateLoadBalancerInput): LoadBalancerRecord {
  const store = elbv2Store(context);
  const ec2 = ec2Store(context);
  const name = checkName('Load balancer', input.Name!);
  const type = checkEnum<LoadBalancerType>('type', input.Type ?? 'application', ['application', 'network', 'gateway']);
  if (type === 'gateway' && input.Scheme !== undefined) throw elbv2Errors.validation("A scheme cannot be specified for load balancers of type 'gateway'");
  const scheme = type === 'gateway' ? 'internal' : checkEnum('scheme', input.Scheme ?? 'internet-facing', ['internet-facing', 'internal'] as const);
  const placement = resolvePlacement(ec2, { type, scheme, subnets: input.Subnets, subnetMappings: input.SubnetMappings });
  const securityGroups = resolveSecurityGroups(ec2, type, placement.vpcId, input.SecurityGroups);
  const ipAddressType = input.IpAddressType ?? 'ipv4';
  checkIpAddressType({ type, scheme }, placement.subnets, ipAddressType);
  const tags = validTags(input.Tags);
  const settings = { name, type, scheme, vpcId: placement.vpcId, subnets: placement.subnets, securityGroups, ipAddressType };
  for (const existing of store.loadBalancers.find('name', name)) {
    // CreateLoadBalancer is idempotent: the same request again returns the load balancer it made.
    if (sameSettings(existing, settings)) return existing;
    throw elbv2Errors.duplicateLoadBalancerName(name);
  }
  const balancer = store.loadBalancers.put({
    id: loadBalancerArn(context, type, name),
    ...settings,
    dnsName: loadBalancerDnsName(context, { name, type, scheme }),
    canonicalHostedZoneId: canonicalHostedZoneId(context.region, type),
    state: 'provisioning',
    activatedAt: undefined,
    createdAt: context.now,
    attributes: defaultAttributes(LOAD_BALANCER_ATTRIBUTES, { type, scheme }),
    tags,
  });
  context.schedule(PROVISIONING_MS.minimum + context.random.integer(PROVISIONING_MS.spread), LOAD_BALANCER_ACTIVE, balancer.id);
  return balancer;
}

function describeLoadBalancers(context: ServiceContext, input: DescribeLoadBalancersInput): LoadBalancerRecord[] {
  const store = elbv2Store(context);
  const names = input.Names ?? [];
  const arns = input.LoadBalancerArns ?? [];
  if (names.length > 0 && arns.length > 0) {
    throw elbv2Errors.validation('Load balancer names and load balancer ARNs cannot be specified at the same time');
  }
  if (arns.length > 20) throw elbv2Errors.tooLong('loadBalancerArns', 20);
  if (names.length > 0) {
    const missing = names.filter((name) => store.loadBalancers.lookup('name', name).size === 0);
    if (missing.length > 0) throw elbv2Errors.loadBalancersNotFound(missing);
    return [...new Set(names)].flatMap((name) => store.loadBalancers.find('name', name));
  }
  if (arns.length > 0) {
    for (const arn of arns) checkArn(arn, 'load balancer');
    const missing = arns.filter((arn) => !store.loadBalancers.has(arn));
    if (missing.length > 0) throw elbv2Errors.loadBalancersNotFound(missing);
    return [...new Set(arns)].map((arn) => store.loadBalancers.get(arn)!);
  }
  return [...store.loadBalancers.values()];
}

/** CreateLoadBalancer, DescribeLoadBalancers and DeleteLoadBalancer. */
export const loadBalancerOperations = {
  CreateLoadBalancer: handler<CreateLoadBalancerInput, CreateLoadBalancerOutput>((context, input) => ({
    LoadBalancers: [apiLoadBalancer(createLoadBalancer(context, input))],
  })),

  DescribeLoadBalancers: handler<DescribeLoadBalancersInput, DescribeLoadBalancersOutput>((context, input) => {
    const page = pageByMarker(describeLoadBalancers(context, input), input.PageSize, input.Marker);
    return { LoadBalancers: page.items.map(apiLoadBalancer), NextMarker: page.nextMarker };
  }),

  DeleteLoadBalancer: handler<DeleteLoadBalancerInput, DeleteLoadBalancerOutput>((context, input) => {
    const store = elbv2Store(context);
    const arn = checkArn(input.LoadBalancerArn!, 'load balancer');
    const balancer = store.loadBalancers.get(arn);
    if (!balancer) return {}; // AWS: deleting a load balancer that is already gone succeeds.
    if (balancer.attributes['deletion_protection.enabled'] === 'true') {
      throw elbv2Errors.operationNotPermitted(
        `Load balancer '${arn}' cannot be deleted because deletion protection is enabled; set deletion_protection.enabled to false first`,
      );
    }
    for (const listener of store.listeners.find('load-balancer', arn)) removeListener(store, listener.id, context.now);
    // The provisioning timer stays: it finds no load balancer and does nothing (cancelling scans every timer).
    store.loadBalancers.delete(arn);
    return {};
  }),
};

/** Provisioning ends: the load balancer becomes active (health checks of its targets can start). */
export const activateLoadBalancer: TimerHandler = (context, timer) => {
  const store = elbv2Store(context);
  const balancer = store.loadBalancers.get(timer.target);
  if (!balancer || balancer.state !== 'provisioning') return;
  store.loadBalancers.update(balancer.id, (draft) => {
    draft.state = 'active';
    draft.activatedAt = context.now;
  });
};
