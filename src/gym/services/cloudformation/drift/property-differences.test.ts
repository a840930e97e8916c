import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { propertyDifferences } from './property-differences.js';

const http = { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' };
const ssh = { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' };

describe('drift property differences', () => {
  it('ignores what the template leaves out and compares scalars by text', () => {
    assert.deepEqual(propertyDifferences({ InstanceType: 't3.micro', Port: '80' }, { InstanceType: 't3.micro', Port: 80, EbsOptimized: false }), []);
  });

  it('reports a changed scalar as NOT_EQUAL and a vanished one as REMOVE', () => {
    assert.deepEqual(propertyDifferences({ InstanceType: 't3.micro', KeyName: 'ops' }, { InstanceType: 't3.small' }), [
      { PropertyPath: '/InstanceType', ExpectedValue: 't3.micro', ActualValue: 't3.small', DifferenceType: 'NOT_EQUAL' },
      { PropertyPath: '/KeyName', ExpectedValue: 'ops', ActualValue: 'null', DifferenceType: 'REMOVE' },
    ]);
  });

  it('compares rule lists as sets: a reordered list is in sync, an added rule is an ADD where it sits', () => {
    assert.deepEqual(propertyDifferences({ SecurityGroupIngress: [http, ssh] }, { SecurityGroupIngress: [ssh, http] }), []);
    const opened = { IpProtocol: 'tcp', FromPort: 3306, ToPort: 3306, CidrIp: '0.0.0.0/0' };
    assert.deepEqual(propertyDifferences({ SecurityGroupIngress: [http] }, { SecurityGroupIngress: [opened, { ...http, FromPort: '80' }] }), [
      { PropertyPath: '/SecurityGroupIngress/0', ExpectedValue: 'null', ActualValue: '{"CidrIp":"0.0.0.0/0","FromPort":3306,"IpProtocol":"tcp","ToPort":3306}', DifferenceType: 'ADD' },
    ]);
    assert.deepEqual(propertyDifferences({ SecurityGroupIngress: [http, ssh] }, { SecurityGroupIngress: [http] }), [
      { PropertyPath: '/SecurityGroupIngress/1', ExpectedValue: '{"CidrIp":"0.0.0.0/0","FromPort":22,"IpProtocol":"tcp","ToPort":22}', ActualValue: 'null', DifferenceType: 'REMOVE' },
    ]);
  });

  it('matches list entries by the fields the template sets, so fields the service adds are not drift', () => {
    const expected = { DefaultActions: [{ Type: 'forward', TargetGroupArn: 'arn:tg' }] };
    const completed = { DefaultActions: [{ Type: 'forward', TargetGroupArn: 'arn:tg', ForwardConfig: { TargetGroups: [{ TargetGroupArn: 'arn:tg', Weight: 1 }] } }] };
    assert.deepEqual(propertyDifferences(expected, completed), []);
    const retargeted = { DefaultActions: [{ Type: 'forward', TargetGroupArn: 'arn:other' }] };
    assert.deepEqual(propertyDifferences(expected, retargeted).map((difference) => difference.DifferenceType), ['REMOVE', 'ADD']);
  });

  it('compares tags with the same key field by field', () => {
    const expected = { Tags: [{ Key: 'Name', Value: 'web' }, { Key: 'team', Value: 'shop' }] };
    const actual = { Tags: [{ Key: 'Name', Value: 'web' }, { Key: 'owner', Value: 'bob' }, { Key: 'team', Value: 'ops' }] };
    assert.deepEqual(propertyDifferences(expected, actual), [
      { PropertyPath: '/Tags/1/Value', ExpectedValue: 'shop', ActualValue: 'ops', DifferenceType: 'NOT_EQUAL' },
      { PropertyPath: '/Tags/1', ExpectedValue: 'null', ActualValue: '{"Key":"owner","Value":"bob"}', DifferenceType: 'ADD' },
    ]);
  });
});
