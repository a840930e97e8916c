import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTagsCommand, DescribeImagesCommand, DescribeInstancesCommand, DescribeTagsCommand, DescribeVpcsCommand, RunInstancesCommand,
  StopInstancesCommand, TerminateInstancesCommand, waitUntilInstanceRunning,
} from '@aws-sdk/client-ec2';
import { CreateTargetGroupCommand, DescribeTargetHealthCommand, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AgentCredentials } from '../../src/gateway/types.js';
import { agentClients, startGatewayRig, type GatewayRig } from '../support/gateway.js';
import { sdkError } from '../support/sdk.js';

describe('plan-bound mode: a bound credential makes only the calls its plan declares', () => {
  let rig: GatewayRig;
  let image: string;
  let vpcId: string;

  const launchDirect = async (name: string) => {
    const run = await rig.direct.ec2.send(new RunInstancesCommand({
      ImageId: image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }] }],
    }));
    return run.Instances![0]!.InstanceId!;
  };
  const stateOf = async (id: string) =>
    (await rig.direct.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!.State!.Name;
  const tagsOf = async (id: string) =>
    Object.fromEntries((await rig.direct.ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [id] }] }))).Tags!.map((tag) => [tag.Key, tag.Value]));

  before(async () => {
    rig = await startGatewayRig();
    const images = await rig.direct.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023*-x86_64'] }] }));
    image = images.Images![0]!.ImageId!;
    vpcId = (await rig.direct.ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
  });
  after(async () => {
    await rig.close();
  });

  describe('while the plan runs', () => {
    let agent: AgentCredentials;
    let keep: string;
    let other: string;
    let unbind: () => Promise<void>;

    before(async () => {
      agent = await rig.gateway.issueCredentials({ agent: 'executor', role: 'operator' });
      keep = await launchDirect('web-1');
      other = await launchDirect('db-2');
      unbind = await rig.gateway.bindPlan(agent.accessKeyId, {
        planId: 'plan-7',
        calls: [
          { service: 'ec2', operation: 'RunInstances', resourceIds: [] },
          { service: 'ec2', operation: 'CreateTags', resourceIds: [keep] },
          { service: 'ec2', operation: 'TerminateInstances', resourceIds: [] },
          { service: 'elbv2', operation: 'CreateTargetGroup', resourceIds: [vpcId] },
          { service: 'elbv2', operation: 'RegisterTargets', resourceIds: [keep] },
        ],
        expiresAt: new Date(Date.now() + 3600_000),
      });
    });

    it('admits the declared calls, including ones on the ids the plan\'s own creates returned', async () => {
      const clients = agentClients(rig.gateway.endpoint, agent);
      const run = await clients.ec2.send(new RunInstancesCommand({ ImageId: image, InstanceType: 't3.micro', MinCount: 2, MaxCount: 2 }));
      const made = run.Instances!.map((instance) => instance.InstanceId!);
      await clients.ec2.send(new CreateTagsCommand({ Resources: [...made, keep], Tags: [{ Key: 'team', Value: 'web' }] }));
      assert.equal((await tagsOf(keep))['team'], 'web');
      const group = await clients.elbv2.send(new CreateTargetGroupCommand({ Name: 'plan-tg', Protocol: 'HTTP', Port: 80, VpcId: vpcId }));
      const groupArn = group.TargetGroups![0]!.TargetGroupArn!;
      await waitUntilInstanceRunning({ client: rig.direct.ec2, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { InstanceIds: [keep, made[0]!] });
      await clients.elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: groupArn, Targets: [{ Id: keep }, { Id: made[0]! }] }));
      const health = await rig.direct.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: groupArn }));
      assert.equal(health.TargetHealthDescriptions!.length, 2);
      await clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: [made[1]!] }));
      assert.match(String(await stateOf(made[1]!)), /shutting-down|terminated/);
    });

    it('refuses an undeclared TerminateInstances on another instance, records it, and the instance lives', async () => {
      const failure = await sdkError(agentClients(rig.gateway.endpoint, agent).ec2.send(new TerminateInstancesCommand({ InstanceIds: [other] })));
      assert.equal(failure.code, 'UnauthorizedOperation');
      assert.match(failure.message, new RegExp(`ec2:TerminateInstances on instance ${other} is not in plan plan-7`));
      assert.match(failure.message, /agent executor, role operator/);
      assert.match(String(await stateOf(other)), /pending|running/);
      const recorded = rig.audit.entries.find((entry) => entry.type === 'refusal' && entry.resources?.includes(other));
      assert.equal(recorded?.planId, 'plan-7');
      assert.equal(recorded?.actor, 'gateway:executor');
      assert.equal(recorded?.data['operation'], 'TerminateInstances');
    });

    it('refuses an operation the plan does not declare, naming the ones it does', async () => {
      const failure = await sdkError(agentClients(rig.gateway.endpoint, agent).ec2.send(new StopInstancesCommand({ InstanceIds: [keep] })));
      assert.equal(failure.code, 'UnauthorizedOperation');
      assert.match(failure.message, /ec2:StopInstances is not in plan plan-7: the plan declares ec2:RunInstances, ec2:CreateTags/);
    });

    it('refuses a declared operation on a resource the plan neither names nor made', async () => {
      const failure = await sdkError(agentClients(rig.gateway.endpoint, agent).ec2.send(new CreateTagsCommand({ Resources: [other], Tags: [{ Key: 'x', Value: 'y' }] })));
      assert.equal(failure.code, 'UnauthorizedOperation');
      assert.match(failure.message, new RegExp(`only for ${keep}`));
      assert.equal((await tagsOf(other))['x'], undefined);
    });

    it('keeps reads open', async () => {
      const described = await agentClients(rig.gateway.endpoint, agent).ec2.send(new DescribeInstancesCommand({ InstanceIds: [other] }));
      assert.equal(described.Reservations!.length, 1);
    });

    it('after unbinding, the credential is back to what its role allows', async () => {
      await unbind();
      await agentClients(rig.gateway.endpoint, agent).ec2.send(new CreateTagsCommand({ Resources: [other], Tags: [{ Key: 'x', Value: 'y' }] }));
      assert.equal((await tagsOf(other))['x'], 'y');
    });
  });

  it('stops admitting a plan\'s calls when its binding expires, and keeps the credential locked until unbound', async () => {
    // A gateway whose clock the test moves; the client's clock moves with it, so signatures stay current.
    const shift = { ms: 0 };
    const timed = await startGatewayRig({ clock: { now: () => Date.now() + shift.ms } });
    try {
      const agent = await timed.gateway.issueCredentials({ agent: 'short-lived', role: 'operator' });
      const target = (await timed.direct.ec2.send(new RunInstancesCommand({ ImageId: image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }))).Instances![0]!.InstanceId!;
      const unbind = await timed.gateway.bindPlan(agent.accessKeyId, {
        planId: 'plan-8', calls: [{ service: 'ec2', operation: 'CreateTags', resourceIds: [target] }], expiresAt: new Date(Date.now() + 60_000),
      });
      const tag = (value: string) =>
        agentClients(timed.gateway.endpoint, agent, { systemClockOffset: shift.ms }).ec2.send(new CreateTagsCommand({ Resources: [target], Tags: [{ Key: 'step', Value: value }] }));
      const step = async () => Object.fromEntries((await timed.direct.ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [target] }] }))).Tags!.map((entry) => [entry.Key, entry.Value]))['step'];
      await tag('1');
      shift.ms = 61_000;
      const failure = await sdkError(tag('2'));
      assert.equal(failure.code, 'UnauthorizedOperation');
      assert.match(failure.message, /plan plan-8's binding ended at/);
      assert.equal(await step(), '1');
      await agentClients(timed.gateway.endpoint, agent, { systemClockOffset: shift.ms }).ec2.send(new DescribeInstancesCommand({ InstanceIds: [target] }));
      await unbind();
      await tag('3');
      assert.equal(await step(), '3');
    } finally {
      await timed.close();
    }
  });
});
