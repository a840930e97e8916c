import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceProviders } from '../../src/gym/services/cloudformation/providers/index.js';
import { replacementFor } from '../../src/gym/services/cloudformation/providers/provider.js';
import { ProviderTestWorld, TEST_STACK } from '../../src/gym/services/cloudformation/providers/provider-testing.js';

const providers = resourceProviders();
const balancer = providers.get('AWS::ElasticLoadBalancingV2::LoadBalancer')!;
const targetGroup = providers.get('AWS::ElasticLoadBalancingV2::TargetGroup')!;
const listener = providers.get('AWS::ElasticLoadBalancingV2::Listener')!;
const instance = providers.get('AWS::EC2::Instance')!;

function setup() {
  const gym = new ProviderTestWorld();
  const vpc = gym.call('ec2', 'DescribeVpcs', { Filters: [{ Name: 'is-default', Values: ['true'] }] }).Vpcs[0];
  const subnets = gym.call('ec2', 'DescribeSubnets', { Filters: [{ Name: 'vpc-id', Values: [vpc.VpcId] }] }).Subnets
    .sort((a: { AvailabilityZone: string }, b: { AvailabilityZone: string }) => a.AvailabilityZone.localeCompare(b.AvailabilityZone))
    .map((subnet: { SubnetId: string }) => subnet.SubnetId) as string[];
  const imageId = gym.call('ec2', 'DescribeImages', { Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64'] }] }).Images[0].ImageId;
  const web = (name: string) => gym.create(instance, name, { ImageId: imageId, InstanceType: 't3.micro', SubnetId: subnets[0] });
  return { gym, vpcId: vpc.VpcId as string, subnets, web };
}

function tagsOf(gym: ProviderTestWorld, arn: string): Record<string, string> {
  const tags = gym.call('elbv2', 'DescribeTags', { ResourceArns: [arn] }).TagDescriptions[0].Tags as { Key: string; Value: string }[];
  return Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value]));
}

