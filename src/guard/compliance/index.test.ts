import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLE_IDS, sampleInventory } from '../../cloud/testing/sample-inventory.js';
import type { ParameterValue } from '../../plan/plan.js';
import { DEFAULT_POLICY_FILE, type PolicyFile } from '../policy-file/index.js';
import { BUILT_IN_RULES, checkCompliance } from './index.js';
import { planOf, step } from './testing/plans.js';

const ids = SAMPLE_IDS;

const policy = (changes: Partial<PolicyFile>): PolicyFile => ({ ...DEFAULT_POLICY_FILE, path: '.cirro/policy.yaml', ...changes });

/** Opens SSH to the world on web-sg and launches an instance with IMDSv1 allowed: one critical, one high finding. */
const risky = planOf(
  step('AuthorizeSecurityGroupIngress', { GroupId: ids.webSg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ops' }] }] }, { kind: 'security-group', id: ids.webSg }),
  step('RunInstances', {
    ImageId: 'ami-0x86', InstanceType: 'm5.24xlarge', MinCount: 1, MaxCount: 1, SubnetId: ids.publicA, MetadataOptions: { HttpTokens: 'optional' },
    BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true } }],
    TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'bastion' }, { Key: 'env', Value: 'prod' }] }],
  } as { readonly [key: string]: ParameterValue }, { effect: 'create', name: 'bastion' }),
);

const summary = (found: ReturnType<typeof checkCompliance>) => found.map((finding) => `${finding.ruleId} ${finding.severity}${finding.waived ? ' waived' : ''}`);

describe('checkCompliance with a project policy', () => {
  it('lists the most severe findings first', () => {
    assert.deepEqual(summary(checkCompliance(risky, sampleInventory(), DEFAULT_POLICY_FILE)), ['CIRRO-EC2-001 critical', 'CIRRO-EC2-007 high']);
  });

  it('finds nothing in a plan that only reads', () => {
    assert.deepEqual(checkCompliance(planOf(step('DescribeInstances', {}, { effect: 'read' })), sampleInventory(), DEFAULT_POLICY_FILE), []);
  });

  it('changes a rule\'s severity or turns it off as the overrides say', () => {
    const found = checkCompliance(risky, sampleInventory(), policy({ overrides: [{ ruleId: 'CIRRO-EC2-001', disabled: true }, { ruleId: 'CIRRO-EC2-007', severity: 'low' }] }));
    assert.deepEqual(summary(found), ['CIRRO-EC2-007 low']);
  });

  it('marks a waived finding with its reason and still returns it, by the resource\'s Name or id', () => {
    const reason = 'the bastion is the one way in; its range is enforced upstream (SEC-142)';
    const byName = checkCompliance(risky, sampleInventory(), policy({ waivers: [{ ruleId: 'CIRRO-EC2-001', resource: 'web-sg', reason }] }));
    assert.deepEqual(summary(byName), ['CIRRO-EC2-001 critical waived', 'CIRRO-EC2-007 high']);
    assert.deepEqual(byName[0]!.waived, { reason });
    const byId = checkCompliance(risky, sampleInventory(), policy({ waivers: [{ ruleId: 'CIRRO-EC2-001', resource: ids.webSg, reason }] }));
    assert.equal(byId[0]!.waived?.reason, reason);
    const newInstance = checkCompliance(risky, sampleInventory(), policy({ waivers: [{ ruleId: 'CIRRO-EC2-007', resource: 'bastion', reason: 'legacy agent' }] }));
    assert.deepEqual(summary(newInstance), ['CIRRO-EC2-001 critical', 'CIRRO-EC2-007 high waived'], 'a resource the plan creates is waived by its name');
  });

  it('does not waive another rule, or another resource, than the waiver names', () => {
    const found = checkCompliance(risky, sampleInventory(), policy({ waivers: [{ ruleId: 'CIRRO-EC2-002', resource: 'web-sg', reason: 'RDP only' }, { ruleId: 'CIRRO-EC2-001', resource: 'lb-sg', reason: 'other group' }] }));
    assert.deepEqual(summary(found), ['CIRRO-EC2-001 critical', 'CIRRO-EC2-007 high']);
  });

  it('waives an unencrypted volume by the name of the instance it comes with', () => {
    const plain = planOf(step('RunInstances', {
      ImageId: 'ami-0x86', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, MetadataOptions: { HttpTokens: 'required' },
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'scratch-1' }] }],
    }, { effect: 'create', name: 'scratch-1' }));
    const [finding] = checkCompliance(plain, sampleInventory(), policy({ waivers: [{ ruleId: 'CIRRO-EC2-006', resource: 'scratch-1', reason: 'throwaway build box' }] }));
    assert.deepEqual([finding?.ruleId, finding?.resource, finding?.waived], ['CIRRO-EC2-006', { kind: 'volume', name: 'scratch-1 root volume' }, { reason: 'throwaway build box' }]);
  });

  it('adds the project\'s own rules, with the resource named where the message says', () => {
    const rules: PolicyFile['rules'] = [
      { id: 'TEAM-001', severity: 'critical', kind: 'instance', when: { instanceType: { in: ['m5.24xlarge'] }, 'tags.env': 'prod' }, message: '{resource} is bigger than the team budgets for', fix: 'use m5.xlarge or smaller' },
      { id: 'TEAM-002', severity: 'medium', kind: 'instance', when: { 'tags.owner': { exists: false } }, message: 'has no owner tag', fix: 'tag it owner=<team>' },
      { id: 'TEAM-003', severity: 'high', kind: 'volume', when: { sizeGiB: { in: [1000] } }, message: 'is huge', fix: 'smaller' },
    ];
    const found = checkCompliance(risky, sampleInventory(), policy({ rules }));
    assert.deepEqual(found.filter((finding) => finding.ruleId.startsWith('TEAM')).map((finding) => [finding.ruleId, finding.severity, finding.message, finding.fix]), [
      ['TEAM-001', 'critical', 'bastion (new instance) is bigger than the team budgets for', 'use m5.xlarge or smaller'],
      ['TEAM-002', 'medium', 'bastion (new instance): has no owner tag', 'tag it owner=<team>'],
    ]);
    const untouched = checkCompliance(planOf(step('StopInstances', { InstanceIds: [ids.web1] }, { effect: 'update-stop-start', id: ids.web1 })), sampleInventory(), policy({ rules }));
    assert.deepEqual(summary(untouched), [], 'web-1 had no owner tag before the plan either');
  });

  it('gives every built-in rule an id, the Checkov or Trivy checks it stands for, a message and a fix', () => {
    assert.deepEqual(BUILT_IN_RULES.map((rule) => rule.id), [
      'CIRRO-EC2-001', 'CIRRO-EC2-002', 'CIRRO-EC2-003', 'CIRRO-EC2-004', 'CIRRO-EC2-005',
      'CIRRO-EC2-006', 'CIRRO-EC2-007', 'CIRRO-EC2-008', 'CIRRO-EC2-009', 'CIRRO-ELB-001',
    ]);
    for (const rule of BUILT_IN_RULES) {
      assert.ok(rule.equivalents.length > 0 && rule.equivalents.every((id) => /^(CKV2?_AWS_\d+|AVD-AWS-\d{4})$/.test(id)), rule.id);
      assert.ok(rule.title.length > 10 && rule.fix.length > 20, rule.id);
    }
  });
});
