import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeImagesCommand, DescribeInstancesCommand, DescribeSecurityGroupsCommand, DescribeVolumesCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import type { ApiCall, Plan, Step } from '../../src/plan/plan.js';
import { instanceState, volumeState } from '../../src/plan/waits.js';
import { runPlan, type JournalEntry, type ProgressEvent, type RunOptions } from '../../src/exec/runner.js';
import { sdkTransport } from '../../src/exec/sdk-transport.js';
import type { CloudTransport } from '../../src/exec/transport.js';
import { admin, startTestGym, TEST_CREDENTIALS } from '../support/gym.js';
import { sdkClients } from '../support/sdk.js';

const ref = (step: string, output: string) => ({ $ref: step, output });

/** A step with the fields these tests do not care about filled in. */
function step(id: string, fields: Pick<Step, 'effect' | 'call'> & Partial<Step>): Step {
  return { id, action: `${fields.effect} ${id}`, resource: { kind: 'volume', name: id }, dependsOn: [], ...fields };
}

function plan(...steps: Step[]): Plan {
  return { intent: { type: 'create-volume', volume: { sizeGiB: 1 } }, summary: 'a test plan', steps, advisories: [], postconditions: [] };
}

const createVolume = (id: string, extra: Partial<Step> = {}): Step => step(id, {
  effect: 'create',
  call: { service: 'ec2', operation: 'CreateVolume', input: { AvailabilityZone: 'us-east-1a', Size: 1, VolumeType: 'gp3' } },
  outputs: { volumeId: 'VolumeId' },
  inverse: { service: 'ec2', operation: 'DeleteVolume', input: { VolumeId: ref(id, 'volumeId') } },
  ...extra,
});

/** A step whose call the tests make fail with an injected fault. */
const tagVolume = (id: string, volumeStep: string): Step => step(id, {
  effect: 'update-live',
  call: { service: 'ec2', operation: 'CreateTags', input: { Resources: [ref(volumeStep, 'volumeId')], Tags: [{ Key: 'team', Value: 'rollback' }] } },
  inverse: { service: 'ec2', operation: 'DeleteTags', input: { Resources: [ref(volumeStep, 'volumeId')], Tags: [{ Key: 'team' }] } },
});

const tagInstance = (id: string, instanceStep: string): Step => step(id, {
  effect: 'update-live',
  call: { service: 'ec2', operation: 'CreateTags', input: { Resources: [ref(instanceStep, 'instanceId')], Tags: [{ Key: 'team', Value: 'rollback' }] } },
});

