import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rejects } from '../test-assertions.js';
import { Elbv2TestWorld } from '../test-world.js';

describe('CreateLoadBalancer', () => {
  it('builds the ARN, DNS name, hosted zone and zones as AWS does, with the VPC default security group', () => {
    const world = new Elbv2TestWorld();
    const { vpcId, subnets } = world.defaultNetwork();
    const [balancer] = world.call('CreateLoadBalancer', { Name: 'web', Subnets: [subnets[0]!.id, subnets[1]!.id] }).LoadBalancers;
    assert.match(balancer.LoadBalancerArn, /^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/web\/[0-9a-f]{16}$/);
    assert.match(balancer.DNSName, /^web-\d{9,10}\.us-east-1\.elb\.amazonaws\.com$/);
    assert.equal(balancer.CanonicalHostedZoneId, 'Z35SXDOTRQ7X7K');
    assert.equal(balancer.Scheme, 'internet-facing');
    assert.equal(balancer.Type, 'application');
    assert.equal(balancer.VpcId, vpcId);
    assert.deepEqual(balancer.State, { Code: 'provisioning' });
    assert.deepEqual(balancer.AvailabilityZones.map((zone: { ZoneName: string }) => zone.ZoneName), ['us-east-1a', 'us-east-1b']);
    const vpc = world.ec2.vpcs.get(vpcId)!;
    assert.deepEqual(balancer.SecurityGroups, [vpc.defaultSecurityGroupId]);
    assert.equal(balancer.IpAddressType, 'ipv4');
  });

  it('names internal and network load balancers as AWS does', () => {
    const world = new Elbv2TestWorld();
    const { subnets } = world.defaultNetwork();
    const internal = world.call('CreateLoadBalancer', { Name: 'api', Scheme: 'internal', Subnets: [subnets[0]!.id, subnets[1]!.id] }).LoadBalancers[0];
    assert.match(internal.DNSName, /^internal-api-\d+\.us-east-1\.elb\.amazonaws\.com$/);
    const network = world.call('CreateLoadBalancer', { Name: 'tcp', Type: 'network', Subnets: [subnets[0]!.id] }).LoadBalancers[0];
    assert.match(network.LoadBalancerArn, /:loadbalancer\/net\/tcp\/[0-9a-f]{16}$/);
    assert.match(network.DNSName, /^tcp-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com$/);
    assert.equal(network.CanonicalHostedZoneId, 'Z26RNL4JYFTOTI');
    assert.equal(network.SecurityGroups, undefined);
  });

  it('turns active after two to three simulated minutes', () => {
    const world = new Elbv2TestWorld();
    const { subnets } = world.defaultNetwork();
    const arn = world.call('CreateLoadBalancer', { Name: 'web', Subnets: [subnets[0]!.id, subnets[1]!.id] }).LoadBalancers[0].LoadBalancerArn;
    const state = () => world.call('DescribeLoadBalancers', { LoadBalancerArns: [arn] }).LoadBalancers[0].State.Code;
    world.advance(119);
    assert.equal(state(), 'provisioning');
    world.advance(61);
    assert.equal(state(), 'active');
  });

  it('rejects what AWS rejects, and changes nothing when it does', () => {
    const world = new Elbv2TestWorld();
    const { subnets } = world.defaultNetwork();
    const two = [subnets[0]!.id, subnets[1]!.id];
    rejects(() => world.call('CreateLoadBalancer', { Name: 'web', Subnets: [subnets[0]!.id] }), 'ValidationError', /At least two subnets in two different Availability Zones/);
    rejects(() => world.call('CreateLoadBalancer', { Name: 'web', Subnets: ['subnet-0123456789abcdef0', subnets[0]!.id] }), 'SubnetNotFound', /subnet-0123456789abcdef0/);
    rejects(() => world.call('CreateLoadBalancer', { Name: 'internal-web', Subnets: two }), 'ValidationError', /internal-/);
    rejects(() => world.call('CreateLoadBalancer', { Name: '-web', Subnets: two }), 'ValidationError', /cannot begin or end with '-'/);
    rejects(() => world.call('CreateLoadBalancer', { Name: 'a'.repeat(33), Subnets: two }), 'ValidationError', /longer than '32'/);
    rejects(() => world.call('CreateLoadBalancer', { Name: 'web_1', Subnets: two }), 'ValidationError', /alphanumeric/);
    rejects(() => world.call('CreateLoadBalancer', { Name: 'web', Type: 'classic', Subnets: two }), 'ValidationError', /enum value set: \[application, network, gateway\]/);
    rejects(() => world.call('CreateLoadBalancer', { Name: 'web', Subnets: two, SecurityGroups: ['sg-0123456789abcdef0'] }), 'InvalidSecurityGroup');
    assert.deepEqual(world.call('DescribeLoadBalancers').LoadBalancers, []);
  });

  it('rejects two subnets in one zone and an internet-facing load balancer in a VPC without an internet gateway', () => {
    const world = new Elbv2TestWorld();
    const { vpcId, subnets } = world.defaultNetwork();
    const extra = world.change(({ ec2, context }) => ec2.subnets.put({ ...ec2.subnets.get(subnets[0]!.id)!, id: context.ids.resource('subnet'), cidrBlock: '172.31.200.0/24', defaultForAz: false }));
    rejects(() => world.call('CreateLoadBalancer', { Name: 'web', Subnets: [subnets[0]!.id, extra.id] }), 'InvalidConfigurationRequest', /multiple subnets in the same Availability Zone/);
    world.change(({ ec2 }) => {
      for (const gateway of ec2.internetGateways.find('attachment.vpc-id', vpcId)) ec2.internetGateways.update(gateway.id, (draft) => { draft.vpcId = undefined; });
    });
    rejects(() => world.call('CreateLoadBalancer', { Name: 'web', Subnets: [subnets[0]!.id, subnets[1]!.id] }), 'InvalidSubnet', new RegExp(`VPC ${vpcId} has no internet gateway`));
    assert.equal(world.call('CreateLoadBalancer', { Name: 'web', Scheme: 'internal', Subnets: [subnets[0]!.id, subnets[1]!.id] }).LoadBalancers.length, 1);
  });

  it('is idempotent for the same settings and refuses the same name with different ones', () => {
    const world = new Elbv2TestWorld();
    const { subnets } = world.defaultNetwork();
    const first = world.call('CreateLoadBalancer', { Name: 'web', Subnets: [subnets[0]!.id, subnets[1]!.id] }).LoadBalancers[0];
    const again = world.call('CreateLoadBalancer', { Name: 'web', Subnets: [subnets[1]!.id, subnets[0]!.id] }).LoadBalancers[0];
    assert.equal(again.LoadBalancerArn, first.LoadBalancerArn);
    rejects(() => world.call('CreateLoadBalancer', { Name: 'web', Subnets: [subnets[0]!.id, subnets[2]!.id] }), 'DuplicateLoadBalancerName', /same name 'web' exists, but with different settings/);
  });
});

