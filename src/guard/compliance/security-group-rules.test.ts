import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Inventory } from '../../cloud/inventory.js';
import { SAMPLE_IDS, sampleInventory } from '../../cloud/testing/sample-inventory.js';
import type { ParameterValue } from '../../plan/plan.js';
import { DEFAULT_POLICY_FILE } from '../policy-file/index.js';
import { checkCompliance } from './index.js';
import { planOf, ref, step } from './testing/plans.js';

const ids = SAMPLE_IDS;

/** A plan that opens one permission on web-sg. */
function openOnWebSg(permission: { readonly [key: string]: ParameterValue }) {
  return planOf(step('AuthorizeSecurityGroupIngress', { GroupId: ids.webSg, IpPermissions: [permission] }, { kind: 'security-group', id: ids.webSg, name: 'web-sg' }));
}

/** The findings of a plan on the sample shop, as "rule severity: message". */
function findings(plan: ReturnType<typeof planOf>, inventory: Inventory = sampleInventory()): string[] {
  return checkCompliance(plan, inventory, DEFAULT_POLICY_FILE).map((finding) => `${finding.ruleId} ${finding.severity}: ${finding.message}`);
}

const world = (port: number, cidr = '0.0.0.0/0', protocol = 'tcp', toPort = port) =>
  ({ IpProtocol: protocol, FromPort: port, ToPort: toPort, IpRanges: cidr.includes(':') ? [] : [{ CidrIp: cidr, Description: 'test' }], Ipv6Ranges: cidr.includes(':') ? [{ CidrIpv6: cidr, Description: 'test' }] : [] });