const denied = { code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', status: 403 };
const fast: RunOptions = { backoffMs: 5, pollMs: [10, 50], random: () => 0.5 };

describe('rollback and stuck detection in the plan runner, against a gym', () => {
  let gym: Gym;
  let clients: ReturnType<typeof sdkClients>;
  let vpcId: string;
  let imageId: string;
  let counter = 0;
  before(async () => {
    gym = await startTestGym({ speed: 600 });
    clients = sdkClients(gym.endpoint);
    vpcId = (await clients.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
    const images = await clients.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-*-x86_64'] }] }));
    imageId = images.Images![0]!.ImageId!;
  });
  beforeEach(async () => {
    await admin(gym, 'DELETE', '/_gym/faults');
    await admin(gym, 'POST', '/_gym/clock', { freeze: false, speed: 600 });
  });
  after(async () => {
    clients.ec2.destroy();
    clients.elbv2.destroy();
    clients.sts.destroy();
    await gym.stop();
  });

  const transport = () => sdkTransport({ endpoint: gym.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS });
  const fail = (operation: string, extra: Record<string, unknown> = {}) => admin(gym, 'POST', '/_gym/faults', { operation, error: denied, ...extra });
  const volumeExists = async (id: unknown) => ((await clients.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'volume-id', Values: [String(id)] }] }))).Volumes ?? []).length > 0;
  const groupExists = async (id: unknown) => ((await clients.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: [String(id)] }] }))).SecurityGroups ?? []).length > 0;
  const instanceStateOf = async (id: unknown) => (await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [String(id)] }))).Reservations?.[0]?.Instances?.[0]?.State?.Name;

  const securityGroup = (id: string): Step => step(id, {
    effect: 'create',
    resource: { kind: 'security-group', name: id },
    call: { service: 'ec2', operation: 'CreateSecurityGroup', input: { GroupName: `rollback-${++counter}`, Description: 'rollback test', VpcId: vpcId } },
    outputs: { groupId: 'GroupId' },
    inverse: { service: 'ec2', operation: 'DeleteSecurityGroup', input: { GroupId: ref(id, 'groupId') } },
  });
  const launch = (id: string, groupStep: string, extra: Partial<Step> = {}): Step => step(id, {
    effect: 'create',
    resource: { kind: 'instance', name: id },
    call: { service: 'ec2', operation: 'RunInstances', input: { ImageId: imageId, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SecurityGroupIds: [ref(groupStep, 'groupId')] } },
    outputs: { instanceId: 'Instances[0].InstanceId' },
    inverse: { service: 'ec2', operation: 'TerminateInstances', input: { InstanceIds: [ref(id, 'instanceId')] } },
    ...extra,
  });

  it('undoes the applied steps newest first, journaling each with its undo resolved', async () => {
    const ingress: ApiCall['input'] = { GroupId: ref('s1', 'groupId'), IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }] };
    const steps = [
      securityGroup('s1'),
      step('s2', { effect: 'update-live', call: { service: 'ec2', operation: 'AuthorizeSecurityGroupIngress', input: ingress }, inverse: { service: 'ec2', operation: 'RevokeSecurityGroupIngress', input: ingress } }),
      createVolume('s3', { wait: volumeState(ref('s3', 'volumeId'), 'available', 'the volume') }),
      step('s4', { effect: 'read', call: { service: 'ec2', operation: 'DescribeVolumes', input: { VolumeIds: [ref('s3', 'volumeId')] } } }),
      tagVolume('s5', 's3'),
      step('s6', { effect: 'update-live', call: { service: 'ec2', operation: 'CreateTags', input: { Resources: [ref('s3', 'volumeId')], Tags: [{ Key: 'never', Value: 'run' }] } } }),
    ];
    await fail('CreateTags');
    const events: ProgressEvent[] = [];
    const journal: JournalEntry[] = [];
    const report = await runPlan(plan(...steps), transport(), { ...fast, onProgress: (event) => events.push(event), onJournal: (entry) => journal.push(entry) });

    assert.equal(report.status, 'rolled-back');
    assert.deepEqual(report.steps.map((result) => result.status), ['done', 'done', 'done', 'done', 'failed', 'not-run']);
    assert.deepEqual(report.rollback?.steps.map((undo) => [undo.stepId, undo.status]), [['s3', 'undone'], ['s2', 'undone'], ['s1', 'undone']], 'the read step is not listed; the failed step changed nothing');
    const rollbackEvents = events.filter((event) => event.type === 'rollback-start' || event.type === 'undo').map((event) => (event.type === 'undo' ? event.step.id : `start ${event.type === 'rollback-start' ? event.count : ''}`));
    assert.deepEqual(rollbackEvents, ['start 3', 's3', 's2', 's1']);

    const groupId = report.values['s1']!['groupId'];
    const volumeId = report.values['s3']!['volumeId'];
    assert.deepEqual(journal.map((entry) => entry.stepId), ['s1', 's2', 's3'], 'only steps that changed the cloud are journaled');
    assert.deepEqual(journal[0]!.inverse, { service: 'ec2', operation: 'DeleteSecurityGroup', input: { GroupId: groupId } });
    assert.deepEqual(journal[2]!.inverse?.input, { VolumeId: volumeId });
    assert.equal((journal[1]!.call.input as Record<string, unknown>)['GroupId'], groupId, 'the journaled call has its references filled in');
    assert.equal(await groupExists(groupId), false);
    assert.equal(await volumeExists(volumeId), false);
  });

  it('terminates what RunInstances made (an undo that references the step\'s own output) and waits for it before deleting its group', async () => {
    await fail('CreateTags');
    const events: ProgressEvent[] = [];
    const inverseWait = instanceState([ref('s2', 'instanceId')], 'terminated', 'the instance');
    const report = await runPlan(plan(securityGroup('s1'), launch('s2', 's1', { inverseWait }), tagInstance('s3', 's2')), transport(), { ...fast, onProgress: (event) => events.push(event) });
    assert.equal(report.status, 'rolled-back', JSON.stringify(report.rollback));
    const instanceId = report.values['s2']!['instanceId'];
    assert.equal(await instanceStateOf(instanceId), 'terminated', 'the undo waited until the instance was gone');
    assert.equal(await groupExists(report.values['s1']!['groupId']), false);
    assert.ok(!events.some((event) => event.type === 'retry' && event.code === 'DependencyViolation'), 'with the wait, the group is free when it is deleted');
  });

  it('retries DependencyViolation while a terminating instance still holds its group', async () => {
    await fail('CreateTags');
    // Hold the clock from just before the terminate until the first delete of the group, so the group is surely still in use.
    const base = transport();
    let held = false;
    const holding: CloudTransport = {
      modality: base.modality,
      describe: base.describe.bind(base),
      async call(service, operation, input) {
        try {
          // Frozen before the terminate, so the instance cannot finish shutting down before the group's delete.
          if (operation === 'TerminateInstances') held = (await admin(gym, 'POST', '/_gym/clock', { freeze: true })).status === 200;
          return await base.call(service, operation, input);
        } finally {
          if (operation === 'DeleteSecurityGroup' && held) held = (await admin(gym, 'POST', '/_gym/clock', { freeze: false })).status !== 200;
        }
      },
    };
    const events: ProgressEvent[] = [];
    const report = await runPlan(plan(securityGroup('s1'), launch('s2', 's1'), tagInstance('s3', 's2')), holding, { ...fast, onProgress: (event) => events.push(event) });
    assert.equal(report.status, 'rolled-back', JSON.stringify(report.rollback));
    assert.ok(events.some((event) => event.type === 'retry' && event.step.id === 's1' && event.code === 'DependencyViolation'), 'the group was busy at first');
    assert.equal(await groupExists(report.values['s1']!['groupId']), false);
  });

  it('retries a throttled undo and still rolls back', async () => {
    await fail('CreateTags');
    await admin(gym, 'POST', '/_gym/faults', { operation: 'DeleteVolume', count: 2, throttle: true });
    const events: ProgressEvent[] = [];
    const report = await runPlan(plan(createVolume('s1'), tagVolume('s2', 's1')), transport(), { ...fast, onProgress: (event) => events.push(event) });
    assert.equal(report.status, 'rolled-back');
    assert.equal(events.filter((event) => event.type === 'retry' && event.step.id === 's1' && event.code === 'RequestLimitExceeded').length, 2);
    assert.equal(await volumeExists(report.values['s1']!['volumeId']), false);
  });

  it('reports an undo that keeps failing as rollback-failed, with the undo call a person can run', async () => {
    await fail('CreateTags');
    await fail('DeleteVolume', { count: 20 });
    const report = await runPlan(plan(createVolume('s1'), tagVolume('s2', 's1')), transport(), fast);
    assert.equal(report.status, 'rollback-failed');
    const volumeId = report.values['s1']!['volumeId'];
    const [undo] = report.rollback!.steps;
    assert.equal(undo?.status, 'failed');
    assert.equal(undo?.error?.code, 'UnauthorizedOperation');
    assert.equal(undo?.resource, volumeId);
    assert.deepEqual(undo?.inverse, { service: 'ec2', operation: 'DeleteVolume', input: { VolumeId: volumeId } });
    assert.equal(await volumeExists(volumeId), true, 'nothing pretends the volume is gone');
  });

  it('marks applied steps without an undo, or irreversible ones, as cannot-undo', async () => {
    await fail('CreateTags');
    const noInverse = createVolume('s1', { inverse: undefined });
    const irreversible = createVolume('s2', { inverse: undefined, irreversible: 'a test step that cannot be taken back' });
    const report = await runPlan(plan(noInverse, irreversible, createVolume('s3'), tagVolume('s4', 's3')), transport(), fast);
    assert.equal(report.status, 'rollback-failed');
    assert.deepEqual(report.rollback?.steps.map((undo) => [undo.stepId, undo.status, undo.error?.code]), [['s3', 'undone', undefined], ['s2', 'cannot-undo', 'Irreversible'], ['s1', 'cannot-undo', 'CannotUndo']]);
    assert.match(report.rollback!.steps[1]!.error!.message, /cannot be taken back/);
    assert.equal(await volumeExists(report.values['s1']!['volumeId']), true);
  });

  it('leaves everything in place when rollback is off', async () => {
    await fail('CreateTags');
    const events: ProgressEvent[] = [];
    const report = await runPlan(plan(createVolume('s1'), tagVolume('s2', 's1')), transport(), { ...fast, rollback: false, onProgress: (event) => events.push(event) });
    assert.equal(report.status, 'failed');
    assert.equal(report.rollback, undefined);
    assert.ok(!events.some((event) => event.type === 'rollback-start'));
    assert.equal(await volumeExists(report.values['s1']!['volumeId']), true);
  });

  it('sends undo calls through undoTransport when one is given (the SDK, for a plan the CLI ran)', async () => {
    await fail('CreateTags');
    const undoCalls: string[] = [];
    const sdk = transport();
    const recording: CloudTransport = { modality: 'sdk', describe: sdk.describe, call: (service, operation, input) => (undoCalls.push(operation), sdk.call(service, operation, input)) };
    const report = await runPlan(plan(createVolume('s1'), tagVolume('s2', 's1')), transport(), { ...fast, undoTransport: recording });
    assert.equal(report.status, 'rolled-back');
    assert.deepEqual(undoCalls, ['DeleteVolume']);
    assert.equal(await volumeExists(report.values['s1']!['volumeId']), false);
  });

  it('counts a step whose call went through but whose wait failed as applied, and undoes it', async () => {
    await fail('DescribeVolumes');
    const report = await runPlan(plan(createVolume('s1', { wait: volumeState(ref('s1', 'volumeId'), 'available', 'the volume') }), tagVolume('s2', 's1')), transport(), fast);
    assert.equal(report.status, 'rolled-back');
    assert.equal(report.steps[0]!.status, 'failed');
    assert.equal(report.steps[0]!.error?.code, 'UnauthorizedOperation');
    assert.equal(report.steps[0]!.applied, true);
    assert.deepEqual(report.rollback?.steps.map((undo) => [undo.stepId, undo.status]), [['s1', 'undone']]);
    assert.equal(await volumeExists(report.values['s1']!['volumeId']), false);
  });

  it('says nothing changed when the first changing step fails', async () => {
    await fail('CreateVolume');
    const report = await runPlan(plan(createVolume('s1'), tagVolume('s2', 's1')), transport(), fast);
    assert.equal(report.status, 'failed');
    assert.deepEqual(report.rollback, { steps: [] });
  });

  it('stops a run stuck on the same failing call before its retries run out, and rolls back', async () => {
    await admin(gym, 'POST', '/_gym/faults', { operation: 'CreateTags', count: 20, throttle: true });
    const report = await runPlan(plan(createVolume('s1'), tagVolume('s2', 's1'), tagVolume('s3', 's1')), transport(), { ...fast, maxAttempts: 10, stuck: { maxRepeats: 3 } });
    assert.equal(report.steps[1]!.error?.code, 'Stuck');
    assert.match(report.stuck?.reason ?? '', /CreateTags failed with RequestLimitExceeded 3 times/);
    assert.match(report.stuck?.summary ?? '', /1 of 3 steps done/);
    assert.match(report.stuck?.summary ?? '', /last error: RequestLimitExceeded from CreateTags/);
    assert.equal(report.status, 'rolled-back');
    assert.equal(await volumeExists(report.values['s1']!['volumeId']), false);
  });

  it('stops a run that makes no progress (a wait that sees nothing change) and rolls back', async () => {
    await admin(gym, 'POST', '/_gym/clock', { freeze: true });
    const started = performance.now();
    const report = await runPlan(plan(createVolume('s1', { wait: volumeState(ref('s1', 'volumeId'), 'available', 'the volume') }), tagVolume('s2', 's1')), transport(), { ...fast, stuck: { stallSeconds: 0.4 } });
    assert.ok(performance.now() - started < 5000, 'stopped long before the wait\'s own timeout');
    assert.match(report.stuck?.reason ?? '', /no progress for [\d.]+ s/);
    assert.match(report.stuck?.summary ?? '', /0 of 2 steps done/);
    assert.match(report.stuck?.summary ?? '', /last seen: creating/);
    assert.match(report.stuck?.summary ?? '', /was waiting for the volume to be available/);
    assert.equal(report.status, 'rolled-back');
    assert.equal(await volumeExists(report.values['s1']!['volumeId']), false);
  });
});