describe('SetSubnets, SetSecurityGroups and SetIpAddressType', () => {
  it('moves a load balancer within its VPC, checks its security groups, and refuses dual-stack without IPv6 subnets', () => {
    const world = new Elbv2TestWorld();
    const { vpcId, subnets } = world.defaultNetwork();
    const arn = world.call('CreateLoadBalancer', { Name: 'web', Subnets: [subnets[0]!.id, subnets[1]!.id] }).LoadBalancers[0].LoadBalancerArn;
    const moved = world.call('SetSubnets', { LoadBalancerArn: arn, Subnets: [subnets[2]!.id, subnets[3]!.id] });
    assert.deepEqual(moved.AvailabilityZones.map((zone: { ZoneName: string }) => zone.ZoneName), ['us-east-1c', 'us-east-1d']);
    rejects(() => world.call('SetSubnets', { LoadBalancerArn: arn, Subnets: [subnets[2]!.id] }), 'ValidationError', /two different Availability Zones/);
    const group = world.change(({ ec2, context }) => ec2.securityGroups.put({ ...ec2.securityGroups.get(ec2.vpcs.get(vpcId)!.defaultSecurityGroupId)!, id: context.ids.resource('sg'), groupName: 'web' }));
    assert.deepEqual(world.call('SetSecurityGroups', { LoadBalancerArn: arn, SecurityGroups: [group.id] }).SecurityGroupIds, [group.id]);
    rejects(() => world.call('SetSecurityGroups', { LoadBalancerArn: arn, SecurityGroups: ['sg-0123456789abcdef0'] }), 'InvalidSecurityGroup', /sg-0123456789abcdef0/);
    rejects(() => world.call('SetIpAddressType', { LoadBalancerArn: arn, IpAddressType: 'dualstack' }), 'InvalidSubnet', /IPv6/);
    const described = world.call('DescribeLoadBalancers', { LoadBalancerArns: [arn] }).LoadBalancers[0];
    assert.deepEqual([described.SecurityGroups, described.IpAddressType], [[group.id], 'ipv4']);
  });
});

