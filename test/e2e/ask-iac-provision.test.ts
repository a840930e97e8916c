import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import type { Gym } from '../../src/gym/gym.js';
import { benchCloud, resetGym, type BenchCloud } from '../../src/bench/bench-cloud.js';
import { createCloudClients } from '../../src/cloud/clients.js';
import { startTestGym } from '../support/gym.js';
import { cirroAsk, runCirro, worldFingerprint } from './cirro-process.js';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';

describe('cirro ask --modality iac provisions into the managed group\'s stack, as a process', () => {
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
  });

  const cloudformation = () => createCloudClients({ endpoint: gym.endpoint, gym: true }).cloudformation;
  async function instanceNamed(name: string) {
    const found = await cloud.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:Name', Values: [name] }, { Name: 'instance-state-name', Values: ['pending', 'running'] }] }));
    return found.Reservations?.flatMap((reservation) => reservation.Instances ?? []) ?? [];
  }

  it('launches an instance as a new stack for its VPC, a second one into the same stack, and the stack stays in sync', async () => {
    const first = await cirroAsk(gym.endpoint, 'launch 1 t3.micro instance called app-1', '--yes', '--json', '--modality', 'iac');
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.equal(first.json.modality.name, 'iac');
    assert.equal(first.json.outcome.status, 'succeeded', first.json.text);
    const stack = /stack (cirro-vpc-[\w-]+), created\)/.exec(first.json.text)?.[1];
    assert.ok(stack, first.json.text);
    const [app1] = await instanceNamed('app-1');
    assert.equal(app1?.InstanceType, 't3.micro');
    assert.equal(app1?.Tags?.find((tag) => tag.Key === 'aws:cloudformation:stack-name')?.Value, stack, 'CloudFormation made it');

    const second = await cirroAsk(gym.endpoint, 'launch 1 t3.small instance called app-2', '--yes', '--json', '--modality', 'iac');
    assert.equal(second.status, 0, second.stdout + second.stderr);
    const [app2] = await instanceNamed('app-2');
    const stacks = await cloudformation().send(new DescribeStacksCommand({ StackName: stack }));
    assert.equal(stacks.Stacks?.[0]?.StackStatus, 'UPDATE_COMPLETE');
    const members = (await cloudformation().send(new ListStackResourcesCommand({ StackName: stack }))).StackResourceSummaries?.map((resource) => resource.PhysicalResourceId).sort();
    assert.deepEqual(members, [app1!.InstanceId, app2!.InstanceId].sort(), 'one stack holds both');
    const drift = await runCirro(['drift', '--endpoint', gym.endpoint]);
    assert.match(drift.stdout, new RegExp(`stack ${stack}: IN_SYNC`), drift.stdout + drift.stderr);
  });

  it('terminating a stack-managed instance removes it from the stack and CloudFormation deletes it; an unmanaged one is terminated through the SDK', async () => {
    for (const name of ['app-1', 'app-2', 'app-3']) {
      const launched = await cirroAsk(gym.endpoint, `launch 1 t3.micro instance called ${name}`, '--yes', '--json', '--modality', 'sdk');
      assert.equal(launched.status, 0, launched.stdout + launched.stderr);
    }
    const adopt = await cirroAsk(gym.endpoint, 'tag app-1 and app-2 with team=web', '--yes', '--json', '--modality', 'iac');
    assert.equal(adopt.status, 0, adopt.stdout + adopt.stderr);
    const stack = /stack (cirro-[\w-]+)/.exec(adopt.json.text)![1]!;
    const [app1] = await instanceNamed('app-1');
    const [app2] = await instanceNamed('app-2');

    const run = await cirroAsk(gym.endpoint, 'terminate app-1', '--yes', '--json', '--modality', 'iac');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.json.modality.name, 'iac');
    assert.match(run.json.text, /let CloudFormation delete App1Instance \(DeletionPolicy Delete\)/);
    assert.deepEqual(await instanceNamed('app-1'), [], 'app-1 is gone');
    const members = (await cloudformation().send(new ListStackResourcesCommand({ StackName: stack }))).StackResourceSummaries?.map((resource) => resource.PhysicalResourceId);
    assert.deepEqual(members, [app2!.InstanceId], `the stack holds app-2 only (app-1 was ${app1!.InstanceId})`);
    const drift = await runCirro(['drift', '--endpoint', gym.endpoint]);
    assert.match(drift.stdout, new RegExp(`stack ${stack}: IN_SYNC`), drift.stdout + drift.stderr);

    // Without --modality, the router sends a terminate of what a stack manages through the stack too (the SDK would leave the stack naming a gone instance).
    const auto = await cirroAsk(gym.endpoint, 'terminate app-2', '--yes', '--json');
    assert.equal(auto.status, 0, auto.stdout + auto.stderr);
    assert.equal(auto.json.modality.name, 'iac');
    assert.match(auto.json.modality.reason, new RegExp(`^terminating resources stack ${stack} manages: .*the SDK would leave the stack naming resources that are gone \\(drift\\)$`));
    assert.deepEqual(await instanceNamed('app-2'), [], 'app-2 is gone');
    await assert.rejects(cloudformation().send(new DescribeStacksCommand({ StackName: stack })), /does not exist/, 'its last resource went with the stack');

    const unmanaged = await cirroAsk(gym.endpoint, 'terminate app-3', '--yes', '--json', '--modality', 'iac');
    assert.equal(unmanaged.status, 0, unmanaged.stdout + unmanaged.stderr);
    assert.equal(unmanaged.json.modality.name, 'sdk');
    assert.match(unmanaged.json.modality.reason, /app-3 is in no stack, so there is no template to remove it from/);
    assert.deepEqual(await instanceNamed('app-3'), []);
  });

  it('a failed creation of a stack with a load balancer rolls back clean: deletion protection goes on only once the stack is made, so nothing is left behind', async () => {
    await fetch(`${gym.endpoint}/_gym/faults`, { method: 'DELETE' });
    const fault = await fetch(`${gym.endpoint}/_gym/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      // The stack creation fails after CloudFormation made the load balancer: its own CreateListener fails.
      body: JSON.stringify({ service: 'elbv2', operation: 'CreateListener', scope: 'internal', error: { code: 'TooManyListeners', message: 'You have reached the maximum number of listeners' } }),
    });
    assert.equal(fault.status, 201, await fault.text());
    const run = await cirroAsk(gym.endpoint, 'launch two VMs named app-1 and app-2 behind a new load balancer', '--yes', '--json', '--modality', 'iac');
    await fetch(`${gym.endpoint}/_gym/faults`, { method: 'DELETE' });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.equal(run.json.modality.name, 'iac');
    assert.equal(run.json.outcome.status, 'rolled-back', run.json.text);
    assert.match(run.json.text, /The cloud is as it was before the plan/);
    const stack = /stack (cirro-[\w-]+)/.exec(run.json.text)![1]!;
    await assert.rejects(cloudformation().send(new DescribeStacksCommand({ StackName: stack })), /does not exist/, 'the failed stack is deleted');
    const { DescribeLoadBalancersCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
    assert.deepEqual((await cloud.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [], [], 'no load balancer is left');
    assert.deepEqual([...await instanceNamed('app-1'), ...await instanceNamed('app-2')], [], 'no instance is left running (CloudFormation terminated them)');

    // Without the fault the same request makes the stack, and the load balancer ends protected, as the template says.
    const again = await cirroAsk(gym.endpoint, 'launch two VMs named app-1 and app-2 behind a new load balancer', '--yes', '--json', '--modality', 'iac');
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.match(again.json.text, /turn on deletion protection for \w+ once the rest stands/);
    const { DescribeLoadBalancerAttributesCommand } = await import('@aws-sdk/client-elastic-load-balancing-v2');
    const [balancer] = (await cloud.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
    const attributes = (await cloud.elbv2.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: balancer!.LoadBalancerArn }))).Attributes ?? [];
    assert.equal(attributes.find((attribute) => attribute.Key === 'deletion_protection.enabled')?.Value, 'true');
    const drift = await runCirro(['drift', '--endpoint', gym.endpoint]);
    assert.match(drift.stdout, new RegExp(`stack ${stack}: IN_SYNC`), drift.stdout + drift.stderr);
  });

  it('a plan with a call the template writer cannot express (a public VPC\'s gateway and routes) runs through the SDK, and says why', async () => {
    const run = await cirroAsk(gym.endpoint, 'create a vpc called shop with 2 public subnets', '--yes', '--json', '--modality', 'iac');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.equal(run.json.modality.name, 'sdk');
    assert.match(run.json.modality.reason, /cannot go through CloudFormation \(Cirro cannot write CreateInternetGateway.* into a template yet\)/);
  });

  it('--show iac --dry-run of a launch prints the new stack\'s template and changes nothing', async () => {
    const before = await worldFingerprint(cloud);
    const run = await cirroAsk(gym.endpoint, 'launch 1 t3.micro instance called app-1', '--modality', 'iac', '--show', 'iac', '--dry-run');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Add\s+App1Instance \(AWS::EC2::Instance\)/);
    assert.doesNotMatch(run.stdout, /"VolumeSize": 0/, 'a size the plan leaves to the image is not written as 0');
    assert.equal(await worldFingerprint(cloud), before);
  });
});
