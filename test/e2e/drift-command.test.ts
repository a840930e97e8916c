import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type CloudFormationClient, CreateStackCommand, DescribeStackEventsCommand, DescribeStackResourcesCommand, UpdateStackCommand, waitUntilStackCreateComplete, waitUntilStackUpdateComplete,
} from '@aws-sdk/client-cloudformation';
import {
  AuthorizeSecurityGroupIngressCommand, DeleteSecurityGroupCommand, DescribeInstancesCommand, DescribeSecurityGroupsCommand, type EC2Client, ModifyInstanceAttributeCommand, RunInstancesCommand,
  StartInstancesCommand, StopInstancesCommand, waitUntilInstanceStopped,
} from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import { startTestGym } from '../support/gym.js';
import { cloudFormationClient, waiter, webParameters } from '../support/cloudformation.js';
import { sdkClients } from '../support/sdk.js';
import { runCirro } from './cirro-process.js';

/** A web tier with a spare group: enough for a port, a resize and a lost resource to hit. */
const template = JSON.stringify({
  Parameters: { ImageId: { Type: 'String' } },
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.40.0.0/16', Tags: [{ Key: 'Name', Value: 'drift-e2e' }] } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.40.1.0/24', AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } } },
    WebGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: 'web', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }] },
    },
    Spare: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'spare', VpcId: { Ref: 'Vpc' } } },
    Web: { Type: 'AWS::EC2::Instance', Properties: { ImageId: { Ref: 'ImageId' }, InstanceType: 't3.micro', SubnetId: { Ref: 'Subnet' }, SecurityGroupIds: [{ Ref: 'WebGroup' }] } },
  },
});