describe('DescribeLoadBalancers and DeleteLoadBalancer', () => {
  it('pages with PageSize and NextMarker, and reports unknown names', () => {
    const world = new Elbv2TestWorld();
    const { subnets } = world.defaultNetwork();
    for (const name of ['a', 'b', 'c']) world.call('CreateLoadBalancer', { Name: name, Type: 'network', Subnets: [subnets[0]!.id] });
    const first = world.call('DescribeLoadBalancers', { PageSize: 2 });
    assert.deepEqual(first.LoadBalancers.map((balancer: { LoadBalancerName: string }) => balancer.LoadBalancerName), ['a', 'b']);
    const second = world.call('DescribeLoadBalancers', { PageSize: 2, Marker: first.NextMarker });
    assert.deepEqual(second.LoadBalancers.map((balancer: { LoadBalancerName: string }) => balancer.LoadBalancerName), ['c']);
    assert.equal(second.NextMarker, undefined);
    rejects(() => world.call('DescribeLoadBalancers', { Names: ['a', 'nope'] }), 'LoadBalancerNotFound', /^Load balancers '\[nope\]' not found$/);
    rejects(() => world.call('DescribeLoadBalancers', { PageSize: 401 }), 'ValidationError', /less than or equal to 400/);
    rejects(() => world.call('DescribeLoadBalancers', { LoadBalancerArns: ['not-an-arn'] }), 'ValidationError', /'not-an-arn' is not a valid load balancer ARN/);
  });

  it('refuses to delete while deletion protection is on, and deletes listeners with the load balancer', () => {
    const world = new Elbv2TestWorld();
    const { vpcId, subnets } = world.defaultNetwork();
    const arn = world.call('CreateLoadBalancer', { Name: 'web', Subnets: [subnets[0]!.id, subnets[1]!.id] }).LoadBalancers[0].LoadBalancerArn;
    const group = world.call('CreateTargetGroup', { Name: 'web', Protocol: 'HTTP', Port: 80, VpcId: vpcId }).TargetGroups[0].TargetGroupArn;
    world.call('CreateListener', { LoadBalancerArn: arn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: group }] });
    world.call('ModifyLoadBalancerAttributes', { LoadBalancerArn: arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }] });
    rejects(() => world.call('DeleteLoadBalancer', { LoadBalancerArn: arn }), 'OperationNotPermitted', /deletion protection is enabled/);
    world.call('ModifyLoadBalancerAttributes', { LoadBalancerArn: arn, Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }] });
    world.call('DeleteLoadBalancer', { LoadBalancerArn: arn });
    assert.equal(world.change(({ elbv2 }) => elbv2.listeners.size), 0);
    assert.deepEqual(world.call('DescribeTargetGroups', { TargetGroupArns: [group] }).TargetGroups[0].LoadBalancerArns, []);
    world.call('DeleteTargetGroup', { TargetGroupArn: group });
    world.call('DeleteLoadBalancer', { LoadBalancerArn: arn }); // already gone: AWS succeeds
  });
});

describe('load balancer attributes', () => {
  it('has AWS defaults per type and validates keys and values', () => {
    const world = new Elbv2TestWorld();
    const { subnets } = world.defaultNetwork();
    const application = world.call('CreateLoadBalancer', { Name: 'web', Subnets: [subnets[0]!.id, subnets[1]!.id] }).LoadBalancers[0].LoadBalancerArn;
    const network = world.call('CreateLoadBalancer', { Name: 'tcp', Type: 'network', Subnets: [subnets[0]!.id] }).LoadBalancers[0].LoadBalancerArn;
    const attributes = (arn: string) => Object.fromEntries(world.call('DescribeLoadBalancerAttributes', { LoadBalancerArn: arn }).Attributes.map((item: { Key: string; Value: string }) => [item.Key, item.Value]));
    const alb = attributes(application);
    assert.equal(alb['idle_timeout.timeout_seconds'], '60');
    assert.equal(alb['routing.http2.enabled'], 'true');
    assert.equal(alb['load_balancing.cross_zone.enabled'], 'true');
    assert.equal(alb['deletion_protection.enabled'], 'false');
    const nlb = attributes(network);
    assert.equal(nlb['load_balancing.cross_zone.enabled'], 'false');
    assert.equal(nlb['idle_timeout.timeout_seconds'], undefined);
    const modified = world.call('ModifyLoadBalancerAttributes', { LoadBalancerArn: application, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '120' }] });
    assert.ok(modified.Attributes.some((item: { Key: string; Value: string }) => item.Key === 'idle_timeout.timeout_seconds' && item.Value === '120'));
    rejects(() => world.call('ModifyLoadBalancerAttributes', { LoadBalancerArn: network, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '120' }] }), 'ValidationError', /not recognized/);
    rejects(() => world.call('ModifyLoadBalancerAttributes', { LoadBalancerArn: application, Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '5000' }] }), 'ValidationError', /1 to 4000/);
    rejects(() => world.call('ModifyLoadBalancerAttributes', { LoadBalancerArn: application, Attributes: [{ Key: 'access_logs.s3.enabled', Value: 'true' }] }), 'InvalidConfigurationRequest', /access_logs.s3.bucket/);
    assert.equal(attributes(application)['access_logs.s3.enabled'], 'false');
  });
});
