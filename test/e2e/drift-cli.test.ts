import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Gym } from '../../src/gym/gym.js';
import { AWS_CLI_INSTALL, awsCli, awsJson, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';
import { admin, startTestGym } from '../support/gym.js';
import { sdkClients } from '../support/sdk.js';
import { DescribeInstancesCommand, DescribeVolumesCommand } from '@aws-sdk/client-ec2';
import { runCirro } from './cirro-process.js';

/** A web server with a data disk, its group, and a spare group: something for each kind of hand change to hit. */
const template = JSON.stringify({
  Parameters: { ImageId: { Type: 'String' } },
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.50.0.0/16', Tags: [{ Key: 'Name', Value: 'drift-cli' }] } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.50.1.0/24', AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } } },
    WebGroup: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: 'web', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }] },
    },
    Spare: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'spare', VpcId: { Ref: 'Vpc' } } },
    Web: { Type: 'AWS::EC2::Instance', Properties: { ImageId: { Ref: 'ImageId' }, InstanceType: 't3.micro', SubnetId: { Ref: 'Subnet' }, SecurityGroupIds: [{ Ref: 'WebGroup' }] } },
    Data: { Type: 'AWS::EC2::Volume', Properties: { AvailabilityZone: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, Size: 20, VolumeType: 'gp3', Encrypted: true } },
    Attach: { Type: 'AWS::EC2::VolumeAttachment', Properties: { VolumeId: { Ref: 'Data' }, InstanceId: { Ref: 'Web' }, Device: '/dev/sdf' } },
  },
});

/**
 * One gym world with the stack deployed by `aws cloudformation deploy` and then changed by hand with the AWS CLI.
 * Each deploy takes about 30 s: the CLI's stack waiter sleeps 30 s after its first look, whatever the cloud's speed.
 */
interface World {
  readonly gym: Gym;
  readonly ids: Record<string, string>;
  readonly handMade: string;
  readonly directory: string;
}

const cliAvailable = !!findAwsCli();

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function deploy(gym: Gym, file: string, overrides: readonly string[] = []): Promise<void> {
  const result = await awsCli(gym.endpoint, ['cloudformation', 'deploy', '--stack-name', 'web', '--template-file', file, '--no-fail-on-empty-changeset', ...(overrides.length ? ['--parameter-overrides', ...overrides] : [])]);
  if (result.status !== 0) {
    const events = await awsJson(gym.endpoint, ['cloudformation', 'describe-stack-events', '--stack-name', 'web']);
    throw new Error(`aws cloudformation deploy failed: ${result.stderr}\n${events.StackEvents.filter((event: any) => /FAILED/.test(event.ResourceStatus)).map((event: any) => `${event.LogicalResourceId}: ${event.ResourceStatusReason}`).join('\n')}`);
  }
}

