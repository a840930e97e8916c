import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceProviders } from './index.js';
import { changedProperties, replacementFor } from './provider.js';
import { missingRequired, physicalName } from './provider-values.js';
import { ProviderTestWorld } from './provider-testing.js';

const ISSUE_TYPES = [
  'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::InternetGateway', 'AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::RouteTable',
  'AWS::EC2::Route', 'AWS::EC2::SubnetRouteTableAssociation', 'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress', 'AWS::EC2::Instance', 'AWS::EC2::Volume', 'AWS::EC2::VolumeAttachment', 'AWS::EC2::EIP',
  'AWS::EC2::EIPAssociation', 'AWS::EC2::KeyPair', 'AWS::EC2::LaunchTemplate', 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::ElasticLoadBalancingV2::Listener',
];
// Not an issue 5 type, but every stack `cdk synth` writes for a CDK-reporting region carries one.
const CDK_TYPES = ['AWS::CDK::Metadata'];

describe('resource provider contract', () => {
  const providers = resourceProviders();

  it('covers every resource type issue 5 names and CDK\'s metadata record, each under its own type name', () => {
    assert.deepEqual([...providers.keys()].sort(), [...ISSUE_TYPES, ...CDK_TYPES].sort());
    for (const [type, provider] of providers) assert.equal(provider.type, type);
  });

  it('replacementFor: True when a changed property replaces, Conditional when one may, False otherwise; an unknown property counts as a replacement', () => {
    const vpc = providers.get('AWS::EC2::VPC')!;
    assert.equal(replacementFor(vpc, []), 'False');
    assert.equal(replacementFor(vpc, ['Tags', 'EnableDnsSupport']), 'False');
    assert.equal(replacementFor(vpc, ['Tags', 'InstanceTenancy']), 'Conditional');
    assert.equal(replacementFor(vpc, ['InstanceTenancy', 'CidrBlock']), 'True');
    assert.equal(replacementFor(vpc, ['Colour']), 'True');
  });

  it('changedProperties compares values, including added and removed properties', () => {
    assert.deepEqual(changedProperties({ A: 1, B: [1, 2], C: 'x' }, { A: 1, B: [1, 3], D: true }), ['B', 'C', 'D']);
  });

  it('missingRequired names the first required property absent, as CloudFormation\'s validation does', () => {
    const subnet = providers.get('AWS::EC2::Subnet')!;
    assert.equal(missingRequired(subnet, 'Public', { VpcId: 'vpc-1' }), undefined);
    assert.equal(missingRequired(subnet, 'Public', { CidrBlock: '10.0.0.0/24' })?.message, 'Properties validation failed for resource Public with message: #: required key [VpcId] not found');
  });

  it('physicalName: stack, logical id and a random suffix within the service\'s length limit', () => {
    const gym = new ProviderTestWorld();
    const name = gym.run((context) => physicalName(context, 'ApplicationLoadBalancerForTheWebTier', 32));
    assert.ok(name.length <= 32, name);
    assert.match(name, /^web-ApplicationLoa[a-zA-Z]*-[A-Z0-9]{12}$/);
  });
});
