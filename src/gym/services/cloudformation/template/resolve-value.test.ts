import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveValue } from './resolve-value.js';
import { testContext } from './test-context.js';

function resolved(value: unknown, context = testContext()): unknown {
  const result = resolveValue(value, context);
  if (!result.success) assert.fail(result.error.message);
  return result.value;
}

function failure(value: unknown): string {
  const result = resolveValue(value, testContext());
  assert.equal(result.success, false, 'evaluation should fail');
  return result.success ? '' : result.error.message;
}

describe('resolveValue: Ref and pseudo parameters', () => {
  it('gives pseudo parameters their stack values, partition and URL suffix from the region', () => {
    assert.deepEqual(
      resolved(['AWS::Region', 'AWS::AccountId', 'AWS::StackName', 'AWS::StackId', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::NotificationARNs'].map((name) => ({ Ref: name }))),
      ['us-east-1', '123456789012', 'web', 'arn:aws:cloudformation:us-east-1:123456789012:stack/web/1', 'aws', 'amazonaws.com', []],
    );
    const china = testContext({ pseudo: { region: 'cn-north-1', accountId: '1', stackName: 's', stackId: 'x' } });
    assert.deepEqual(resolved([{ Ref: 'AWS::Partition' }, { Ref: 'AWS::URLSuffix' }], china), ['aws-cn', 'amazonaws.com.cn']);
  });

  it('refers to parameters (lists stay lists) and to resources through the context', () => {
    assert.deepEqual(resolved({ A: { Ref: 'EnvType' }, B: { Ref: 'Cidrs' }, C: { Ref: 'Vpc' } }), { A: 'prod', B: ['10.0.0.0/8', '192.168.0.0/16'], C: 'vpc-0123' });
  });

  it('removes a property or list item that is AWS::NoValue', () => {
    const value = { KeyName: { 'Fn::If': ['IsTest', 'key', { Ref: 'AWS::NoValue' }] }, Groups: ['a', { Ref: 'AWS::NoValue' }, 'b'], Kept: 1 };
    assert.deepEqual(resolved(value), { Groups: ['a', 'b'], Kept: 1 });
  });
});

describe('resolveValue: functions', () => {
  it('evaluates Fn::GetAtt in both forms, passing the context\'s errors on', () => {
    assert.equal(resolved({ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }), '10.0.0.0/16');
    assert.equal(resolved({ 'Fn::GetAtt': 'Web.PrivateIp' }), '10.0.1.5');
    assert.match(failure({ 'Fn::GetAtt': ['Vpc', 'Nope'] }), /does not support attribute type Nope/);
  });

  it('substitutes Fn::Sub variables: parameters, resources, attributes, pseudo parameters, its own map and escapes', () => {
    assert.equal(
      resolved({ 'Fn::Sub': 'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc/${Vpc} ${Web.PrivateIp} ${EnvType} ${!Literal}' }),
      'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123 10.0.1.5 prod ${Literal}',
    );
    assert.equal(resolved({ 'Fn::Sub': ['${Name}.${Domain}', { Name: { Ref: 'EnvType' }, Domain: 'example.com' }] }), 'prod.example.com');
    assert.match(failure({ 'Fn::Sub': '${Cidrs}' }), /variable Cidrs in Fn::Sub expression does not resolve to a string/);
  });

  it('joins, selects and splits', () => {
    assert.equal(resolved({ 'Fn::Join': ['-', ['a', { Ref: 'EnvType' }, 3]] }), 'a-prod-3');
    assert.equal(resolved({ 'Fn::Join': [',', { Ref: 'Cidrs' }] }), '10.0.0.0/8,192.168.0.0/16');
    assert.equal(resolved({ 'Fn::Select': ['1', { 'Fn::Split': [',', 'x,y,z'] }] }), 'y');
    assert.equal(failure({ 'Fn::Select': [5, ['a']] }), 'Template error: Fn::Select cannot select nonexistent value at index 5');
    assert.match(failure({ 'Fn::Join': ['-'] }), /^Template error: every Fn::Join object requires two parameters/);
  });

  it('lists the availability zones of the stack\'s region or a named one', () => {
    assert.deepEqual(resolved({ 'Fn::GetAZs': '' }), ['us-east-1a', 'us-east-1b', 'us-east-1c']);
    assert.equal(resolved({ 'Fn::Select': [0, { 'Fn::GetAZs': { Ref: 'AWS::Region' } }] }), 'us-east-1a');
    assert.deepEqual(resolved({ 'Fn::GetAZs': 'eu-west-1' }), ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });

  it('finds values in mappings and names the missing path', () => {
    assert.equal(resolved({ 'Fn::FindInMap': ['RegionMap', { Ref: 'AWS::Region' }, 'AMI'] }), 'ami-0aaa');
    assert.equal(failure({ 'Fn::FindInMap': ['RegionMap', 'eu-west-9', 'AMI'] }), 'Template error: Unable to get mapping for RegionMap::eu-west-9::AMI');
  });

  it('picks Fn::If branches and evaluates condition functions, comparing text', () => {
    assert.equal(resolved({ 'Fn::If': ['IsProd', 'm5.large', 't3.micro'] }), 'm5.large');
    assert.equal(resolved({ 'Fn::Equals': [{ Ref: 'Count' }, 2] }), true);
    assert.equal(resolved({ 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Not': [{ Condition: 'IsTest' }] }] }), true);
    assert.equal(resolved({ 'Fn::Or': [{ Condition: 'IsTest' }, { 'Fn::Equals': ['a', 'b'] }] }), false);
    assert.equal(failure({ 'Fn::If': ['Nope', 1, 2] }), 'Template error: unresolved condition dependency Nope in Fn::If');
  });

  it('encodes Base64, imports exports, and carves CIDR blocks', () => {
    assert.equal(resolved({ 'Fn::Base64': { 'Fn::Sub': '#!/bin/sh\necho ${EnvType}' } }), Buffer.from('#!/bin/sh\necho prod').toString('base64'));
    assert.equal(resolved({ 'Fn::ImportValue': 'shared-vpc' }), 'vpc-shared');
    assert.match(failure({ 'Fn::ImportValue': 'missing' }), /No export named missing found/);
    assert.deepEqual(resolved({ 'Fn::Cidr': ['192.168.0.0/24', 6, 5] }), [
      '192.168.0.0/27', '192.168.0.32/27', '192.168.0.64/27', '192.168.0.96/27', '192.168.0.128/27', '192.168.0.160/27',
    ]);
    assert.equal(resolved({ 'Fn::Select': [1, { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, '4', '8'] }] }), '10.0.1.0/24');
    assert.match(failure({ 'Fn::Cidr': ['10.0.0.0/24', 4, 7] }), /holds only 2 blocks of \/25/);
  });

  it('rejects functions CloudFormation does not define', () => {
    assert.equal(failure({ 'Fn::Nope': 1 }), 'Template format error: Encountered unsupported function: Fn::Nope');
  });
});
