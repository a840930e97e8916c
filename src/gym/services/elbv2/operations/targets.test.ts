import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejects } from '../test-assertions.js';
import { Elbv2TestWorld } from '../test-world.js';

describe('RegisterTargets', () => {
  it('registers running instances of the group VPC, defaults the port, and is idempotent', () => {
    const world = new Elbv2TestWorld();
    const { vpcId, subnets } = world.defaultNetwork();
    const group = world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId }).TargetGroups[0].TargetGroupArn;
    const instance = world.putInstance(subnets[0]!.id);
    world.call('RegisterTargets', { TargetGroupArn: group, Targets: [{ Id: instance.id }, { Id: instance.id, Port: 8080 }] });
    world.call('RegisterTargets', { TargetGroupArn: group, Targets: [{ Id: instance.id }] });
    const described = world.call('DescribeTargetHealth', { TargetGroupArn: group }).TargetHealthDescriptions;
    assert.deepEqual(described.map((item: { Target: { Port: number } }) => item.Target.Port), [80, 8080]);
    assert.deepEqual(described.map((item: { HealthCheckPort: string }) => item.HealthCheckPort), ['80', '8080']);
  });

  it('rejects missing, stopped and foreign instances with InvalidTarget, and malformed ids with ValidationError', () => {
    const world = new Elbv2TestWorld();
    const { vpcId, subnets } = world.defaultNetwork();
    const group = world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId }).TargetGroups[0].TargetGroupArn;
    const register = (Id: string) => world.call('RegisterTargets', { TargetGroupArn: group, Targets: [{ Id }] });
    rejects(() => register('i-0123456789abcdef0'), 'InvalidTarget', /^The following instances do not exist: 'i-0123456789abcdef0'$/);
    rejects(() => register('web-1'), 'ValidationError', /Instance ID 'web-1' is not valid/);
    const stopped = world.putInstance(subnets[0]!.id, { state: 'stopped' });
    rejects(() => register(stopped.id), 'InvalidTarget', /not in a running state and cannot be registered/);
    const otherVpc = world.change(({ ec2, context }) => {
      const subnet = ec2.subnets.get(subnets[0]!.id)!;
      const vpc = ec2.vpcs.put({ ...ec2.vpcs.get(vpcId)!, id: context.ids.resource('vpc'), isDefault: false });
      return ec2.subnets.put({ ...subnet, id: context.ids.resource('subnet'), vpcId: vpc.id });
    });
    const foreign = world.putInstance(otherVpc.id);
    rejects(() => register(foreign.id), 'InvalidTarget', new RegExp(`not in the target group VPC '${vpcId}'`));
    assert.deepEqual(world.call('DescribeTargetHealth', { TargetGroupArn: group }).TargetHealthDescriptions, []);
  });

  it('accepts private IP targets in the VPC with their zone, and refuses public ones', () => {
    const world = new Elbv2TestWorld();
    const { vpcId } = world.defaultNetwork();
    const group = world.call('CreateTargetGroup', { Name: 'ips', Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip' }).TargetGroups[0].TargetGroupArn;
    world.call('RegisterTargets', { TargetGroupArn: group, Targets: [{ Id: '172.31.0.20' }] });
    const [described] = world.call('DescribeTargetHealth', { TargetGroupArn: group }).TargetHealthDescriptions;
    assert.deepEqual(described.Target, { Id: '172.31.0.20', Port: 80, AvailabilityZone: 'us-east-1a' });
    rejects(() => world.call('RegisterTargets', { TargetGroupArn: group, Targets: [{ Id: '8.8.8.8', AvailabilityZone: 'all' }] }), 'InvalidTarget', /private range/);
  });

  it('reports unknown instances in DescribeTargetHealth as InvalidTarget, as the TargetDeregistered waiter expects', () => {
    const world = new Elbv2TestWorld();
    const { vpcId } = world.defaultNetwork();
    const group = world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId }).TargetGroups[0].TargetGroupArn;
    rejects(() => world.call('DescribeTargetHealth', { TargetGroupArn: group, Targets: [{ Id: 'i-0123456789abcdef0' }] }), 'InvalidTarget');
    rejects(() => world.call('DescribeTargetHealth', { TargetGroupArn: group.replace(/[0-9a-f]{16}$/, '0000000000000000') }), 'TargetGroupNotFound');
  });
});

describe('tags', () => {
  it('adds, lists and removes tags on load balancers and target groups, refusing repeated keys and unknown ARNs', () => {
    const world = new Elbv2TestWorld();
    const { vpcId, subnets } = world.defaultNetwork();
    const balancer = world.call('CreateLoadBalancer', { Name: 'web', Subnets: [subnets[0]!.id, subnets[1]!.id], Tags: [{ Key: 'team', Value: 'web' }] }).LoadBalancers[0].LoadBalancerArn;
    const group = world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId }).TargetGroups[0].TargetGroupArn;
    world.call('AddTags', { ResourceArns: [balancer, group], Tags: [{ Key: 'env', Value: 'prod' }] });
    world.call('RemoveTags', { ResourceArns: [balancer], TagKeys: ['team'] });
    const described = world.call('DescribeTags', { ResourceArns: [balancer, group] }).TagDescriptions;
    assert.deepEqual(described, [
      { ResourceArn: balancer, Tags: [{ Key: 'env', Value: 'prod' }] },
      { ResourceArn: group, Tags: [{ Key: 'env', Value: 'prod' }] },
    ]);
    rejects(() => world.call('AddTags', { ResourceArns: [group], Tags: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] }), 'DuplicateTagKeys');
    rejects(() => world.call('DescribeTags', { ResourceArns: [group.replace(/[0-9a-f]{16}$/, '0000000000000000')] }), 'TargetGroupNotFound');
    const many = Array.from({ length: 50 }, (_, index) => ({ Key: `k${index}`, Value: 'v' }));
    rejects(() => world.call('AddTags', { ResourceArns: [group], Tags: many }), 'TooManyTags');
  });
});
