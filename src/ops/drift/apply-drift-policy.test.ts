import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyDriftPolicy } from './apply-drift-policy.js';
import type { DriftFinding, DriftReport } from './types.js';

const resize: DriftFinding = {
  severity: 'medium', kind: 'modified', stack: 'web', logicalId: 'Web', physicalId: 'i-1', resourceType: 'AWS::EC2::Instance', name: 'web-1',
  property: '/InstanceType', difference: 'NOT_EQUAL', expected: 't3.micro', actual: 't3.large', reason: 'resized',
};
const tag: DriftFinding = { ...resize, severity: 'low', property: '/Tags/0/Value', expected: 'a', actual: 'b', reason: 'tag' };
const port: DriftFinding = {
  ...resize, severity: 'critical', logicalId: 'WebGroup', physicalId: 'sg-1', resourceType: 'AWS::EC2::SecurityGroup', name: undefined, property: '/SecurityGroupIngress/1',
  difference: 'ADD', expected: 'null', actual: '{"CidrIp":"10.0.0.0/8","FromPort":22,"IpProtocol":"tcp","ToPort":22}', reason: 'port',
};
const handMade: DriftFinding = { severity: 'low', kind: 'unmanaged', stack: undefined, logicalId: undefined, physicalId: 'i-9', resourceType: 'AWS::EC2::Instance', reason: 'in no stack' };
const report: DriftReport = {
  region: 'us-east-1', stacks: [{ name: 'web', status: 'DRIFTED', resources: 5, driftedResources: 2 }], findings: [port, resize, tag, handMade], ignored: [], inSync: false, unmanagedChecked: true,
};
const none = { ignore: [], baseline: [] };

describe('applyDriftPolicy', () => {
  it('moves findings an ignore rule matches on every field it sets, with the reason, and keeps the rest', () => {
    const result = applyDriftPolicy(report, { ...none, ignore: [{ type: 'AWS::EC2::Instance', property: '/Tags', reason: 'the cost tool tags' }, { stack: 'other', reason: 'not ours' }] });
    assert.deepEqual(result.findings, [port, resize, handMade]);
    assert.deepEqual(result.ignored, [{ ...tag, ignoredBy: 'ignore', ignoredReason: 'the cost tool tags' }]);
    assert.equal(result.inSync, false);
  });
  it('matches a property as a path prefix, not a text prefix, and a resource by logical id, physical id or Name', () => {
    assert.equal(applyDriftPolicy(report, { ...none, ignore: [{ property: '/Tag', reason: 'r' }] }).ignored.length, 0);
    for (const resource of ['Web', 'i-1', 'web-1']) assert.equal(applyDriftPolicy(report, { ...none, ignore: [{ resource, reason: 'r' }] }).ignored.length, 2, resource);
  });
  it('accepts a baseline only for the value it names, written as YAML or as the JSON the report shows', () => {
    const accepted = applyDriftPolicy(report, { ...none, baseline: [
      { stack: 'web', resource: 'web-1', property: '/InstanceType', actual: 't3.large', reason: 'sale' },
      { stack: 'web', resource: 'WebGroup', property: '/SecurityGroupIngress/1', actual: { ToPort: 22, FromPort: 22, IpProtocol: 'tcp', CidrIp: '10.0.0.0/8' }, reason: 'vpn' },
    ] });
    assert.deepEqual(accepted.ignored.map((finding) => [finding.logicalId, finding.ignoredBy, finding.ignoredReason]), [['WebGroup', 'baseline', 'vpn'], ['Web', 'baseline', 'sale']]);
    const movedOn = applyDriftPolicy(report, { ...none, baseline: [{ stack: 'web', resource: 'Web', property: '/InstanceType', actual: 't3.xlarge', reason: 'sale' }] });
    assert.equal(movedOn.ignored.length, 0, 'the cloud changed again since the baseline');
  });
  it('reads a stack whose every finding is covered as in sync, and the report too when nothing else is left', () => {
    const result = applyDriftPolicy({ ...report, findings: [resize, tag] }, { ...none, ignore: [{ stack: 'web', resource: 'Web', reason: 'being rebuilt' }] });
    assert.deepEqual([result.inSync, result.stacks[0]!.status, result.findings.length, result.ignored.length], [true, 'IN_SYNC', 0, 2]);
    assert.equal(applyDriftPolicy({ ...report, findings: [handMade] }, { ...none, ignore: [{ stack: 'web', reason: 'r' }] }).ignored.length, 0, 'a stack rule never matches an unmanaged resource');
  });
});
