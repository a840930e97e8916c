import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allowsIngress, mentions } from './probes.js';

describe('mentions', () => {
  it('finds whole numbers and addresses, not parts of longer ones', () => {
    assert.ok(mentions('4 instances (3 running, 1 stopped)', '4'));
    assert.ok(!mentions('40 instances', '4'));
    assert.ok(!mentions('web-14 is running', '4'));
    assert.ok(mentions('web-1: public 54.10.1.2.', '54.10.1.2'));
    assert.ok(!mentions('public 54.10.1.23', '54.10.1.2'));
    assert.ok(!mentions('private 154.10.1.2', '54.10.1.2'));
  });

  it('finds names without matching longer names', () => {
    assert.ok(mentions('web-1 (i-0abc) shares vpc-1 with:\n  web-2', 'web-2'));
    assert.ok(!mentions('web-12 is stopped', 'web-1'));
    assert.ok(mentions('web-1 is stopped', 'stopped'));
  });
});

describe('allowsIngress', () => {
  const group = (permissions: object[]) => ({ IpPermissions: permissions }) as never;

  it('matches a port inside a TCP range from the CIDR, and all-traffic rules', () => {
    assert.ok(allowsIngress(group([{ IpProtocol: 'tcp', FromPort: 80, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]), 443));
    assert.ok(allowsIngress(group([{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]), 22));
  });

  it('does not match another port, protocol or source', () => {
    assert.ok(!allowsIngress(group([{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]), 443));
    assert.ok(!allowsIngress(group([{ IpProtocol: 'udp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]), 443));
    assert.ok(!allowsIngress(group([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }]), 22));
  });
});
