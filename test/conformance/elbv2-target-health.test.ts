import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DescribeImagesCommand, DescribeInstancesCommand, DescribeSubnetsCommand,
  DescribeVpcsCommand, RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, DeregisterTargetsCommand, DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand, RegisterTargetsCommand, waitUntilTargetDeregistered, waitUntilTargetInService,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Gym } from '../../src/gym/gym.js';
import type { Ec2Store } from '../../src/gym/services/ec2/store.js';
import { runningInstance } from '../../src/gym/services/elbv2/test-world.js';
import { admin, startTestGym, TEST_REGION } from '../support/gym.js';
import { AWS_CLI_INSTALL, awsCli, awsJson, cliErrorCode, findAwsCli } from '../support/aws-cli.js';
import { BOTO3_INSTALL, boto3, boto3Available } from '../support/boto3.js';
import { sdkClients, sdkError } from '../support/sdk.js';
import { requireTool } from '../support/external-tool.js';

/**
 * Launches a running instance: through RunInstances when the gym's EC2 serves it, else by putting the
 * instance into EC2's store (the state RunInstances leaves), so these tests do not wait on EC2 compute.
 */
async function launchInstance(gym: Gym, subnetId: string, securityGroupIds?: string[]): Promise<string> {
  const { ec2 } = sdkClients(gym.endpoint);
  const operations = (gym.health()['services'] as { name: string; operations: string[] }[]).find((service) => service.name === 'ec2')!.operations;
  if (operations.includes('RunInstances')) {
    const images = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'architecture', Values: ['x86_64'] }] }));
    const launched = await ec2.send(new RunInstancesCommand({ ImageId: images.Images![0]!.ImageId!, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnetId, SecurityGroupIds: securityGroupIds }));
    const id = launched.Instances![0]!.InstanceId!;
    await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 120 });
    const state = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!.State!.Name;
    assert.equal(state, 'running');
    return id;
  }
  const world = gym.world;
  return world.transaction(() => {
    const context = world.context(TEST_REGION, world.clock.now(), 'conformance-seed');
    const store = context.store<Ec2Store>('ec2');
    const subnet = store.subnets.get(subnetId)!;
    const instance = runningInstance(context, subnet.vpcId, subnet.id, subnet.availabilityZone);
    return store.instances.put({ ...instance, securityGroupIds: securityGroupIds ?? [store.vpcs.get(subnet.vpcId)!.defaultSecurityGroupId] }).id;
  });
}

