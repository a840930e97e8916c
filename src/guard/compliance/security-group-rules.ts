import type { SecurityGroupView, SecurityRuleView } from '../../cloud/inventory.js';
import { defineRule, type AnyComplianceRule } from './rule.js';

/** Sources that mean "anyone on the internet". */
const WORLD = new Set(['0.0.0.0/0', '::/0']);

/** True when a rule's source is the whole internet. */
function fromAnywhere(rule: SecurityRuleView): boolean {
  return WORLD.has(rule.source);
}

/** True for TCP or UDP, however the protocol is written. */
function isTcpOrUdp(protocol: string): boolean {
  return ['tcp', 'udp', '6', '17'].includes(protocol.toLowerCase());
}

/** True when a rule lets every port through: protocol -1, or TCP/UDP over the whole port range. */
function allowsAllPorts(rule: SecurityRuleView): boolean {
  if (rule.protocol === '-1') return true;
  if (!isTcpOrUdp(rule.protocol)) return false;
  return rule.fromPort === undefined || rule.toPort === undefined || (rule.fromPort <= 1 && rule.toPort >= 65535);
}

/** True when a TCP/UDP rule's range includes the port (all-ports rules are left to the all-ports check). */
function opensPort(rule: SecurityRuleView, port: number): boolean {
  return isTcpOrUdp(rule.protocol) && !allowsAllPorts(rule) && (rule.fromPort ?? 0) <= port && port <= (rule.toPort ?? 65535);
}

/** A rule's traffic in words: "tcp port 22", "tcp ports 0-1024", "all traffic". */
function trafficOf(rule: SecurityRuleView): string {
  if (rule.protocol === '-1') return 'all traffic';
  if (rule.fromPort === undefined || rule.toPort === undefined) return `all ${rule.protocol} ports`;
  return rule.fromPort === rule.toPort ? `${rule.protocol} port ${rule.fromPort}` : `${rule.protocol} ports ${rule.fromPort}-${rule.toPort}`;
}

/** "a, b and c". */
function inWords(items: readonly string[]): string {
  const unique = [...new Set(items)];
  return unique.length <= 1 ? unique[0] ?? '' : `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}

/** The problem with a group that opens one administration port to the internet, or undefined. */
function openAdminPort(group: SecurityGroupView, port: number, service: string): string | undefined {
  const open = group.rules.filter((rule) => rule.direction === 'ingress' && fromAnywhere(rule) && opensPort(rule, port));
  if (open.length === 0) return undefined;
  const sources = inWords(open.map((rule) => rule.source).sort());
  const ranges = open.filter((rule) => rule.fromPort !== rule.toPort).map((rule) => `${rule.fromPort}-${rule.toPort}`);
  return ranges.length === 0
    ? `allows ${sources} on port ${port} (${service})`
    : `allows ${sources} on ports ${inWords(ranges)}, which include ${port} (${service})`;
}

/** True for the allow-all IPv4 egress rule AWS puts in every new group (reported by the egress rule, not as undescribed). */
function isDefaultEgress(rule: SecurityRuleView): boolean {
  return rule.direction === 'egress' && rule.protocol === '-1' && rule.source === '0.0.0.0/0';
}

/** The built-in security group rules. */
export const SECURITY_GROUP_RULES: readonly AnyComplianceRule[] = [
  defineRule({
    id: 'CIRRO-EC2-001',
    severity: 'critical',
    kind: 'security-group',
    title: 'No security group allows SSH (port 22) from 0.0.0.0/0 or ::/0',
    equivalents: ['CKV_AWS_24', 'AVD-AWS-0107'],
    check: (group) => openAdminPort(group, 22, 'SSH'),
    fix: 'allow SSH only from your own address range (for example 203.0.113.0/24), or reach the instances through SSM Session Manager',
  }),
  defineRule({
    id: 'CIRRO-EC2-002',
    severity: 'critical',
    kind: 'security-group',
    title: 'No security group allows RDP (port 3389) from 0.0.0.0/0 or ::/0',
    equivalents: ['CKV_AWS_25', 'AVD-AWS-0107'],
    check: (group) => openAdminPort(group, 3389, 'RDP'),
    fix: 'allow RDP only from your own address range, or reach the instances through SSM Session Manager or Fleet Manager',
  }),
  defineRule({
    id: 'CIRRO-EC2-003',
    severity: 'critical',
    kind: 'security-group',
    title: 'No security group allows all ports or all protocols from 0.0.0.0/0 or ::/0',
    equivalents: ['CKV_AWS_277', 'AVD-AWS-0107'],
    check: (group) => {
      const open = group.rules.filter((rule) => rule.direction === 'ingress' && fromAnywhere(rule) && allowsAllPorts(rule));
      return open.length === 0 ? undefined : `allows ${inWords(open.map(trafficOf))} from ${inWords(open.map((rule) => rule.source).sort())}`;
    },
    fix: 'allow only the ports the service needs (for example tcp 443), from the address ranges that need them',
  }),
  defineRule({
    id: 'CIRRO-EC2-004',
    severity: 'low',
    kind: 'security-group',
    title: 'No security group allows all outbound traffic to 0.0.0.0/0 or ::/0',
    equivalents: ['CKV_AWS_382', 'AVD-AWS-0104'],
    check: (group) => {
      const open = group.rules.filter((rule) => rule.direction === 'egress' && fromAnywhere(rule) && rule.protocol === '-1');
      return open.length === 0 ? undefined : `allows all outbound traffic to ${inWords(open.map((rule) => rule.source).sort())}`;
    },
    fix: 'allow outbound only what the workload needs (for example tcp 443 to the services it calls), then revoke the allow-all egress rule',
  }),
  defineRule({
    id: 'CIRRO-EC2-005',
    severity: 'low',
    kind: 'security-group',
    title: 'Every security group rule has a description',
    equivalents: ['CKV_AWS_23', 'AVD-AWS-0124'],
    check: (group) => {
      const bare = group.rules.filter((rule) => !rule.description?.trim() && !isDefaultEgress(rule));
      if (bare.length === 0) return undefined;
      const listed = bare.map((rule) => `${rule.direction} ${trafficOf(rule)} ${rule.direction === 'ingress' ? 'from' : 'to'} ${rule.source}`);
      return `has ${bare.length === 1 ? 'a rule' : 'rules'} without a description (${listed.join('; ')})`;
    },
    fix: 'give each rule a Description saying why it exists (IpRanges: [{ CidrIp, Description }]), so a later reviewer can tell whether it is still needed',
  }),
];