describe('cirro drift, as a process against a gym stack changed behind CloudFormation\'s back', () => {
  let gym: Gym;
  let cloudFormation: CloudFormationClient;
  let ec2: EC2Client;
  let ids: Record<string, string>;
  let imageId: string;
  before(async () => {
    gym = await startTestGym({ speed: 600 });
    cloudFormation = cloudFormationClient(gym.endpoint);
    ec2 = sdkClients(gym.endpoint).ec2;
    const parameters = await webParameters(ec2);
    imageId = parameters[0]!.ParameterValue;
    await cloudFormation.send(new CreateStackCommand({ StackName: 'web', TemplateBody: template, Parameters: parameters }));
    await waitUntilStackCreateComplete(waiter(cloudFormation), { StackName: 'web' });
    const resources = (await cloudFormation.send(new DescribeStackResourcesCommand({ StackName: 'web' }))).StackResources!;
    ids = Object.fromEntries(resources.map((resource) => [resource.LogicalResourceId!, resource.PhysicalResourceId!]));
  });
  after(async () => {
    await gym.stop();
  });

  it('says a freshly deployed stack is in sync, with nothing unmanaged beside the defaults AWS creates, and exits 0', async () => {
    const run = await runCirro(['drift', '--endpoint', gym.endpoint]);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^In sync: 1 stack in us-east-1 match their code, and every resource is in a stack\./);
    assert.match(run.stdout, /stack web: IN_SYNC \(0 of 5 resources drifted\)/);
  });

  it('finds an opened SSH port, a resize, a deleted group and an unmanaged instance, ranked, and exits 1', async () => {
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: ids['WebGroup'], IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new StopInstancesCommand({ InstanceIds: [ids['Web']!] }));
    await waitUntilInstanceStopped({ client: ec2, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { InstanceIds: [ids['Web']!] });
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: ids['Web'], InstanceType: { Value: 't3.large' } }));
    await ec2.send(new StartInstancesCommand({ InstanceIds: [ids['Web']!] }));
    await ec2.send(new DeleteSecurityGroupCommand({ GroupId: ids['Spare'] }));
    const launched = await ec2.send(new RunInstancesCommand({
      ImageId: imageId, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: ids['Subnet'],
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'hand-made' }] }],
    }));
    const handMade = launched.Instances![0]!.InstanceId!;

    const run = await runCirro(['drift', '--endpoint', gym.endpoint, '--json']);
    assert.equal(run.status, 1, run.stderr);
    const report = run.json;
    assert.equal(report.inSync, false);
    assert.deepEqual(report.stacks.map((stack: any) => [stack.name, stack.status, stack.driftedResources]), [['web', 'DRIFTED', 3]]);
    assert.deepEqual(report.findings.map((finding: any) => [finding.severity, finding.kind, finding.logicalId ?? finding.physicalId, finding.property ?? '', finding.expected ?? '', finding.actual ?? '']), [
      ['critical', 'modified', 'WebGroup', '/SecurityGroupIngress/1', 'null', '{"CidrIp":"0.0.0.0/0","FromPort":22,"IpProtocol":"tcp","ToPort":22}'],
      ['medium', 'modified', 'Web', '/InstanceType', 't3.micro', 't3.large'],
      ['medium', 'deleted', 'Spare', '', '', ''],
      ['low', 'unmanaged', handMade, '', '', ''],
    ]);
    assert.equal(report.findings[0].reason, 'port 22 (SSH) opened to the internet (0.0.0.0/0)');
    assert.equal(report.findings[3].name, 'hand-made');

    const text = await runCirro(['drift', '--endpoint', gym.endpoint]);
    assert.equal(text.status, 1, text.stderr);
    assert.match(text.stdout, /^Drift in us-east-1: 4 findings across 1 stack \(1 critical, 2 medium, 1 low\)\./);
    assert.match(text.stdout, /CRITICAL +WebGroup \(sg-[0-9a-f]+\) \/SecurityGroupIngress\/1: null → \{"CidrIp":"0\.0\.0\.0\/0".*\n +port 22 \(SSH\) opened to the internet/);
    assert.match(text.stdout, /MEDIUM +Web \(i-[0-9a-f]+\) \/InstanceType: t3\.micro → t3\.large\n.*\n +to restore the code's version: cirro ask "resize i-[0-9a-f]+ to t3\.micro"/);
    assert.match(text.stdout, /to restore the code's version: cirro ask "close port 22 on [\w-]+" \(it closes every source of that port\), or exactly this rule: aws ec2 revoke-security-group-ingress --group-id sg-[0-9a-f]+ --ip-permissions '\{"IpProtocol":"tcp","FromPort":22,"ToPort":22,"IpRanges":\[\{"CidrIp":"0\.0\.0\.0\/0"\}\]\}'/);
    assert.match(text.stdout, /to restore the code's version: adopt it into a stack with an IMPORT change set .*, or remove it: cirro ask "terminate hand-made"/);
    assert.match(text.stdout, /unmanaged: 1 resource in no stack\n +\[4\] LOW +AWS::EC2::Instance i-[0-9a-f]+ \(hand-made\)/);
    assert.ok(text.stdout.indexOf('CRITICAL') < text.stdout.indexOf('MEDIUM'), 'most severe first');
  });

  it('leaves out what the project\'s policy file ignores or accepts, with the reasons under --all and in --json, and refuses a bad policy file', async () => {
    const project = mkdtempSync(join(tmpdir(), 'cirro-drift-policy-'));
    mkdirSync(join(project, '.cirro'));
    writeFileSync(join(project, '.cirro/policy.yaml'), [
      'drift:', '  ignore:', '    - resource: hand-made', '      reason: the load test runner, gone on Friday',
      '  baseline:', '    - stack: web', '      resource: Web', '      property: /InstanceType', '      actual: t3.large', '      reason: resized for the sale (OPS-7)', '',
    ].join('\n'));
    try {
      const run = await runCirro(['drift', '--endpoint', gym.endpoint, '--json'], { cwd: project });
      assert.equal(run.status, 1, run.stderr);
      assert.deepEqual(run.json.findings.map((finding: any) => [finding.kind, finding.logicalId]), [['modified', 'WebGroup'], ['deleted', 'Spare']]);
      assert.deepEqual(run.json.ignored.map((finding: any) => [finding.logicalId ?? finding.name, finding.ignoredBy, finding.ignoredReason]), [
        ['Web', 'baseline', 'resized for the sale (OPS-7)'], ['hand-made', 'ignore', 'the load test runner, gone on Friday'],
      ]);
      const text = await runCirro(['drift', '--endpoint', gym.endpoint, '--all'], { cwd: project });
      assert.match(text.stdout, /^Drift in us-east-1: 2 findings across 1 stack \(1 critical, 1 medium\)\.\n2 findings are ignored or accepted by the policy file\./);
      assert.match(text.stdout, /ignored or accepted: 2\n +MEDIUM +Web \(i-[0-9a-f]+\) \/InstanceType: t3\.micro → t3\.large\n +accepted: resized for the sale \(OPS-7\)/);
      writeFileSync(join(project, '.cirro/policy.yaml'), 'drift:\n  ignore:\n    - reason: noisy\n');
      const bad = await runCirro(['drift', '--endpoint', gym.endpoint], { cwd: project });
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /policy\.yaml line 3, drift\.ignore\[0\]: say what to ignore with stack:, resource:, type: or property:/);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('--patch brings the code to the cloud: the patched template, deployed, changes nothing and leaves the stack in sync', async () => {
    const run = await runCirro(['drift', '--endpoint', gym.endpoint, '--stack', 'web', '--patch']);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^--- a\/web\.yaml\n\+\+\+ b\/web\.yaml\n@@ /);
    assert.match(run.stdout, /\n-      InstanceType: t3\.micro\n\+      InstanceType: t3\.large\n/);
    assert.match(run.stdout, /\n\+        - CidrIp: 0\.0\.0\.0\/0\n\+          FromPort: 22\n/);
    assert.match(run.stdout, /\n-  Spare:\n/);

    const output = mkdtempSync(join(tmpdir(), 'cirro-drift-patch-'));
    try {
      const written = await runCirro(['drift', '--endpoint', gym.endpoint, '--stack', 'web', '--patch', '--output', output]);
      assert.equal(written.status, 1, written.stderr);
      assert.match(written.stdout, /^wrote .*web\.yaml: stack web's template as the cloud has it/);
      const patched = readFileSync(join(output, 'web.yaml'), 'utf8');
      assert.match(patched, /SecurityGroupIds:\n +- Ref: WebGroup\n/, 'the template\'s own references stay');
      assert.doesNotMatch(patched, /Spare/);
      const before = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [ids['Web']!] }))).Reservations![0]!.Instances![0]!;
      await cloudFormation.send(new UpdateStackCommand({ StackName: 'web', TemplateBody: patched, Parameters: [{ ParameterKey: 'ImageId', UsePreviousValue: true }] }));
      await waitUntilStackUpdateComplete(waiter(cloudFormation), { StackName: 'web' }).catch(async () => {
        const events = (await cloudFormation.send(new DescribeStackEventsCommand({ StackName: 'web' }))).StackEvents ?? [];
        assert.fail(`the patched template did not deploy: ${events.filter((event) => event.ResourceStatus?.endsWith('FAILED')).map((event) => `${event.LogicalResourceId}: ${event.ResourceStatusReason}`).join('; ')}`);
      });
      const after = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [ids['Web']!] }))).Reservations![0]!.Instances![0]!;
      // The same instance keeps the size it was given by hand (the template's type changed, so the update may stop and start it, as AWS may).
      assert.deepEqual([after.InstanceId, after.InstanceType, after.State?.Name], [before.InstanceId, 't3.large', 'running']);
      const group = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [ids['WebGroup']!] }))).SecurityGroups![0]!;
      assert.deepEqual(group.IpPermissions!.map((permission) => permission.FromPort).sort(), [22, 80], 'the opened port is kept, not added twice');
      const check = await runCirro(['drift', '--endpoint', gym.endpoint, '--stack', 'web']);
      assert.equal(check.status, 0, check.stdout + check.stderr);
      assert.match(check.stdout, /stack web: IN_SYNC \(0 of 4 resources drifted\)/);
    } finally {
      rmSync(output, { recursive: true, force: true });
    }
  });

  it('the restore each finding names brings the cloud back to the code: the cirro ask requests it gives, run, leave the stack in sync', async () => {
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: ids['WebGroup'], IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await ec2.send(new StopInstancesCommand({ InstanceIds: [ids['Web']!] }));
    await waitUntilInstanceStopped({ client: ec2, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { InstanceIds: [ids['Web']!] });
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: ids['Web'], InstanceType: { Value: 't3.xlarge' } }));
    await ec2.send(new StartInstancesCommand({ InstanceIds: [ids['Web']!] }));
    const drifted = await runCirro(['drift', '--endpoint', gym.endpoint, '--stack', 'web', '--json']);
    assert.equal(drifted.status, 1, drifted.stderr);
    const requests = drifted.json.findings.map((finding: any) => /^cirro ask "([^"]+)"/.exec(finding.restore)?.[1]);
    assert.deepEqual(requests.map((request: string) => request.replace(/\b(sg|i)-[0-9a-f]+\b|web-WebGroup-\w+/g, '<resource>')), ['close port 3389 on <resource>', 'resize <resource> to t3.large']);
    for (const request of requests) {
      const asked = await runCirro(['ask', request, '--endpoint', gym.endpoint, '--yes']);
      assert.equal(asked.status, 0, `${request}: ${asked.stdout}${asked.stderr}`);
    }
    const check = await runCirro(['drift', '--endpoint', gym.endpoint, '--stack', 'web']);
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });

  it('exits 2 on bad flags and 3 when a named stack cannot be checked, naming it', async () => {
    const bad = await runCirro(['drift', '--endpoint', gym.endpoint, '--region', 'moon']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--region moon is not a region name/);
    const missing = await runCirro(['drift', '--endpoint', gym.endpoint, '--stack', 'nope']);
    assert.equal(missing.status, 3, missing.stdout + missing.stderr);
    assert.match(missing.stdout, /stack nope: NOT_CHECKED\n +no stack named nope/);
    const help = await runCirro(['drift', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Exit status: 0 the cloud matches the code; 1 drift found/);
  });
});
