import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLE_IDS, sampleInventory } from '../../cloud/testing/sample-inventory.js';
import type { Inventory } from '../../cloud/inventory.js';
import { createAuthorizer } from '../../guard/authorization/index.js';
import { checkPlan } from '../../guard/check-plan.js';
import { DEFAULT_POLICY_FILE } from '../../guard/policy-file/index.js';
import { guardPlanContext } from '../../guard/testing/plan-fixtures.js';
import type { Plan } from '../../plan/plan.js';
import type { RestoreContext, StackSource } from './restore-context.js';
import { restorePlan } from './restore-plan.js';
import type { DriftFinding } from './types.js';

const ids = SAMPLE_IDS;

/** Stack "shop" as deployed: the web group, api-1 with its data volume attached, and a spare group. */
const template = {
  Parameters: { ImageId: { Type: 'String' } },
  Resources: {
    WebGroup: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'web', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }] } },
    Api: { Type: 'AWS::EC2::Instance', Properties: { ImageId: { Ref: 'ImageId' }, InstanceType: 't3.micro', SecurityGroupIds: [{ Ref: 'WebGroup' }] } },
    Data: { Type: 'AWS::EC2::Volume', Properties: { AvailabilityZone: 'us-east-1a', Size: 100 } },
    Attach: { Type: 'AWS::EC2::VolumeAttachment', Properties: { VolumeId: { Ref: 'Data' }, InstanceId: { Ref: 'Api' }, Device: '/dev/sdf' } },
    Spare: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'spare' } },
  },
  Outputs: { SpareId: { Value: { Ref: 'Spare' } }, ApiId: { Value: { Ref: 'Api' } } },
};

const stack: StackSource = {
  name: 'shop', templateBody: JSON.stringify(template), template,
  resources: new Map([['WebGroup', ids.webSg], ['Api', ids.api1], ['Data', ids.apiData], ['Attach', `${ids.apiData}|${ids.api1}`], ['Spare', 'sg-0000000000000dead']]),
  parameters: ['ImageId'], capabilities: [],
};

function context(inventory: Inventory = sampleInventory(), source: StackSource = stack): RestoreContext {
  return { ...guardPlanContext(inventory), stacks: new Map([['shop', source]]) };
}

const base = { stack: 'shop', reason: 'r' } as const;
const opened22: DriftFinding = {
  ...base, severity: 'critical', kind: 'modified', logicalId: 'WebGroup', physicalId: ids.webSg, resourceType: 'AWS::EC2::SecurityGroup',
  property: '/SecurityGroupIngress/1', difference: 'ADD', expected: 'null', actual: '{"CidrIp":"0.0.0.0/0","FromPort":22,"IpProtocol":"tcp","ToPort":22}',
};
const resized: DriftFinding = {
  ...base, severity: 'medium', kind: 'modified', logicalId: 'Api', physicalId: ids.api1, resourceType: 'AWS::EC2::Instance', property: '/InstanceType', difference: 'NOT_EQUAL', expected: 't3.micro', actual: 't3.large',
};
const detached: DriftFinding = { ...base, severity: 'medium', kind: 'deleted', logicalId: 'Attach', physicalId: `${ids.apiData}|${ids.api1}`, resourceType: 'AWS::EC2::VolumeAttachment' };
const lostGroup: DriftFinding = { ...base, severity: 'medium', kind: 'deleted', logicalId: 'Spare', physicalId: 'sg-0000000000000dead', resourceType: 'AWS::EC2::SecurityGroup' };
const unmanaged: DriftFinding = { severity: 'low', kind: 'unmanaged', stack: undefined, logicalId: undefined, physicalId: ids.web3, name: 'web-3', resourceType: 'AWS::EC2::Instance', reason: 'r' };

const calls = (plan: Plan | undefined) => (plan?.steps ?? []).map((step) => [step.effect, `${step.call.service}:${step.call.operation}`]);

/** The sample shop with api-1 resized to t3.large and its data volume detached by hand. */
function driftedInventory(): Inventory {
  const inventory = sampleInventory();
  return {
    ...inventory,
    instances: inventory.instances.map((instance) => (instance.id === ids.api1 ? { ...instance, instanceType: 't3.large', volumes: instance.volumes.filter((volume) => volume.volumeId !== ids.apiData) } : instance)),
    volumes: inventory.volumes.map((volume) => (volume.id === ids.apiData ? { ...volume, state: 'available', attachment: undefined } : volume)),
  };
}