describe('ELBv2 target health, computed from the world and the simulated clock', () => {
  let gym: Gym;
  let vpcId: string;
  let subnets: string[];
  let counter = 0;

  /** A fresh load balancer and target group (behind an HTTP listener unless told otherwise) and a running instance. */
  async function stack(options: { listener?: boolean; securityGroupIds?: string[] } = {}) {
    const { elbv2 } = sdkClients(gym.endpoint);
    // Launch first: RunInstances needs simulated time to reach running, which must not age the load balancer.
    const instance = await launchInstance(gym, subnets[0]!, options.securityGroupIds);
    const name = `health-${++counter}`;
    const balancer = (await elbv2.send(new CreateLoadBalancerCommand({ Name: name, Subnets: subnets.slice(0, 2) }))).LoadBalancers![0]!.LoadBalancerArn!;
    const group = (await elbv2.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: vpcId }))).TargetGroups![0]!.TargetGroupArn!;
    if (options.listener !== false) {
      await elbv2.send(new CreateListenerCommand({ LoadBalancerArn: balancer, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: group }] }));
    }
    return { elbv2, balancer, group, instance };
  }

  before(async () => {
    gym = await startTestGym();
    await admin(gym, 'POST', '/_gym/clock', { freeze: true });
    const { ec2 } = sdkClients(gym.endpoint);
    vpcId = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!.VpcId!;
    const found = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }))).Subnets!;
    subnets = found.sort((a, b) => a.AvailabilityZone!.localeCompare(b.AvailabilityZone!)).map((subnet) => subnet.SubnetId!);
  });
  after(async () => {
    await gym.stop();
  });

  it('starts initial (not healthy at once) and turns healthy after interval × threshold of simulated time (SDK v3)', async () => {
    const { elbv2, group, instance } = await stack();
    await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: instance }] }));
    const first = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group }));
    assert.deepEqual(first.TargetHealthDescriptions, [{
      Target: { Id: instance, Port: 80 },
      HealthCheckPort: '80',
      TargetHealth: { State: 'initial', Reason: 'Elb.RegistrationInProgress', Description: 'Target registration is in progress' },
    }]);
    await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 180 }); // provisioning is over by now
    const stillInitial = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group }));
    assert.equal(stillInitial.TargetHealthDescriptions![0]!.TargetHealth!.State, 'initial');
    await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 150 }); // 30 s × 5 after the load balancer turned active
    const healthy = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group, Targets: [{ Id: instance }] }));
    assert.deepEqual(healthy.TargetHealthDescriptions![0]!.TargetHealth, { State: 'healthy' });
  });

  it('lets waitUntilTargetInService poll until the target is healthy while the clock runs', async () => {
    const { elbv2, group, instance } = await stack();
    await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: instance }] }));
    await admin(gym, 'POST', '/_gym/clock', { speed: 600 });
    try {
      const waited = await waitUntilTargetInService({ client: elbv2, maxWaitTime: 30, minDelay: 1, maxDelay: 2 }, { TargetGroupArn: group, Targets: [{ Id: instance }] });
      assert.equal(waited.state, 'SUCCESS');
    } finally {
      await admin(gym, 'POST', '/_gym/clock', { freeze: true });
    }
  });

  it('is unused with Target.NotInUse while no listener forwards to the group', async () => {
    const { elbv2, group, instance } = await stack({ listener: false });
    await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: instance }] }));
    await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 600 });
    const described = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group }));
    assert.deepEqual(described.TargetHealthDescriptions![0]!.TargetHealth, {
      State: 'unused',
      Reason: 'Target.NotInUse',
      Description: 'Target group is not configured to receive traffic from the load balancer',
    });
  });

  it('drains for the deregistration delay after DeregisterTargets, then the target deregistered waiter succeeds', async () => {
    const { elbv2, group, instance } = await stack();
    await elbv2.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: group, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }] }));
    await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: instance }] }));
    await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 400 });
    await elbv2.send(new DeregisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: instance }] }));
    const draining = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group }));
    assert.deepEqual(draining.TargetHealthDescriptions![0]!.TargetHealth, {
      State: 'draining',
      Reason: 'Target.DeregistrationInProgress',
      Description: 'Target deregistration is in progress',
    });
    await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 31 });
    const after = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group }));
    assert.deepEqual(after.TargetHealthDescriptions, []);
    const waited = await waitUntilTargetDeregistered({ client: elbv2, maxWaitTime: 10, minDelay: 1, maxDelay: 1 }, { TargetGroupArn: group, Targets: [{ Id: instance }] });
    assert.equal(waited.state, 'SUCCESS');
    const unknown = await sdkError(elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: 'i-0123456789abcdef0' }] })));
    assert.deepEqual([unknown.code, unknown.status, unknown.message], ['InvalidTargetException', 400, "The following instances do not exist: 'i-0123456789abcdef0'"]);
  });

  it('times out health checks that the instance security group does not let in, until a rule admits the load balancer', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const sshOnly = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'ssh-only', Description: 'ssh only', VpcId: vpcId }))).GroupId!;
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sshOnly, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    const { elbv2, group, instance } = await stack({ securityGroupIds: [sshOnly] });
    await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 200 });
    await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: instance }] }));
    await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 60 });
    const failing = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group }));
    assert.deepEqual(failing.TargetHealthDescriptions![0]!.TargetHealth, { State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Request timed out' });
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: sshOnly, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '172.31.0.0/16' }] }] }));
    await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 150 });
    const passing = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group }));
    assert.deepEqual(passing.TargetHealthDescriptions![0]!.TargetHealth, { State: 'healthy' });
  });

  it('shows the same states to the AWS CLI, and rejects an unknown instance', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const { group, instance } = await stack();
    await awsJson(gym.endpoint, ['elbv2', 'register-targets', '--target-group-arn', group, '--targets', `Id=${instance}`]);
    const initial = await awsJson(gym.endpoint, ['elbv2', 'describe-target-health', '--target-group-arn', group]);
    assert.equal(initial.TargetHealthDescriptions[0].TargetHealth.State, 'initial');
    await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 400 });
    const healthy = await awsJson(gym.endpoint, ['elbv2', 'describe-target-health', '--target-group-arn', group]);
    assert.deepEqual(healthy.TargetHealthDescriptions[0].TargetHealth, { State: 'healthy' });
    const unknown = await awsCli(gym.endpoint, ['elbv2', 'register-targets', '--target-group-arn', group, '--targets', 'Id=i-0123456789abcdef0']);
    assert.equal(cliErrorCode(unknown), 'InvalidTarget');
  });

  it('shows the same states to boto3', async (context) => {
    if (!requireTool(context, boto3Available(), 'boto3', BOTO3_INSTALL)) return;
    const { group, instance } = await stack();
    const result = await boto3(gym.endpoint, `
elb = client('elbv2')
elb.register_targets(TargetGroupArn=${JSON.stringify(group)}, Targets=[{'Id': ${JSON.stringify(instance)}}])
health = elb.describe_target_health(TargetGroupArn=${JSON.stringify(group)})['TargetHealthDescriptions'][0]
print(json.dumps({'state': health['TargetHealth']['State'], 'reason': health['TargetHealth']['Reason'], 'port': health['HealthCheckPort']}))
`);
    assert.deepEqual(result, { state: 'initial', reason: 'Elb.RegistrationInProgress', port: '80' });
  });
});
