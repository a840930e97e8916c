import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import type { Gym } from '../../src/gym/gym.js';
import { benchCloud, resetGym, type BenchCloud } from '../../src/bench/bench-cloud.js';
import { launchInstance } from '../../src/bench/fixtures.js';
import { instanceById } from '../../src/bench/probes.js';
import { updateTasks } from '../../src/bench/suites/study-updates.js';
import { createCloudClients } from '../../src/cloud/clients.js';
import { startTestGym } from '../support/gym.js';
import { assertAskShape, cirroAsk, runCirro, worldFingerprint } from './cirro-process.js';

const spotTask = updateTasks.find((task) => task.id === 'update-convert-to-spot')!;

describe('cirro ask --modality iac, as a process', () => {
  let gym: Gym;
  let cloud: BenchCloud;
  before(async () => {
    gym = await startTestGym({ speed: 600 });
    cloud = benchCloud(gym.endpoint);
  });
  after(async () => {
    await gym.stop();
  });
  beforeEach(async () => {
    await resetGym(gym.endpoint);
    await fetch(`${gym.endpoint}/_gym/faults`, { method: 'DELETE' });
  });

  const cloudformation = () => createCloudClients({ endpoint: gym.endpoint, gym: true }).cloudformation;
  async function stackStatus(name: string): Promise<string | undefined> {
    try {
      return (await cloudformation().send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus;
    } catch {
      return undefined;
    }
  }
  async function assertInSync(stack: string): Promise<void> {
    const drift = await runCirro(['drift', '--endpoint', gym.endpoint]);
    assert.match(drift.stdout, new RegExp(`stack ${stack}: IN_SYNC`), drift.stdout + drift.stderr);
  }

  it('resizes an unmanaged VM through CloudFormation: adopted by import, the stack ends UPDATE_COMPLETE, same instance, and the stack is in sync', async () => {
    const web1 = await launchInstance(cloud, { name: 'web-1' });
    const request = 'resize web-1 to t3.large';
    const run = await cirroAsk(gym.endpoint, request, '--yes', '--json', '--modality', 'iac');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assertAskShape(run.json, request);
    assert.equal(run.json.modality.name, 'iac');
    assert.equal(run.json.outcome.status, 'succeeded');
    const stack = /stack (cirro-[\w-]+)/.exec(run.json.text)![1]!;
    assert.equal(await stackStatus(stack), 'UPDATE_COMPLETE');
    const resources = await cloudformation().send(new ListStackResourcesCommand({ StackName: stack }));
    assert.deepEqual(resources.StackResourceSummaries?.map((resource) => resource.PhysicalResourceId), [web1], 'the stack manages web-1 itself');
    const after = await instanceById(cloud, web1);
    assert.equal(after?.InstanceType, 't3.large');
    assert.equal(after?.State?.Name, 'running');
    await assertInSync(stack);
  });

  it('converts an unmanaged instance to spot in fewer steps than the SDK: CloudFormation replaces it, keeping name, subnet, groups, data volume and target-group membership', async () => {
    const fixture = await spotTask.setup!(cloud);
    const run = await cirroAsk(gym.endpoint, 'switch api-1 to spot', '--yes', '--json', '--modality', 'iac');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    // The advisories say what CloudFormation does, not how the SDK plan would (image, relaunch, move).
    assert.match(run.json.text, /CloudFormation will replace api-1 \(Api1Instance\) \(AWS::EC2::Instance\): Replacement True — it is destroyed and recreated \(the new one launched from launch template Api1InstanceLaunchTemplate, as spot, before the old one is terminated\); its volume attachment and its target-group membership move to the new one\. The new instance has a new id and private IP, and a new public IP \(no Elastic IP keeps it\)/);
    assert.doesNotMatch(run.json.text, /Cirro will image/);
    assert.ok(run.json.advisories.every((advisory: { message: string }) => !/image it|launch a spot instance from the image/.test(advisory.message)), JSON.stringify(run.json.advisories));
    assert.deepEqual(await spotTask.check(cloud, fixture, run.json), []);
    const stack = /stack (cirro-[\w-]+)/.exec(run.json.text)![1]!;
    assert.equal(await stackStatus(stack), 'UPDATE_COMPLETE');
    // The new instance reads back with the launch template it came from (EC2's aws:ec2launchtemplate tags), so the stack is in sync.
    await assertInSync(stack);
    const sdkSteps = run.json.plan.steps.length;
    assert.ok(run.json.outcome.agentSteps < sdkSteps, `iac took ${run.json.outcome.agentSteps} steps; the SDK plan has ${sdkSteps}`);
  });

  it('--show iac --dry-run prints the template diff and the import set, and changes nothing', async () => {
    await spotTask.setup!(cloud);
    const before = await worldFingerprint(cloud);
    const run = await cirroAsk(gym.endpoint, 'switch api-1 to spot', '--modality', 'iac', '--show', 'iac', '--dry-run');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Adopted by import first/);
    // One coherent plan: the stack operations, numbered, with the checked change under them.
    assert.match(run.stdout, /^Plan: make api-1 \(i-\w+\) spot by replacing it — through CloudFormation \(stack cirro-[\w-]+, created by import\)$/m);
    assert.match(run.stdout, /^ +1 {2}import api-1 \(i-\w+\), api-data .* into stack cirro-[\w-]+ \(a new stack\)/m);
    assert.match(run.stdout, /^ +2 {2}update stack cirro-[\w-]+: replace api-1 \(Api1Instance\) \[LaunchTemplate\].* \(reviewed as a change set first\)$/m);
    assert.match(run.stdout, /^ +3 {2}update stack cirro-[\w-]+: add ApiDataVolumeAttachment/m);
    assert.match(run.stdout, /^ {2}The change as Cirro checked it .*\n {4}s1 /m);
    assert.match(run.stdout, /^\+\+\+ b\/cirro-[\w-]+\.template\.json$/m);
    assert.match(run.stdout, /^\+\s+"MarketType": "spot"$/m);
    assert.match(run.stdout, /Modify\s+Api1Instance \(AWS::EC2::Instance\) Replacement True/);
    assert.equal(await worldFingerprint(cloud), before);
    const stack = /stack (cirro-[\w-]+)/.exec(run.stdout)![1]!;
    assert.equal(await stackStatus(stack), undefined, 'no stack was made');
  });

  it('a failing update rolls the plan back: the change set is deleted and the import undone (the stack made for it is deleted, web-1 kept), the cloud is as before', async () => {
    const web1 = await launchInstance(cloud, { name: 'web-1' });
    const fault = await fetch(`${gym.endpoint}/_gym/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      // The import's ExecuteChangeSet goes through; the update's fails (a 400: not retried).
      body: JSON.stringify({ operation: 'ExecuteChangeSet', skip: 1, count: 1, error: { code: 'InsufficientCapabilitiesException', message: 'Requires capabilities : [CAPABILITY_IAM]', status: 400 } }),
    });
    assert.ok(fault.ok, await fault.text());
    const run = await cirroAsk(gym.endpoint, 'resize web-1 to t3.large', '--yes', '--json', '--modality', 'iac');
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.equal(run.json.outcome.status, 'rolled-back', run.json.text);
    const after = await instanceById(cloud, web1);
    assert.equal(after?.InstanceType, 't3.micro');
    assert.equal(after?.State?.Name, 'running');
    const stack = /stack (cirro-[\w-]+)/.exec(run.json.text)![1]!;
    assert.equal(await stackStatus(stack), undefined, 'the stack made for the import is gone (by name); web-1 stayed (Retain)');
  });

  it('CloudFormation\'s own rollback: a resize whose ModifyInstanceAttribute fails inside the stack update leaves the stack UPDATE_ROLLBACK_COMPLETE, the plan rolled back and the type unchanged', async () => {
    const web1 = await launchInstance(cloud, { name: 'web-1' });
    const adopt = await cirroAsk(gym.endpoint, 'tag web-1 with team=web', '--yes', '--json', '--modality', 'iac');
    assert.equal(adopt.status, 0, adopt.stdout + adopt.stderr);
    const stack = /stack (cirro-[\w-]+)/.exec(adopt.json.text)![1]!;
    const fault = await fetch(`${gym.endpoint}/_gym/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      // Only the engine's own EC2 call fails: Cirro's calls from outside go through.
      body: JSON.stringify({ service: 'ec2', operation: 'ModifyInstanceAttribute', scope: 'internal', error: { code: 'InsufficientInstanceCapacity', message: 'There is no t3.large capacity in us-east-1a.' } }),
    });
    assert.equal(fault.status, 201, await fault.text());
    const run = await cirroAsk(gym.endpoint, 'resize web-1 to t3.large', '--yes', '--json', '--modality', 'iac');
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.equal(run.json.outcome.status, 'rolled-back', run.json.text);
    assert.match(run.json.text, /it became UPDATE_ROLLBACK_COMPLETE/);
    assert.equal(await stackStatus(stack), 'UPDATE_ROLLBACK_COMPLETE');
    const after = await instanceById(cloud, web1);
    assert.equal(after?.InstanceType, 't3.micro');
    assert.equal(after?.State?.Name, 'running', 'CloudFormation started it again');
    await assertInSync(stack);
  });

  it('reports truthfully what is left when the second update fails after the first replaced the instance: the replacement stays, the volume is not attached again', async () => {
    const fixture = await spotTask.setup!(cloud);
    const fault = await fetch(`${gym.endpoint}/_gym/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      // The first AttachVolume CloudFormation makes is the second update's (attaching the data volume to the new instance).
      body: JSON.stringify({ service: 'ec2', operation: 'AttachVolume', scope: 'internal', error: { code: 'VolumeInUse', message: 'vol is already attached to an instance' } }),
    });
    assert.equal(fault.status, 201, await fault.text());
    const run = await cirroAsk(gym.endpoint, 'switch api-1 to spot', '--yes', '--json', '--modality', 'iac');
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.equal(run.json.outcome.status, 'rollback-failed', 'not everything was undone, and the report says so');
    assert.doesNotMatch(run.json.text, /The cloud is as it was before the plan/);
    assert.match(run.json.text, /the replacement of Api1Instance stays, and ApiDataVolumeAttachment \(Add\) is not done/);
    const spot = (await cloud.ec2.send(new (await import('@aws-sdk/client-ec2')).DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: ['api-1'] }, { Name: 'instance-state-name', Values: ['running'] }] }))).Reservations?.flatMap((reservation) => reservation.Instances ?? []) ?? [];
    assert.equal(spot.length, 1);
    assert.equal(spot[0]!.InstanceLifecycle, 'spot', 'the replacement happened');
    assert.notEqual(spot[0]!.InstanceId, fixture['api1'], 'a new instance');
    assert.ok(!spot[0]!.BlockDeviceMappings?.some((device) => device.DeviceName !== spot[0]!.RootDeviceName), 'the data volume is not attached to it');
  });

  it('keeps a user stack\'s parameter values on update: a stack made with an explicit subnet (its template\'s default names another) is resized in place, not moved', async () => {
    // Without UsePreviousValue the update would fall back to the default subnet and CloudFormation would
    // replace web-1 (which the review check then refuses): the resize must just resize.
    const { DescribeSubnetsCommand } = await import('@aws-sdk/client-ec2');
    const { CreateStackCommand, DescribeStackResourcesCommand } = await import('@aws-sdk/client-cloudformation');
    const subnets = (await cloud.ec2.send(new DescribeSubnetsCommand({}))).Subnets!.filter((subnet) => subnet.DefaultForAz).map((subnet) => subnet.SubnetId!);
    const { amazonLinuxImage } = await import('../../src/bench/fixtures.js');
    const template = {
      Parameters: { Subnet: { Type: 'AWS::EC2::Subnet::Id', Default: subnets[1] } },
      Resources: { Web: { Type: 'AWS::EC2::Instance', Properties: { ImageId: await amazonLinuxImage(cloud), InstanceType: 't3.micro', SubnetId: { Ref: 'Subnet' }, Tags: [{ Key: 'Name', Value: 'web-1' }] } } },
    };
    await cloudformation().send(new CreateStackCommand({ StackName: 'shop', TemplateBody: JSON.stringify(template), Parameters: [{ ParameterKey: 'Subnet', ParameterValue: subnets[0] }] }));
    for (let tries = 0; (await stackStatus('shop')) !== 'CREATE_COMPLETE' && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    const web1 = (await cloudformation().send(new DescribeStackResourcesCommand({ StackName: 'shop' }))).StackResources![0]!.PhysicalResourceId!;
    const run = await cirroAsk(gym.endpoint, 'resize web-1 to t3.large', '--yes', '--json', '--modality', 'iac');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.json.outcome.status, 'succeeded', run.json.text);
    assert.equal(await stackStatus('shop'), 'UPDATE_COMPLETE');
    const after = await instanceById(cloud, web1);
    assert.equal(after?.State?.Name, 'running', 'the same instance, not a replacement');
    assert.equal(after?.InstanceType, 't3.large');
    assert.equal(after?.SubnetId, subnets[0], 'still in the subnet the user gave');
    const stack = (await cloudformation().send(new DescribeStacksCommand({ StackName: 'shop' }))).Stacks![0]!;
    assert.equal(stack.Parameters?.find((parameter) => parameter.ParameterKey === 'Subnet')?.ParameterValue, subnets[0], 'the parameter keeps the value the user gave');
    await assertInSync('shop');
  });

  it('auto picks IaC for a replace-style update of a stack-managed instance, and says so', async () => {
    await spotTask.setup!(cloud);
    const adopt = await cirroAsk(gym.endpoint, 'tag api-1 with team=api', '--yes', '--json', '--modality', 'iac');
    assert.equal(adopt.status, 0, adopt.stdout + adopt.stderr);
    const run = await cirroAsk(gym.endpoint, 'switch api-1 to spot', '--yes', '--json');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.json.modality.name, 'iac');
    assert.match(run.json.modality.reason, /replace-style update of resources stack cirro-[\w-]+ manages/);
  });

  it('a request the guard refuses stays refused under iac, and nothing changes', async () => {
    await launchInstance(cloud, { name: 'web-1' });
    const before = await worldFingerprint(cloud);
    const run = await cirroAsk(gym.endpoint, 'resize web-1 to t3.large', '--yes', '--json', '--modality', 'iac', '--read-only');
    assert.equal(run.status, 2, run.stdout + run.stderr);
    assert.equal(run.json.decision, 'refused');
    assert.equal(await worldFingerprint(cloud), before);
  });
});
