import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Elbv2TestWorld } from './test-world.js';

/** A load balancer, a target group behind (or not behind) a listener, and one running instance. */
function setup(options: { listener?: boolean; zones?: number } = {}) {
  const world = new Elbv2TestWorld();
  const network = world.defaultNetwork();
  const zones = network.subnets.slice(0, options.zones ?? 2);
  const balancer = world.call('CreateLoadBalancer', { Name: 'web', Subnets: zones.map((subnet) => subnet.id) }).LoadBalancers[0];
  const group = world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: network.vpcId }).TargetGroups[0];
  if (options.listener !== false) {
    world.call('CreateListener', {
      LoadBalancerArn: balancer.LoadBalancerArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: group.TargetGroupArn }],
    });
  }
  const instance = world.putInstance(network.subnets[0]!.id);
  const health = (targets?: { Id: string; Port?: number }[]) =>
    world.call('DescribeTargetHealth', { TargetGroupArn: group.TargetGroupArn, Targets: targets }).TargetHealthDescriptions;
  const register = (id = instance.id) => world.call('RegisterTargets', { TargetGroupArn: group.TargetGroupArn, Targets: [{ Id: id }] });
  return { world, network, balancer, group, instance, health, register };
}

describe('target health', () => {
  it('is initial while the load balancer provisions and the first checks run, then healthy after interval × healthy threshold', () => {
    const { world, health, register, instance } = setup();
    register();
    assert.deepEqual(health()[0].TargetHealth, { State: 'initial', Reason: 'Elb.RegistrationInProgress', Description: 'Target registration is in progress' });
    world.advance(180); // the load balancer is active by now; checks start when it turned active
    assert.equal(health()[0].TargetHealth.State, 'initial');
    world.advance(150); // 5 × 30 s after activation at the latest
    assert.deepEqual(health()[0], { Target: { Id: instance.id, Port: 80, AvailabilityZone: undefined }, HealthCheckPort: '80', TargetHealth: { State: 'healthy' } });
  });

  it('counts interval × threshold from registration when the load balancer is already active', () => {
    const { world, health, register } = setup();
    world.advance(600);
    register();
    world.advance(149);
    assert.equal(health()[0].TargetHealth.State, 'initial');
    world.advance(1);
    assert.equal(health()[0].TargetHealth.State, 'healthy');
  });

  it('follows the group health check settings (interval 10 s × threshold 2 = 20 s)', () => {
    const { world, health, register, group } = setup();
    world.advance(600);
    world.call('ModifyTargetGroup', { TargetGroupArn: group.TargetGroupArn, HealthCheckIntervalSeconds: 10, HealthyThresholdCount: 2 });
    register();
    world.advance(19);
    assert.equal(health()[0].TargetHealth.State, 'initial');
    world.advance(1);
    assert.equal(health()[0].TargetHealth.State, 'healthy');
  });

  it('is unused with Target.NotInUse when no listener forwards to the group', () => {
    const { world, health, register } = setup({ listener: false });
    register();
    world.advance(3600);
    assert.deepEqual(health()[0].TargetHealth, {
      State: 'unused',
      Reason: 'Target.NotInUse',
      Description: 'Target group is not configured to receive traffic from the load balancer',
    });
  });

  it('is unused when the instance is in a zone the load balancer does not serve', () => {
    const { world, network, group, balancer } = setup({ listener: false });
    world.call('CreateListener', { LoadBalancerArn: balancer.LoadBalancerArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: group.TargetGroupArn }] });
    const elsewhere = world.putInstance(network.subnets[3]!.id);
    world.call('RegisterTargets', { TargetGroupArn: group.TargetGroupArn, Targets: [{ Id: elsewhere.id }] });
    world.advance(3600);
    const [description] = world.call('DescribeTargetHealth', { TargetGroupArn: group.TargetGroupArn }).TargetHealthDescriptions;
    assert.equal(description.TargetHealth.Reason, 'Target.NotInUse');
    assert.equal(description.TargetHealth.Description, 'Target is in an Availability Zone that is not enabled for the load balancer');
  });

  it('goes unhealthy while the instance stops, unused with Target.InvalidState once stopped, and back through initial after a restart', () => {
    const { world, health, register, instance } = setup();
    world.advance(600);
    register();
    world.advance(300);
    assert.equal(health()[0].TargetHealth.State, 'healthy');
    world.setInstanceState(instance.id, 'stopping');
    assert.deepEqual(health()[0].TargetHealth, { State: 'unhealthy', Reason: 'Target.FailedHealthChecks', Description: 'Health checks failed' });
    world.setInstanceState(instance.id, 'stopped');
    assert.deepEqual(health()[0].TargetHealth, { State: 'unused', Reason: 'Target.InvalidState', Description: 'Target is in the stopped state' });
    world.advance(60);
    world.setInstanceState(instance.id, 'running');
    assert.equal(health()[0].TargetHealth.State, 'initial');
    world.advance(150);
    assert.equal(health()[0].TargetHealth.State, 'healthy');
  });

  it('goes unhealthy with Target.Timeout when the instance security group does not admit the load balancer, and healthy once it does', () => {
    const { world, network, group, health } = setup();
    const web = world.change(({ ec2, context }) => ec2.securityGroups.put({
      id: context.ids.resource('sg'),
      groupName: 'ssh-only',
      description: 'ssh only',
      vpcId: network.vpcId,
      tags: {},
      ingress: [{ ruleId: context.ids.resource('sgr'), protocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' }],
      egress: [{ ruleId: context.ids.resource('sgr'), protocol: '-1', fromPort: undefined, toPort: undefined, cidrIpv4: '0.0.0.0/0' }],
    }));
    const instance = world.putInstance(network.subnets[0]!.id, { securityGroupIds: [web.id] });
    world.advance(600);
    world.call('RegisterTargets', { TargetGroupArn: group.TargetGroupArn, Targets: [{ Id: instance.id }] });
    const state = () => health([{ Id: instance.id }])[0].TargetHealth;
    world.advance(59);
    assert.equal(state().State, 'initial');
    world.advance(1); // two failed checks, 30 s apart
    assert.deepEqual(state(), { State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Request timed out' });
    world.change(({ ec2, context }) => ec2.securityGroups.update(web.id, (draft) => {
      draft.ingress.push({ ruleId: context.ids.resource('sgr'), protocol: 'tcp', fromPort: 80, toPort: 80, cidrIpv4: '172.31.0.0/16' });
    }));
    world.advance(90); // 5 passing checks counted from registration
    assert.equal(state().State, 'healthy');
  });

  it('drains a terminating instance for the deregistration delay, as AWS deregisters it, then forgets it', () => {
    const { world, health, register, instance } = setup();
    world.advance(600);
    register();
    world.advance(300);
    world.setInstanceState(instance.id, 'shutting-down');
    assert.deepEqual(health()[0].TargetHealth, { State: 'draining', Reason: 'Target.DeregistrationInProgress', Description: 'Target deregistration is in progress' });
    world.setInstanceState(instance.id, 'terminated');
    world.advance(299);
    assert.equal(health()[0].TargetHealth.State, 'draining');
    world.advance(1);
    assert.deepEqual(health(), []);
    assert.equal(health([{ Id: instance.id }])[0].TargetHealth.Reason, 'Target.NotRegistered');
  });

  it('drains for the deregistration delay after DeregisterTargets, then the target is gone', () => {
    const { world, health, register, instance, group } = setup();
    world.advance(600);
    register();
    world.advance(300);
    world.call('ModifyTargetGroupAttributes', { TargetGroupArn: group.TargetGroupArn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '60' }] });
    world.call('DeregisterTargets', { TargetGroupArn: group.TargetGroupArn, Targets: [{ Id: instance.id }] });
    assert.deepEqual(health()[0].TargetHealth, { State: 'draining', Reason: 'Target.DeregistrationInProgress', Description: 'Target deregistration is in progress' });
    world.advance(59);
    assert.equal(health()[0].TargetHealth.State, 'draining');
    world.advance(1);
    assert.deepEqual(health(), []);
    assert.deepEqual(health([{ Id: instance.id }])[0].TargetHealth, { State: 'unused', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' });
  });

  it('re-registering a draining target brings it back through initial', () => {
    const { world, health, register, instance, group } = setup();
    world.advance(600);
    register();
    world.advance(300);
    world.call('DeregisterTargets', { TargetGroupArn: group.TargetGroupArn, Targets: [{ Id: instance.id }] });
    world.advance(10);
    register();
    assert.equal(health()[0].TargetHealth.State, 'initial');
    world.advance(400); // past the old drain timer: the target must stay registered
    assert.equal(health()[0].TargetHealth.State, 'healthy');
  });

  it('removes an unused target at once on deregistration (nothing to drain)', () => {
    const { world, health, register, instance, group } = setup({ listener: false });
    register();
    world.call('DeregisterTargets', { TargetGroupArn: group.TargetGroupArn, Targets: [{ Id: instance.id }] });
    assert.deepEqual(health(), []);
  });

  it('turns initial again when a listener starts forwarding to the group later', () => {
    const { world, health, register, group, balancer } = setup({ listener: false });
    world.advance(600);
    register();
    world.advance(600);
    assert.equal(health()[0].TargetHealth.State, 'unused');
    world.call('CreateListener', { LoadBalancerArn: balancer.LoadBalancerArn, Protocol: 'HTTP', Port: 8080, DefaultActions: [{ Type: 'forward', TargetGroupArn: group.TargetGroupArn }] });
    assert.equal(health()[0].TargetHealth.State, 'initial');
    world.advance(150);
    assert.equal(health()[0].TargetHealth.State, 'healthy');
  });

  it('is unavailable for a Lambda group, whose health checks are off by default', () => {
    const world = new Elbv2TestWorld();
    const group = world.call('CreateTargetGroup', { Name: 'fn', TargetType: 'lambda' }).TargetGroups[0];
    world.call('RegisterTargets', { TargetGroupArn: group.TargetGroupArn, Targets: [{ Id: 'arn:aws:lambda:us-east-1:123456789012:function:hello' }] });
    const [description] = world.call('DescribeTargetHealth', { TargetGroupArn: group.TargetGroupArn }).TargetHealthDescriptions;
    assert.deepEqual(description.TargetHealth, { State: 'unavailable', Reason: 'Target.HealthCheckDisabled', Description: 'Health checks are disabled' });
  });
});
