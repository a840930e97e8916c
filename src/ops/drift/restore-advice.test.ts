import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { restoreAdvice } from './restore-advice.js';
import type { DriftFinding } from './types.js';

const base = { severity: 'medium', stack: 'web', reason: 'r' } as const;

describe('restoreAdvice', () => {
  it('asks cirro to resize an instance back to the template\'s type, by its Name when it has one', () => {
    const finding: DriftFinding = { ...base, kind: 'modified', logicalId: 'Web', physicalId: 'i-1', name: 'web-1', resourceType: 'AWS::EC2::Instance', property: '/InstanceType', difference: 'NOT_EQUAL', expected: 't3.micro', actual: 't3.large' };
    assert.equal(restoreAdvice(finding), 'cirro ask "resize web-1 to t3.micro" (it stops and starts the instance)');
  });
  it('gives the exact revoke for a rule opened by hand and the authorize for one removed', () => {
    const rule = '{"CidrIp":"10.0.0.0/8","FromPort":0,"IpProtocol":"tcp","ToPort":65535}';
    const opened: DriftFinding = { ...base, kind: 'modified', logicalId: 'G', physicalId: 'sg-1', resourceType: 'AWS::EC2::SecurityGroup', property: '/SecurityGroupIngress/2', difference: 'ADD', expected: 'null', actual: rule };
    assert.equal(restoreAdvice(opened), `aws ec2 revoke-security-group-ingress --group-id sg-1 --ip-permissions '{"IpProtocol":"tcp","FromPort":0,"ToPort":65535,"IpRanges":[{"CidrIp":"10.0.0.0/8"}]}'`);
    const removed: DriftFinding = { ...opened, difference: 'REMOVE', expected: rule, actual: 'null' };
    assert.match(restoreAdvice(removed), /^aws ec2 authorize-security-group-ingress --group-id sg-1 /);
  });
  it('says that a lost resource needs two updates, since re-deploying the same template changes nothing', () => {
    const deleted: DriftFinding = { ...base, kind: 'deleted', logicalId: 'Spare', physicalId: 'sg-2', resourceType: 'AWS::EC2::SecurityGroup' };
    assert.match(restoreAdvice(deleted), /^re-deploying the same template does not recreate it .*update the stack with Spare removed, then again with the original template/);
  });
  it('offers the API call or a toggling pair of updates for any other property', () => {
    const other: DriftFinding = { ...base, kind: 'modified', logicalId: 'V', physicalId: 'vol-1', resourceType: 'AWS::EC2::Volume', property: '/Size', difference: 'NOT_EQUAL', expected: '10', actual: '20' };
    assert.match(restoreAdvice(other), /^set \/Size of vol-1 back to 10 with the service's own API call, or update the stack twice/);
  });
});
