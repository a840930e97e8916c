import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejects } from '../test-assertions.js';
import { Elbv2TestWorld } from '../test-world.js';

function attributes(world: Elbv2TestWorld, arn: string): Record<string, string> {
  const list = world.call('DescribeTargetGroupAttributes', { TargetGroupArn: arn }).Attributes as { Key: string; Value: string }[];
  return Object.fromEntries(list.map((item) => [item.Key, item.Value]));
}

describe('CreateTargetGroup', () => {
  it('gives an HTTP group the health check AWS documents: / every 30 s, 5 s timeout, 5/2, matcher 200', () => {
    const world = new Elbv2TestWorld();
    const { vpcId } = world.defaultNetwork();
    const [group] = world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId }).TargetGroups;
    assert.match(group.TargetGroupArn, /^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup\/web\/[0-9a-f]{16}$/);
    assert.deepEqual(
      [group.HealthCheckProtocol, group.HealthCheckPort, group.HealthCheckPath, group.HealthCheckIntervalSeconds, group.HealthCheckTimeoutSeconds, group.HealthyThresholdCount, group.UnhealthyThresholdCount, group.Matcher],
      ['HTTP', 'traffic-port', '/', 30, 5, 5, 2, { HttpCode: '200' }],
    );
    assert.equal(group.TargetType, 'instance');
    assert.equal(group.ProtocolVersion, 'HTTP1');
    assert.deepEqual(group.LoadBalancerArns, []);
  });

  it('gives a TCP group a TCP check every 30 s with a 10 s timeout and no path or matcher', () => {
    const world = new Elbv2TestWorld();
    const { vpcId } = world.defaultNetwork();
    const [group] = world.call('CreateTargetGroup', { Name: 'tcp', Protocol: 'TCP', Port: 443, VpcId: vpcId }).TargetGroups;
    assert.deepEqual(
      [group.HealthCheckProtocol, group.HealthCheckIntervalSeconds, group.HealthCheckTimeoutSeconds, group.HealthyThresholdCount, group.UnhealthyThresholdCount],
      ['TCP', 30, 10, 5, 2],
    );
    assert.equal(group.HealthCheckPath, undefined);
    assert.equal(group.Matcher, undefined);
    assert.equal(group.ProtocolVersion, undefined);
    const tcp = attributes(world, group.TargetGroupArn);
    assert.equal(tcp['stickiness.type'], 'source_ip');
    assert.equal(tcp['preserve_client_ip.enabled'], 'true');
    assert.equal(tcp['deregistration_delay.timeout_seconds'], '300');
  });

  it('gives a Lambda group disabled checks every 35 s with a 30 s timeout and 5/5, and no port, protocol or VPC', () => {
    const world = new Elbv2TestWorld();
    const [group] = world.call('CreateTargetGroup', { Name: 'fn', TargetType: 'lambda' }).TargetGroups;
    assert.deepEqual([group.HealthCheckEnabled, group.HealthCheckIntervalSeconds, group.HealthCheckTimeoutSeconds, group.HealthyThresholdCount, group.UnhealthyThresholdCount], [false, 35, 30, 5, 5]);
    assert.equal(group.Port, undefined);
    assert.deepEqual(attributes(world, group.TargetGroupArn), { 'lambda.multi_value_headers.enabled': 'false' });
    rejects(() => world.call('CreateTargetGroup', { Name: 'fn2', TargetType: 'lambda', Port: 80 }), 'ValidationError', /Port cannot be specified/);
  });

  it('requires protocol, port and VPC for instance targets and checks the VPC, ranges and protocols', () => {
    const world = new Elbv2TestWorld();
    const { vpcId } = world.defaultNetwork();
    rejects(() => world.call('CreateTargetGroup', { Name: 'web', Port: 80, VpcId: vpcId }), 'ValidationError', /A protocol must be specified/);
    rejects(() => world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80 }), 'ValidationError', /A VPC ID must be specified/);
    rejects(() => world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: 'vpc-0123456789abcdef0' }), 'ValidationError', /The VPC ID 'vpc-0123456789abcdef0' is not found/);
    rejects(() => world.call('CreateTargetGroup', { Name: 'web', Protocol: 'SMTP', Port: 25, VpcId: vpcId }), 'ValidationError', /enum value set/);
    rejects(() => world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId, HealthCheckIntervalSeconds: 400 }), 'ValidationError', /less than or equal to 300/);
    rejects(() => world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId, HealthCheckTimeoutSeconds: 30 }), 'ValidationError', /timeout '30' must be smaller than the interval '30'/);
    rejects(() => world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId, HealthCheckProtocol: 'TCP' }), 'ValidationError', /not supported/);
    rejects(() => world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId, HealthCheckEnabled: false }), 'ValidationError', /cannot be disabled/);
    rejects(() => world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId, Matcher: { HttpCode: '600' } }), 'ValidationError', /between 200 and 499/);
    assert.deepEqual(world.call('DescribeTargetGroups').TargetGroups, []);
  });

  it('returns the existing group for the same settings and refuses the same name with different ones', () => {
    const world = new Elbv2TestWorld();
    const { vpcId } = world.defaultNetwork();
    const first = world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId }).TargetGroups[0];
    const again = world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId }).TargetGroups[0];
    assert.equal(again.TargetGroupArn, first.TargetGroupArn);
    rejects(() => world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 8080, VpcId: vpcId }), 'DuplicateTargetGroupName', /same name 'web' exists, but with different settings/);
  });
});