/** Deploys the stack, then changes it behind CloudFormation's back: SSH opened to the world, a resize, a detached volume, a deleted group, an instance in no stack. */
async function driftedWorld(): Promise<World> {
  const gym = await startTestGym({ speed: 600 });
  const ec2 = (...args: string[]) => awsJson(gym.endpoint, ['ec2', ...args]);
  const directory = mkdtempSync(join(tmpdir(), 'cirro-drift-cli-'));
  writeFileSync(join(directory, 'web.json'), template);
  const imageId = (await ec2('describe-images', '--owners', 'amazon')).Images.find((image: any) => image.Architecture === 'x86_64').ImageId;
  await deploy(gym, join(directory, 'web.json'), [`ImageId=${imageId}`]);
  const resources = (await awsJson(gym.endpoint, ['cloudformation', 'describe-stack-resources', '--stack-name', 'web'])).StackResources;
  const ids: Record<string, string> = Object.fromEntries(resources.map((resource: any) => [resource.LogicalResourceId, resource.PhysicalResourceId]));
  // The changes go through the AWS CLI, as a person at a shell makes them; waiting for them to settle reads with the SDK (a CLI process per poll is slow).
  const reader = sdkClients(gym.endpoint).ec2;
  const instanceState = async () => (await reader.send(new DescribeInstancesCommand({ InstanceIds: [ids['Web']!] }))).Reservations![0]!.Instances![0]!.State!.Name;

  await ec2('authorize-security-group-ingress', '--group-id', ids['WebGroup']!, '--protocol', 'tcp', '--port', '22', '--cidr', '0.0.0.0/0');
  await ec2('stop-instances', '--instance-ids', ids['Web']!);
  await until('the instance to stop', async () => (await instanceState()) === 'stopped');
  await ec2('modify-instance-attribute', '--instance-id', ids['Web']!, '--instance-type', 'Value=t3.large');
  await ec2('start-instances', '--instance-ids', ids['Web']!);
  await until('the instance to run', async () => (await instanceState()) === 'running');
  await ec2('detach-volume', '--volume-id', ids['Data']!);
  await until('the volume to detach', async () => (await reader.send(new DescribeVolumesCommand({ VolumeIds: [ids['Data']!] }))).Volumes![0]!.State === 'available');
  await ec2('delete-security-group', '--group-id', ids['Spare']!);
  const launched = await ec2('run-instances', '--image-id', imageId, '--instance-type', 't3.micro', '--subnet-id', ids['Subnet']!, '--tag-specifications', 'ResourceType=instance,Tags=[{Key=Name,Value=hand-made}]');
  return { gym, ids, handMade: launched.Instances[0].InstanceId, directory };
}

/** The stack's drift status as the AWS CLI reads it: detect-stack-drift, then describe-stack-drift-detection-status until done. */
async function cliDriftStatus(gym: Gym): Promise<string> {
  const { StackDriftDetectionId: id } = await awsJson(gym.endpoint, ['cloudformation', 'detect-stack-drift', '--stack-name', 'web']);
  let status: any;
  await until('drift detection', async () => {
    status = await awsJson(gym.endpoint, ['cloudformation', 'describe-stack-drift-detection-status', '--stack-drift-detection-id', id]);
    return status.DetectionStatus !== 'DETECTION_IN_PROGRESS';
  });
  return status.StackDriftStatus;
}

const instanceOf = async (gym: Gym, id: string) => (await awsJson(gym.endpoint, ['ec2', 'describe-instances', '--instance-ids', id])).Reservations[0].Instances[0];
const ingressOf = async (gym: Gym, id: string) => (await awsJson(gym.endpoint, ['ec2', 'describe-security-groups', '--group-ids', id])).SecurityGroups[0].IpPermissions
  .map((permission: any) => `${permission.FromPort}/${permission.IpProtocol} from ${permission.IpRanges.map((range: any) => range.CidrIp).join(',')}`).sort();
const volumeOf = async (gym: Gym, id: string) => (await awsJson(gym.endpoint, ['ec2', 'describe-volumes', '--volume-ids', id])).Volumes[0];