describe('security group rules', () => {
  it('CIRRO-EC2-001: refuses SSH open to the world, by IPv4, IPv6 or a range that includes 22', () => {
    assert.deepEqual(findings(openOnWebSg(world(22))), [`CIRRO-EC2-001 critical: web-sg (${ids.webSg}) allows 0.0.0.0/0 on port 22 (SSH)`]);
    assert.deepEqual(findings(openOnWebSg(world(22, '::/0'))), [`CIRRO-EC2-001 critical: web-sg (${ids.webSg}) allows ::/0 on port 22 (SSH)`]);
    assert.deepEqual(findings(openOnWebSg(world(0, '0.0.0.0/0', 'tcp', 1024))), [`CIRRO-EC2-001 critical: web-sg (${ids.webSg}) allows 0.0.0.0/0 on ports 0-1024, which include 22 (SSH)`]);
  });

  it('CIRRO-EC2-001: allows SSH from a private range, and other ports from the world', () => {
    assert.deepEqual(findings(openOnWebSg(world(22, '10.0.0.0/8'))), []);
    assert.deepEqual(findings(openOnWebSg(world(8443))), []);
  });

  it('CIRRO-EC2-002: refuses RDP open to the world', () => {
    assert.deepEqual(findings(openOnWebSg(world(3389))), [`CIRRO-EC2-002 critical: web-sg (${ids.webSg}) allows 0.0.0.0/0 on port 3389 (RDP)`]);
    assert.deepEqual(findings(openOnWebSg(world(3389, '192.168.0.0/16'))), []);
  });

  it('CIRRO-EC2-003: refuses all traffic or every port open to the world, once rather than per port', () => {
    assert.deepEqual(findings(openOnWebSg({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'everything' }] })), [
      `CIRRO-EC2-003 critical: web-sg (${ids.webSg}) allows all traffic from 0.0.0.0/0`,
    ]);
    assert.deepEqual(findings(openOnWebSg(world(0, '0.0.0.0/0', 'tcp', 65535))), [`CIRRO-EC2-003 critical: web-sg (${ids.webSg}) allows tcp ports 0-65535 from 0.0.0.0/0`]);
    assert.deepEqual(findings(openOnWebSg({ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: ids.lbSg, Description: 'from the load balancer' }] })), []);
  });

  it('blames a new group for what the plan opens in it, naming it as new', () => {
    const plan = planOf(
      step('CreateSecurityGroup', { GroupName: 'admin-sg', Description: 'admins', VpcId: ids.vpc }, { effect: 'create', kind: 'security-group', name: 'admin-sg', outputs: { groupId: 'GroupId' } }),
      step('AuthorizeSecurityGroupIngress', { GroupId: ref('s1', 'groupId'), IpPermissions: [world(22)] }, { kind: 'security-group', name: 'admin-sg' }),
    );
    const [ssh, egress] = checkCompliance(plan, sampleInventory(), DEFAULT_POLICY_FILE);
    assert.deepEqual(ssh, {
      ruleId: 'CIRRO-EC2-001', severity: 'critical', resource: { kind: 'security-group', name: 'admin-sg' },
      message: 'admin-sg (new security group) allows 0.0.0.0/0 on port 22 (SSH)',
      fix: 'allow SSH only from your own address range (for example 203.0.113.0/24), or reach the instances through SSM Session Manager',
    });
    assert.equal(egress?.ruleId, 'CIRRO-EC2-004');
  });

  it('does not blame a plan for an open port it does not touch, nor for one it closes', () => {
    const inventory = sampleInventory();
    const openBastion = {
      ...inventory,
      securityGroups: inventory.securityGroups.map((group) => (group.id === ids.lbSg
        ? { ...group, rules: [...group.rules, { direction: 'ingress' as const, protocol: 'tcp', fromPort: 22, toPort: 22, source: '0.0.0.0/0', description: 'legacy', ruleId: undefined }] }
        : group)),
    };
    assert.deepEqual(findings(openOnWebSg(world(8443)), openBastion), [], 'another group is open; this plan does not touch it');
    const revoke = planOf(step('RevokeSecurityGroupIngress', { GroupId: ids.lbSg, IpPermissions: [world(22)] }, { kind: 'security-group', id: ids.lbSg }));
    assert.deepEqual(findings(revoke, openBastion), []);
    const alsoHttps = planOf(step('AuthorizeSecurityGroupIngress', { GroupId: ids.lbSg, IpPermissions: [world(443)] }, { kind: 'security-group', id: ids.lbSg }));
    assert.deepEqual(findings(alsoHttps, openBastion), [], 'SSH was open before; adding HTTPS does not make it this plan\'s doing');
    const alsoIpv6 = planOf(step('AuthorizeSecurityGroupIngress', { GroupId: ids.lbSg, IpPermissions: [world(22, '::/0')] }, { kind: 'security-group', id: ids.lbSg }));
    assert.deepEqual(findings(alsoIpv6, openBastion), [`CIRRO-EC2-001 critical: lb-sg (${ids.lbSg}) allows 0.0.0.0/0 and ::/0 on port 22 (SSH)`]);
  });

  it('CIRRO-EC2-004: warns of allow-all egress on a new group, and not once it is revoked', () => {
    const create = step('CreateSecurityGroup', { GroupName: 'db-sg', Description: 'databases', VpcId: ids.vpc }, { effect: 'create', kind: 'security-group', name: 'db-sg', outputs: { groupId: 'GroupId' } });
    assert.deepEqual(findings(planOf(create)), ['CIRRO-EC2-004 low: db-sg (new security group) allows all outbound traffic to 0.0.0.0/0']);
    const revoke = step('RevokeSecurityGroupEgress', { GroupId: ref('s1', 'groupId'), IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }, { kind: 'security-group', name: 'db-sg' });
    assert.deepEqual(findings(planOf(create, revoke)), []);
  });

  it('CIRRO-EC2-005: warns of a rule the plan adds without a description', () => {
    const bare = { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/8' }] };
    const [finding] = findings(openOnWebSg(bare));
    assert.match(finding ?? '', new RegExp(`^CIRRO-EC2-005 low: web-sg \\(${ids.webSg}\\) has rules without a description \\(.*ingress tcp port 8080 from 10\\.0\\.0\\.0/8`));
    assert.deepEqual(findings(openOnWebSg({ ...bare, IpRanges: [{ CidrIp: '10.0.0.0/8', Description: 'internal API' }] })), []);
  });
});
