import { containsAddress, overlaps, parseCidr, parseIpv4 } from '../ec2/cidr.js';
import type { InstanceRecord } from '../ec2/records/compute.js';
import type { SecurityGroupRule } from '../ec2/records/network.js';
import type { Ec2Store } from '../ec2/store.js';
import type { LoadBalancerRecord } from './records.js';

function allowsPort(rule: SecurityGroupRule, port: number): boolean {
  if (rule.protocol !== '-1' && rule.protocol !== 'tcp' && rule.protocol !== '6') return false;
  return (rule.fromPort === undefined || rule.fromPort <= port) && (rule.toPort === undefined || port <= rule.toPort);
}

function subnetBlocks(ec2: Ec2Store, balancer: LoadBalancerRecord) {
  return balancer.subnets.map((placed) => ec2.subnets.get(placed.subnetId)?.cidrBlock).map((cidr) => (cidr ? parseCidr(cidr) : undefined))
    .filter((block) => block !== undefined);
}

/** Whether the instance's security groups let the load balancer's nodes in on the port. */
function admitted(ec2: Ec2Store, balancer: LoadBalancerRecord, instance: InstanceRecord, port: number): boolean {
  const nodes = subnetBlocks(ec2, balancer);
  return instance.securityGroupIds.some((id) => (ec2.securityGroups.get(id)?.ingress ?? []).some((rule) => {
    if (!allowsPort(rule, port)) return false;
    if (rule.referencedGroupId !== undefined) return balancer.securityGroups.includes(rule.referencedGroupId);
    if (rule.cidrIpv4 !== undefined) {
      const block = parseCidr(rule.cidrIpv4, { allowHostBits: true });
      return !!block && nodes.some((node) => overlaps(block, node));
    }
    // Prefix lists are not modelled; give the benefit of the doubt rather than fail checks wrongly.
    return rule.prefixListId !== undefined;
  }));
}

/** Whether the load balancer's security groups let health checks out to the instance (no groups: no limit). */
function released(ec2: Ec2Store, balancer: LoadBalancerRecord, instance: InstanceRecord, port: number): boolean {
  if (balancer.securityGroups.length === 0) return true;
  const address = parseIpv4(instance.privateIpAddress);
  return balancer.securityGroups.some((id) => (ec2.securityGroups.get(id)?.egress ?? []).some((rule) => {
    if (!allowsPort(rule, port)) return false;
    if (rule.referencedGroupId !== undefined) return instance.securityGroupIds.includes(rule.referencedGroupId);
    if (rule.cidrIpv4 !== undefined) {
      const block = parseCidr(rule.cidrIpv4, { allowHostBits: true });
      return !!block && address !== undefined && containsAddress(block, address);
    }
    return rule.prefixListId !== undefined;
  }));
}

/**
 * Whether health checks from at least one of the load balancers reach the instance on the port, as
 * security groups decide on AWS: the instance's groups must admit the load balancer (by group or by
 * an address range covering its subnets) and the load balancer's groups must let the check out.
 */
export function healthChecksReach(ec2: Ec2Store, balancers: readonly LoadBalancerRecord[], instance: InstanceRecord, port: number): boolean {
  return balancers.some((balancer) => admitted(ec2, balancer, instance, port) && released(ec2, balancer, instance, port));
}