describe('cirro drift against a stack changed by hand with the AWS CLI: both fixes restore agreement', () => {
  let world: World | undefined;
  before(async () => {
    if (!cliAvailable) return;
    world = await driftedWorld();
    // Each fix starts from the same drifted world: fix B restores this snapshot after fix A ran.
    assert.equal((await admin(world.gym, 'POST', '/_gym/snapshots', { name: 'drifted' })).status, 201);
  });
  after(async () => {
    if (!world) return;
    await world.gym.stop();
    rmSync(world.directory, { recursive: true, force: true });
  });
  const needCli = (context: TestContext) => requireTool(context, cliAvailable, 'AWS CLI v2', AWS_CLI_INSTALL);

  it('finds each hand change with its severity (SSH to the world critical; resize, detached volume and deleted group medium; the stray instance low) and exits 1', async (context) => {
    if (!needCli(context)) return;
    const { gym, handMade } = world!;
    const run = await runCirro(['drift', '--endpoint', gym.endpoint, '--json']);
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(run.json.findings.map((finding: any) => [finding.severity, finding.kind, finding.logicalId ?? finding.physicalId, finding.property ?? '']), [
      ['critical', 'modified', 'WebGroup', '/SecurityGroupIngress/1'],
      ['medium', 'modified', 'Web', '/InstanceType'],
      ['medium', 'deleted', 'Attach', ''],
      ['medium', 'deleted', 'Spare', ''],
      ['low', 'unmanaged', handMade, ''],
    ]);
    assert.equal(await cliDriftStatus(gym), 'DRIFTED');
  });

  it('refuses --restore with --patch and a --finding the report does not have, and without --yes only shows the plan that needs approval, changing nothing', async (context) => {
    if (!needCli(context)) return;
    const { gym, ids } = world!;
    const both = await runCirro(['drift', '--endpoint', gym.endpoint, '--restore', '--patch']);
    assert.equal(both.status, 2);
    assert.match(both.stderr, /--patch brings the code to the cloud, --restore the cloud to the code: use one of them/);
    const unknown = await runCirro(['drift', '--endpoint', gym.endpoint, '--restore', '--yes', '--finding', '9']);
    assert.equal(unknown.status, 2, unknown.stdout + unknown.stderr);
    assert.match(unknown.stderr, /--finding 9: the report has findings 1 to 5 \(run cirro drift to see them numbered\); nothing was changed/);
    const stray = await runCirro(['drift', '--endpoint', gym.endpoint, '--finding', 'two', '--yes']);
    assert.equal(stray.status, 2);
    assert.match(stray.stderr, /--finding goes with --restore \(cirro drift --restore --finding 1\)\n +--yes goes with --restore/);
    assert.match(stray.stderr, /--finding two is not a finding number: give the number cirro drift shows in brackets/);
    const unapproved = await runCirro(['drift', '--endpoint', gym.endpoint, '--restore']);
    assert.equal(unapproved.status, 3, unapproved.stdout + unapproved.stderr);
    assert.match(unapproved.stdout, /This plan needs approval \(medium risk: .*\)\. Nothing was changed; run again with --yes, or from a terminal to be asked\./);
    assert.equal((await instanceOf(gym, ids['Web']!)).InstanceType, 't3.large');
    assert.deepEqual(await ingressOf(gym, ids['WebGroup']!), ['22/tcp from 0.0.0.0/0', '80/tcp from 0.0.0.0/0']);
  });

  it('fix A, --restore --yes: one guarded plan sets the cloud back to the code; the AWS CLI reads the stack IN_SYNC and the stray instance is still reported as unmanaged', async (context) => {
    if (!needCli(context)) return;
    const { gym, ids, handMade } = world!;
    const first = await runCirro(['drift', '--endpoint', gym.endpoint, '--restore', '--finding', '1', '--yes', '--json']);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.equal(first.json.restore.decision, 'executed');
    assert.deepEqual(first.json.restore.plan.steps.map((step: any) => [step.effect, step.action.replace(/ on .*/, '')]), [['update-live', 'revoke ingress 22/tcp from 0.0.0.0/0']]);
    assert.equal(first.json.restore.verification.ok, true);
    assert.deepEqual(first.json.after.stacks.map((stack: any) => [stack.name, stack.status]), [['web', 'DRIFTED']], 'only finding 1 was restored');
    assert.deepEqual(first.json.after.findings.map((finding: any) => finding.logicalId ?? finding.kind), ['Web', 'Attach', 'Spare', 'unmanaged']);
    assert.deepEqual(await ingressOf(gym, ids['WebGroup']!), ['80/tcp from 0.0.0.0/0']);

    const run = await runCirro(['drift', '--endpoint', gym.endpoint, '--restore', '--yes']);
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^not restored: \[4\] AWS::EC2::Instance i-[0-9a-f]+ \(hand-made\): in no stack, so not the code's to restore/m);
    assert.match(run.stdout, /Plan: restore 3 drifted findings in stack web to what the code says\n/);
    assert.match(run.stdout, /role: operator \(the default for a gym\)\n +authorization: every step allowed\n +risk: medium/);
    assert.match(run.stdout, /update \(stop\/start\) change .* from t3\.large to t3\.micro/);
    assert.match(run.stdout, /attach .* as \/dev\/sdf \(detached by hand; the template attaches it\)/);
    assert.match(run.stdout, /update stack web with its original template, so CloudFormation creates Spare anew/);
    assert.match(run.stdout, /\nstack web: IN_SYNC\n/);
    assert.match(run.stdout, /still unmanaged \(not the code's to restore\): .*hand-made/);

    assert.equal(await cliDriftStatus(gym), 'IN_SYNC');
    assert.equal((await instanceOf(gym, ids['Web']!)).InstanceType, 't3.micro');
    assert.deepEqual(await ingressOf(gym, ids['WebGroup']!), ['80/tcp from 0.0.0.0/0']);
    const volume = await volumeOf(gym, ids['Data']!);
    assert.deepEqual(volume.Attachments.map((attachment: any) => [attachment.InstanceId, attachment.Device, attachment.State]), [[ids['Web'], '/dev/sdf', 'attached']]);
    const resources = (await awsJson(gym.endpoint, ['cloudformation', 'describe-stack-resources', '--stack-name', 'web'])).StackResources;
    const spare = resources.find((resource: any) => resource.LogicalResourceId === 'Spare');
    assert.notEqual(spare.PhysicalResourceId, ids['Spare'], 'the lost group is created anew');
    assert.equal((await awsJson(gym.endpoint, ['ec2', 'describe-security-groups', '--group-ids', spare.PhysicalResourceId])).SecurityGroups.length, 1);

    const again = await runCirro(['drift', '--endpoint', gym.endpoint, '--json']);
    assert.equal(again.status, 1, 'the stray instance is still drift: it is in no stack');
    assert.deepEqual(again.json.stacks.map((stack: any) => [stack.name, stack.status]), [['web', 'IN_SYNC']]);
    assert.deepEqual(again.json.findings.map((finding: any) => [finding.kind, finding.physicalId]), [['unmanaged', handMade]]);
    assert.equal((await instanceOf(gym, handMade)).State.Name, 'running', 'restoring the code does not touch what is in no stack');
  });

  it('fix B, --patch --output: the patched template deployed with aws cloudformation deploy leaves the stack IN_SYNC and the cloud as the hands left it', async (context) => {
    if (!needCli(context)) return;
    const { gym, ids, directory } = world!;
    assert.equal((await admin(gym, 'POST', '/_gym/snapshots/drifted/restore')).status, 200);
    assert.equal(await cliDriftStatus(gym), 'DRIFTED', 'the world is as the hands left it again');
    const output = join(directory, 'patched');
    const run = await runCirro(['drift', '--endpoint', gym.endpoint, '--patch', '--output', output]);
    assert.equal(run.status, 1, run.stderr);
    const patched = readFileSync(join(output, 'web.yaml'), 'utf8');
    assert.match(patched, /InstanceType: t3\.large/);
    assert.doesNotMatch(patched, /Attach:|Spare:/, 'the detached attachment and the deleted group leave the code');
    await deploy(gym, join(output, 'web.yaml'));

    assert.equal(await cliDriftStatus(gym), 'IN_SYNC');
    const instance = await instanceOf(gym, ids['Web']!);
    assert.deepEqual([instance.InstanceType, instance.State.Name], ['t3.large', 'running']);
    assert.deepEqual(await ingressOf(gym, ids['WebGroup']!), ['22/tcp from 0.0.0.0/0', '80/tcp from 0.0.0.0/0']);
    assert.deepEqual((await volumeOf(gym, ids['Data']!)).State, 'available', 'the volume stays detached');
    const drift = await runCirro(['drift', '--endpoint', gym.endpoint, '--stack', 'web', '--json']);
    assert.equal(drift.status, 0, drift.stdout);
    assert.deepEqual(drift.json.stacks.map((stack: any) => [stack.name, stack.status]), [['web', 'IN_SYNC']]);
  });
});