describe('target groups in use', () => {
  it('lists the load balancer that uses a group, finds groups by load balancer, and refuses to delete a group in use', () => {
    const world = new Elbv2TestWorld();
    const { vpcId, subnets } = world.defaultNetwork();
    const balancer = world.call('CreateLoadBalancer', { Name: 'web', Subnets: [subnets[0]!.id, subnets[1]!.id] }).LoadBalancers[0].LoadBalancerArn;
    const group = world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId }).TargetGroups[0].TargetGroupArn;
    world.call('CreateTargetGroup', { Name: 'spare', Protocol: 'HTTP', Port: 80, VpcId: vpcId });
    const listener = world.call('CreateListener', { LoadBalancerArn: balancer, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: group }] }).Listeners[0].ListenerArn;
    const used = world.call('DescribeTargetGroups', { LoadBalancerArn: balancer }).TargetGroups;
    assert.deepEqual(used.map((item: { TargetGroupName: string }) => item.TargetGroupName), ['web']);
    assert.deepEqual(used[0].LoadBalancerArns, [balancer]);
    rejects(() => world.call('DeleteTargetGroup', { TargetGroupArn: group }), 'ResourceInUse', /currently in use by a listener or a rule/);
    world.call('DeleteListener', { ListenerArn: listener });
    world.call('DeleteTargetGroup', { TargetGroupArn: group });
    rejects(() => world.call('DescribeTargetGroups', { TargetGroupArns: [group] }), 'TargetGroupNotFound');
    rejects(() => world.call('DescribeTargetGroups', { Names: ['web'] }), 'TargetGroupNotFound', /^Target groups '\[web\]' not found$/);
  });
});

describe('target group attributes', () => {
  it('validates the deregistration delay and stickiness by protocol', () => {
    const world = new Elbv2TestWorld();
    const { vpcId } = world.defaultNetwork();
    const http = world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId }).TargetGroups[0].TargetGroupArn;
    const tcp = world.call('CreateTargetGroup', { Name: 'tcp', Protocol: 'TCP', Port: 80, VpcId: vpcId }).TargetGroups[0].TargetGroupArn;
    const change = (arn: string, Key: string, Value: string) => world.call('ModifyTargetGroupAttributes', { TargetGroupArn: arn, Attributes: [{ Key, Value }] });
    change(http, 'deregistration_delay.timeout_seconds', '30');
    assert.equal(attributes(world, http)['deregistration_delay.timeout_seconds'], '30');
    rejects(() => change(http, 'deregistration_delay.timeout_seconds', '3601'), 'ValidationError', /0 to 3600/);
    rejects(() => change(http, 'stickiness.type', 'source_ip'), 'InvalidConfigurationRequest', /not supported for target groups with the HTTP protocol/);
    rejects(() => change(tcp, 'stickiness.type', 'lb_cookie'), 'InvalidConfigurationRequest', /TCP protocol/);
    rejects(() => change(tcp, 'slow_start.duration_seconds', '30'), 'ValidationError', /not recognized/);
    rejects(() => world.call('ModifyTargetGroupAttributes', {
      TargetGroupArn: http,
      Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }, { Key: 'stickiness.type', Value: 'app_cookie' }],
    }), 'InvalidConfigurationRequest', /application cookie name/);
  });
});
