import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rankDifference, type RankedDifference } from './severity.js';

function rank(item: Partial<RankedDifference> & Pick<RankedDifference, 'resourceType' | 'path'>): [string, string] {
  const ranked = rankDifference({ difference: 'NOT_EQUAL', expected: 'null', actual: 'null', expectedProperties: {}, actualProperties: {}, ...item });
  return [ranked.severity, ranked.reason];
}

describe('rankDifference', () => {
  it('calls every port or RDP open to the world critical, and a closed or outbound rule medium', () => {
    assert.deepEqual(rank({ resourceType: 'AWS::EC2::SecurityGroup', path: '/SecurityGroupIngress/3', difference: 'ADD', actual: '{"CidrIp":"0.0.0.0/0","IpProtocol":"-1"}' }),
      ['critical', 'every port opened to the internet (0.0.0.0/0)']);
    assert.deepEqual(rank({ resourceType: 'AWS::EC2::SecurityGroup', path: '/SecurityGroupIngress/1', difference: 'ADD', actual: '{"CidrIpv6":"::/0","FromPort":3380,"IpProtocol":"tcp","ToPort":3400}' }),
      ['critical', 'ports 3380-3400 (RDP) opened to the internet (::/0)']);
    assert.deepEqual(rank({ resourceType: 'AWS::EC2::SecurityGroup', path: '/SecurityGroupIngress/0', difference: 'REMOVE', expected: '{"CidrIp":"0.0.0.0/0","FromPort":443,"IpProtocol":"tcp","ToPort":443}' }),
      ['medium', 'inbound rule removed: port 443 from 0.0.0.0/0 is no longer allowed, though the code allows it']);
    assert.deepEqual(rank({ resourceType: 'AWS::EC2::SecurityGroup', path: '/SecurityGroupEgress/1', difference: 'ADD', actual: '{"CidrIp":"0.0.0.0/0","FromPort":25,"IpProtocol":"tcp","ToPort":25}' }),
      ['medium', 'outbound rule added: port 25 to 0.0.0.0/0']);
  });

  it('judges a standalone ingress resource by the rule it now is', () => {
    assert.deepEqual(rank({ resourceType: 'AWS::EC2::SecurityGroupIngress', path: '/CidrIp', expected: '10.0.0.0/8', actual: '0.0.0.0/0', actualProperties: { CidrIp: '0.0.0.0/0', FromPort: 22, ToPort: 22, IpProtocol: 'tcp' } }),
      ['critical', 'port 22 (SSH) opened to the internet (0.0.0.0/0)']);
  });

  it('calls disabled encryption and IMDSv1 high, a volume resize medium, an unknown property medium', () => {
    assert.deepEqual(rank({ resourceType: 'AWS::EC2::Volume', path: '/Encrypted', expected: 'true', actual: 'false' }), ['high', 'encryption disabled (Encrypted true → false)']);
    assert.equal(rank({ resourceType: 'AWS::EC2::Instance', path: '/MetadataOptions/HttpTokens', expected: 'required', actual: 'optional' })[0], 'high');
    assert.deepEqual(rank({ resourceType: 'AWS::EC2::Volume', path: '/Size', expected: '8', actual: '20' }), ['medium', 'resized: Size 8 → 20']);
    assert.deepEqual(rank({ resourceType: 'AWS::EC2::Subnet', path: '/MapPublicIpOnLaunch', expected: 'false', actual: 'true' }), ['medium', 'MapPublicIpOnLaunch changed outside the code']);
  });

  it('names the tag that changed, whether it was renamed or added', () => {
    assert.deepEqual(rank({ resourceType: 'AWS::EC2::VPC', path: '/Tags/1', difference: 'ADD', actual: '{"Key":"owner","Value":"bob"}' }), ['low', 'tag owner changed outside the code']);
  });
});
