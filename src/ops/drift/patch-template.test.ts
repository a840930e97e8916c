import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { patchTemplate } from './patch-template.js';
import { readTemplate } from './read-template.js';
import type { DriftFinding } from './types.js';
import { unifiedDiff } from './unified-diff.js';

const template = readTemplate([
  'Resources:',
  '  App: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: app, VpcId: !Ref Vpc } }',
  '  Web:',
  '    Type: AWS::EC2::Instance',
  '    Properties: { InstanceType: t3.micro, SecurityGroupIds: [!GetAtt App.GroupId], SubnetId: !Ref Subnet }',
  '  Spare: { Type: AWS::EC2::SecurityGroup, Properties: { GroupDescription: spare } }',
  'Outputs:',
  '  SpareId: { Value: !Ref Spare }',
].join('\n'));
const references = { resources: new Map([['App', 'sg-app'], ['Web', 'i-1'], ['Subnet', 'subnet-1'], ['Spare', 'sg-spare']]), parameters: new Map<string, string>() };
const finding = (logicalId: string, property: string, difference: 'ADD' | 'REMOVE' | 'NOT_EQUAL', expected: string, actual: string): DriftFinding => ({
  severity: 'medium', kind: 'modified', stack: 'web', logicalId, physicalId: references.resources.get(logicalId)!, resourceType: 'AWS::EC2::Instance', property, difference, expected, actual, reason: 'r',
});

describe('patchTemplate', () => {
  it('sets a changed property to what the cloud has, writing another resource\'s id as its Ref', () => {
    const { template: patched } = patchTemplate(template, [finding('Web', '/InstanceType', 'NOT_EQUAL', 't3.micro', 't3.large'), finding('Web', '/SubnetId', 'NOT_EQUAL', 'subnet-1', 'sg-app')], references);
    assert.deepEqual((patched['Resources'] as any).Web.Properties, { InstanceType: 't3.large', SecurityGroupIds: [{ 'Fn::GetAtt': ['App', 'GroupId'] }], SubnetId: { Ref: 'App' } });
    assert.equal((template['Resources'] as any).Web.Properties.InstanceType, 't3.micro', 'the original is not touched');
  });
  it('adds a list entry once and removes one by its value, keeping the template\'s own functions elsewhere', () => {
    const added = patchTemplate(template, [finding('Web', '/SecurityGroupIds/1', 'ADD', 'null', 'sg-spare')], references).template;
    assert.deepEqual((added['Resources'] as any).Web.Properties.SecurityGroupIds, [{ 'Fn::GetAtt': ['App', 'GroupId'] }, { Ref: 'Spare' }]);
    const removed = patchTemplate(template, [finding('Web', '/SubnetId', 'REMOVE', 'subnet-1', 'null')], references).template;
    assert.equal((removed['Resources'] as any).Web.Properties.SubnetId, undefined);
  });
  it('removes a deleted resource and says what still refers to it', () => {
    const deleted: DriftFinding = { severity: 'medium', kind: 'deleted', stack: 'web', logicalId: 'Spare', physicalId: 'sg-spare', resourceType: 'AWS::EC2::SecurityGroup', reason: 'r' };
    const { template: patched, notes } = patchTemplate(template, [deleted], references);
    assert.deepEqual(Object.keys(patched['Resources'] as object), ['App', 'Web']);
    assert.deepEqual(notes, ['Spare is gone from the cloud and from the patched template, but Outputs still refers to it; edit that by hand before deploying']);
  });
});

describe('unifiedDiff', () => {
  it('prints hunks with three lines of context, removals before additions, and nothing for equal texts', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', ''].join('\n');
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', ''].join('\n');
    assert.equal(unifiedDiff(before, after, 'web.yaml'), '--- a/web.yaml\n+++ b/web.yaml\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n');
    assert.equal(unifiedDiff(before, before, 'web.yaml'), '');
  });
});