describe('CloudFormation load balancing providers', () => {
  it('LoadBalancer: provisions to active, reads back, GetAtt agrees with DescribeLoadBalancers, subnets and attributes change in place', () => {
    const { gym, subnets } = setup();
    const properties = {
      Subnets: subnets.slice(0, 2), Scheme: 'internet-facing', Type: 'application',
      LoadBalancerAttributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '120' }], Tags: [{ Key: 'Name', Value: 'web' }],
    };
    const arn = gym.create(balancer, 'WebLb', properties);
    const described = gym.call('elbv2', 'DescribeLoadBalancers', { LoadBalancerArns: [arn] }).LoadBalancers[0];
    assert.equal(described.State.Code, 'active', 'create waits until the load balancer is active');
    assert.match(described.LoadBalancerName, /^web-WebLb-[A-Z0-9]{12}$/);
    assert.equal(tagsOf(gym, arn)['aws:cloudformation:stack-id'], TEST_STACK.stackId);
    const read = gym.read(balancer, arn)!;
    assert.deepEqual(read['Subnets'], properties.Subnets);
    assert.equal(read['Scheme'], 'internet-facing');
    assert.deepEqual(read['Tags'], properties.Tags);
    assert.ok((read['LoadBalancerAttributes'] as { Key: string; Value: string }[]).some((entry) => entry.Key === 'idle_timeout.timeout_seconds' && entry.Value === '120'));
    assert.equal(gym.getAtt(balancer, arn, 'DNSName'), described.DNSName);
    assert.equal(gym.getAtt(balancer, arn, 'CanonicalHostedZoneID'), described.CanonicalHostedZoneId);
    assert.equal(gym.getAtt(balancer, arn, 'LoadBalancerName'), described.LoadBalancerName);
    assert.equal(gym.getAtt(balancer, arn, 'LoadBalancerFullName'), arn.split(':loadbalancer/')[1]);
    assert.match(String(gym.getAtt(balancer, arn, 'LoadBalancerFullName')), /^app\/web-WebLb-[A-Z0-9]{12}\/[0-9a-f]+$/);
    const next = { ...properties, Subnets: subnets.slice(0, 3), LoadBalancerAttributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '30' }] };
    assert.equal(replacementFor(balancer, ['Subnets', 'LoadBalancerAttributes']), 'False');
    gym.update(balancer, arn, properties, next);
    assert.deepEqual(gym.read(balancer, arn)!['Subnets'], next.Subnets);
    assert.equal(replacementFor(balancer, ['Scheme']), 'True');
    gym.delete(balancer, arn, next);
    assert.equal(gym.read(balancer, arn), undefined);
  });

  it('TargetGroup with Targets and a Listener forwarding to it: registered, health check changed live, targets moved, torn down', () => {
    const { gym, vpcId, subnets, web } = setup();
    const first = web('Web1');
    const second = web('Web2');
    const lbArn = gym.create(balancer, 'WebLb', { Subnets: subnets.slice(0, 2) });
    const groupProperties = { Port: 80, Protocol: 'HTTP', VpcId: vpcId, HealthCheckPath: '/health', Targets: [{ Id: first }], Tags: [{ Key: 'app', Value: 'web' }] };
    const groupArn = gym.create(targetGroup, 'WebTargets', groupProperties);
    const described = gym.call('elbv2', 'DescribeTargetGroups', { TargetGroupArns: [groupArn] }).TargetGroups[0];
    assert.equal(gym.getAtt(targetGroup, groupArn, 'TargetGroupName'), described.TargetGroupName);
    assert.equal(gym.getAtt(targetGroup, groupArn, 'TargetGroupFullName'), `targetgroup/${described.TargetGroupName}/${groupArn.split('/').pop()}`);
    const read = gym.read(targetGroup, groupArn)!;
    for (const name of ['Port', 'Protocol', 'VpcId', 'HealthCheckPath', 'Tags']) assert.deepEqual(read[name], groupProperties[name as keyof typeof groupProperties], name);
    assert.deepEqual(read['Targets'], [{ Id: first, Port: 80 }]);

    const listenerProperties = { LoadBalancerArn: lbArn, Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: groupArn }] };
    const listenerArn = gym.create(listener, 'Http', listenerProperties);
    assert.equal(gym.getAtt(listener, listenerArn, 'ListenerArn'), listenerArn);
    assert.deepEqual(gym.getAtt(targetGroup, groupArn, 'LoadBalancerArns'), [lbArn]);
    const listenerRead = gym.read(listener, listenerArn)!;
    assert.equal(listenerRead['Port'], 80);
    assert.equal((listenerRead['DefaultActions'] as { TargetGroupArn?: string }[])[0]!.TargetGroupArn, groupArn);
    gym.update(listener, listenerArn, listenerProperties, { ...listenerProperties, Port: 8080 });
    assert.equal(gym.read(listener, listenerArn)!['Port'], 8080);

    const next = { ...groupProperties, HealthCheckPath: '/ready', Targets: [{ Id: second }] };
    assert.equal(replacementFor(targetGroup, ['HealthCheckPath', 'Targets']), 'False');
    gym.update(targetGroup, groupArn, groupProperties, next);
    const after = gym.read(targetGroup, groupArn)!;
    assert.equal(after['HealthCheckPath'], '/ready');
    assert.deepEqual(after['Targets'], [{ Id: second, Port: 80 }], 'the target that left is draining, not listed');
    assert.equal(replacementFor(targetGroup, ['Port']), 'True');

    gym.delete(listener, listenerArn, listenerProperties);
    gym.delete(targetGroup, groupArn, next);
    gym.delete(balancer, lbArn, {});
    assert.equal(gym.read(listener, listenerArn), undefined);
    assert.equal(gym.read(targetGroup, groupArn), undefined);
  });
});