describe('restorePlan: bring the cloud back to the code, as a plan', () => {
  it('GIVEN port 22 opened by hand WHEN planned THEN it revokes exactly that rule, live, with the authorize as its undo, and expects the rule gone', () => {
    const { plan, restored, left } = restorePlan([opened22], context());
    assert.deepEqual(calls(plan), [['update-live', 'ec2:RevokeSecurityGroupIngress']]);
    assert.deepEqual(plan!.steps[0]!.call.input, { GroupId: ids.webSg, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });
    assert.equal(plan!.steps[0]!.inverse?.operation, 'AuthorizeSecurityGroupIngress');
    assert.deepEqual(plan!.postconditions.map((condition) => condition.expect), [{ ingressRulesExclude: ['22/tcp from 0.0.0.0/0'] }]);
    assert.deepEqual(plan!.intent, { type: 'restore-drift', stacks: ['shop'], findings: 1 });
    assert.deepEqual([restored.length, left.length], [1, 0]);
  });

  it('GIVEN a resize by hand WHEN planned THEN it stops, sets the template\'s type and starts again (the resize builder\'s steps)', () => {
    const { plan } = restorePlan([resized], context(driftedInventory()));
    assert.deepEqual(calls(plan), [['update-stop-start', 'ec2:StopInstances'], ['update-stop-start', 'ec2:ModifyInstanceAttribute'], ['update-stop-start', 'ec2:StartInstances']]);
    assert.deepEqual(plan!.steps[1]!.call.input, { InstanceId: ids.api1, InstanceType: { Value: 't3.micro' } });
    assert.deepEqual(plan!.postconditions.map((condition) => condition.expect), [{ instanceType: 't3.micro', state: 'running' }]);
  });

  it('GIVEN a volume detached by hand WHEN planned THEN it attaches the template\'s volume to the template\'s instance at the template\'s device', () => {
    const { plan } = restorePlan([detached], context(driftedInventory()));
    assert.deepEqual(calls(plan), [['update-live', 'ec2:AttachVolume']]);
    assert.deepEqual(plan!.steps[0]!.call.input, { VolumeId: ids.apiData, InstanceId: ids.api1, Device: '/dev/sdf' });
    assert.equal(plan!.steps[0]!.wait?.call.operation, 'DescribeVolumes');
    assert.deepEqual(plan!.postconditions.map((condition) => condition.expect), [{ attachedTo: ids.api1 }]);
  });

  it('GIVEN a resource the cloud lost WHEN planned THEN the stack is updated without it and then with the original template, keeping its parameters', () => {
    const { plan, restored } = restorePlan([lostGroup], context());
    assert.deepEqual(calls(plan), [['update-live', 'cloudformation:UpdateStack'], ['create', 'cloudformation:UpdateStack']]);
    const [forget, recreate] = plan!.steps;
    const without = JSON.parse(String(forget!.call.input['TemplateBody']));
    assert.deepEqual(Object.keys(without.Resources), ['WebGroup', 'Api', 'Data', 'Attach']);
    assert.deepEqual(Object.keys(without.Outputs), ['ApiId'], 'an output naming the lost resource is dropped for the first update');
    assert.equal(recreate!.call.input['TemplateBody'], stack.templateBody);
    assert.deepEqual(recreate!.call.input['Parameters'], [{ ParameterKey: 'ImageId', UsePreviousValue: true }]);
    assert.deepEqual(recreate!.dependsOn, [forget!.id]);
    assert.deepEqual([forget!.wait?.path, forget!.wait?.until], ['Stacks[].StackStatus', ['UPDATE_COMPLETE']]);
    assert.ok(recreate!.irreversible);
    assert.deepEqual(restored, [lostGroup]);
  });

  it('GIVEN a lost resource others still refer to WHEN planned THEN it is left, saying why, and nothing is planned for it', () => {
    const lostVolume: DriftFinding = { ...base, severity: 'medium', kind: 'deleted', logicalId: 'Data', physicalId: ids.apiData, resourceType: 'AWS::EC2::Volume' };
    const { plan, left } = restorePlan([lostVolume], context());
    assert.equal(plan, undefined);
    assert.match(left[0]!.why, /^Attach in stack shop still refers to Data, so it cannot be taken out of the template/);
  });

  it('GIVEN an unmanaged instance WHEN planned THEN it is left: adopting or removing it is not bringing the cloud back to the code', () => {
    const { plan, restored, left } = restorePlan([unmanaged, opened22], context());
    assert.deepEqual(calls(plan), [['update-live', 'ec2:RevokeSecurityGroupIngress']]);
    assert.deepEqual(restored, [opened22]);
    assert.equal(left[0]!.finding, unmanaged);
    assert.match(left[0]!.why, /^in no stack, so not the code's to restore: adopt it .*cirro iac export --resources web-3.*cirro ask "terminate web-3"/);
  });

  it('GIVEN every kind at once WHEN planned THEN EC2 calls come first and the stack updates last, one plan for all', () => {
    const { plan } = restorePlan([opened22, resized, detached, lostGroup, unmanaged], context(driftedInventory()));
    assert.deepEqual(calls(plan).map(([, call]) => call), [
      'ec2:RevokeSecurityGroupIngress', 'ec2:StopInstances', 'ec2:ModifyInstanceAttribute', 'ec2:StartInstances', 'ec2:AttachVolume', 'cloudformation:UpdateStack', 'cloudformation:UpdateStack',
    ]);
    assert.equal(plan!.summary, 'restore 4 drifted findings in stack shop to what the code says');
  });

  it('GIVEN tags changed by hand WHEN planned THEN an added tag is removed and a changed one is set back to the template\'s value, by the template\'s key', () => {
    const tagged = structuredClone(template);
    (tagged.Resources.Api.Properties as Record<string, unknown>)['Tags'] = [{ Key: 'team', Value: 'shop' }];
    const added: DriftFinding = { ...resized, severity: 'low', property: '/Tags/1', difference: 'ADD', expected: 'null', actual: '{"Key":"Name","Value":"api-1"}' };
    const changed: DriftFinding = { ...resized, severity: 'low', property: '/Tags/0/Value', difference: 'NOT_EQUAL', expected: 'shop', actual: 'checkout' };
    const { plan, left } = restorePlan([added, changed], context(sampleInventory(), { ...stack, template: tagged, templateBody: JSON.stringify(tagged) }));
    assert.deepEqual(left, []);
    assert.deepEqual(plan!.steps.map((step) => [step.call.operation, step.call.input['Tags']]), [['DeleteTags', [{ Key: 'Name' }]], ['CreateTags', [{ Key: 'team', Value: 'shop' }]]]);
    assert.deepEqual(plan!.steps[0]!.inverse?.input['Tags'], [{ Key: 'Name', Value: 'api-1' }], 'the undo puts the hand-made tag back');
    assert.deepEqual(plan!.postconditions.map((condition) => condition.expect), [{ tagsExclude: ['Name'] }, { tagsInclude: { team: 'shop' } }]);
  });

  it('GIVEN a property Cirro has no call for WHEN planned THEN it is left with the advice, not guessed at', () => {
    const grown: DriftFinding = { ...base, severity: 'medium', kind: 'modified', logicalId: 'Data', physicalId: ids.apiData, resourceType: 'AWS::EC2::Volume', property: '/Size', difference: 'NOT_EQUAL', expected: '100', actual: '200' };
    const { plan, left } = restorePlan([grown], context());
    assert.equal(plan, undefined);
    assert.match(left[0]!.why, /^Cirro has no call that sets \/Size back; set \/Size of .* back to 100 with the service's own API call, or update the stack twice/);
  });

  it('GIVEN a world-open SSH rule the template declares was revoked by hand WHEN its restore is checked THEN the guard still refuses it', () => {
    const declared = structuredClone(template);
    declared.Resources.WebGroup.Properties.SecurityGroupIngress.push({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' });
    const removed: DriftFinding = { ...opened22, severity: 'medium', difference: 'REMOVE', expected: opened22.actual, actual: 'null' };
    const { plan } = restorePlan([removed], context(sampleInventory(), { ...stack, template: declared, templateBody: JSON.stringify(declared) }));
    assert.deepEqual(calls(plan), [['update-live', 'ec2:AuthorizeSecurityGroupIngress']]);
    const authorizer = createAuthorizer({ roles: {} });
    assert.ok(authorizer.ok);
    const check = checkPlan(plan!, sampleInventory(), { policy: DEFAULT_POLICY_FILE, authorizer: authorizer.value, role: 'operator', agent: 'test' });
    assert.equal(check.decision.type, 'refuse');
    assert.match(check.decision.reason, /critical/);
  });
});
