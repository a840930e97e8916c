import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changedProperties, replacementFor } from '../../src/gym/services/cloudformation/providers/provider.js';
import { ProviderTestWorld, TEST_STACK } from '../../src/gym/services/cloudformation/providers/provider-testing.js';
import { resourceProviders } from '../../src/gym/services/cloudformation/providers/index.js';
import type { ResourceProperties } from '../../src/gym/services/cloudformation/providers/provider.js';

const providers = resourceProviders();
const provider = (type: string) => providers.get(type)!;
const vpc = provider('AWS::EC2::VPC');
const subnet = provider('AWS::EC2::Subnet');
const gateway = provider('AWS::EC2::InternetGateway');
const attachment = provider('AWS::EC2::VPCGatewayAttachment');
const routeTable = provider('AWS::EC2::RouteTable');
const route = provider('AWS::EC2::Route');
const association = provider('AWS::EC2::SubnetRouteTableAssociation');

/** Every property the template set reads back with the same value. */
function assertReadsBack(actual: ResourceProperties | undefined, expected: ResourceProperties): void {
  assert.ok(actual, 'the resource reads back');
  for (const [name, value] of Object.entries(expected)) assert.deepEqual(actual[name], value, `property ${name}`);
}

function network(gym: ProviderTestWorld) {
  const vpcProperties = { CidrBlock: '10.20.0.0/16', EnableDnsHostnames: true, Tags: [{ Key: 'Name', Value: 'main' }] };
  const vpcId = gym.create(vpc, 'MainVpc', vpcProperties);
  const subnetProperties = { VpcId: vpcId, CidrBlock: '10.20.1.0/24', AvailabilityZone: 'us-east-1b', MapPublicIpOnLaunch: true };
  const subnetId = gym.create(subnet, 'PublicSubnet', subnetProperties);
  return { vpcId, vpcProperties, subnetId, subnetProperties };
}

describe('CloudFormation network providers', () => {
  it('VPC: creates with its DNS settings and tags (CloudFormation tags included), reads back, GetAtt agrees with DescribeVpcs', () => {
    const gym = new ProviderTestWorld();
    const { vpcId, vpcProperties } = network(gym);
    assertReadsBack(gym.read(vpc, vpcId), { ...vpcProperties, EnableDnsSupport: true });
    const described = gym.call('ec2', 'DescribeVpcs', { VpcIds: [vpcId] }).Vpcs[0];
    const tags = Object.fromEntries(described.Tags.map((tag: { Key: string; Value: string }) => [tag.Key, tag.Value]));
    assert.equal(tags['aws:cloudformation:stack-name'], TEST_STACK.stackName);
    assert.equal(tags['aws:cloudformation:stack-id'], TEST_STACK.stackId);
    assert.equal(tags['aws:cloudformation:logical-id'], 'MainVpc');
    assert.equal(gym.getAtt(vpc, vpcId, 'CidrBlock'), described.CidrBlock);
    assert.deepEqual(gym.getAtt(vpc, vpcId, 'CidrBlockAssociations'), [described.CidrBlockAssociationSet[0].AssociationId]);
    const defaultGroup = gym.call('ec2', 'DescribeSecurityGroups', { Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'group-name', Values: ['default'] }] });
    assert.equal(gym.getAtt(vpc, vpcId, 'DefaultSecurityGroup'), defaultGroup.SecurityGroups[0].GroupId);
    assert.equal(gym.run((context) => vpc.ref(vpcId, context)), vpcId);
    assert.throws(() => gym.getAtt(vpc, vpcId, 'Arn'), /does not support attribute type Arn/);
  });

  it('VPC: DNS and tags change in place; a CIDR change is a replacement; tenancy is conditional', () => {
    const gym = new ProviderTestWorld();
    const { vpcId, vpcProperties } = network(gym);
    const next = { ...vpcProperties, EnableDnsHostnames: false, Tags: [{ Key: 'Name', Value: 'core' }, { Key: 'env', Value: 'dev' }] };
    gym.run((context) => vpc.update(context, vpcId, vpcProperties, next));
    assertReadsBack(gym.read(vpc, vpcId), next);
    const tags = gym.call('ec2', 'DescribeVpcs', { VpcIds: [vpcId] }).Vpcs[0].Tags.map((tag: { Key: string }) => tag.Key);
    assert.ok(tags.includes('aws:cloudformation:logical-id'), 'a tag update leaves CloudFormation\'s own tags alone');
    assert.equal(replacementFor(vpc, changedProperties(vpcProperties, next)), 'False');
    assert.equal(replacementFor(vpc, changedProperties(vpcProperties, { ...vpcProperties, CidrBlock: '10.30.0.0/16' })), 'True');
    assert.equal(replacementFor(vpc, ['InstanceTenancy']), 'Conditional');
    assert.equal(vpc.conditionalReplacement!({ InstanceTenancy: 'dedicated' }, { InstanceTenancy: 'default' }), false);
  });

  it('Subnet: creates in the zone asked, reads back, GetAtt agrees with DescribeSubnets, MapPublicIpOnLaunch changes in place', () => {
    const gym = new ProviderTestWorld();
    const { subnetId, subnetProperties } = network(gym);
    assertReadsBack(gym.read(subnet, subnetId), subnetProperties);
    const described = gym.call('ec2', 'DescribeSubnets', { SubnetIds: [subnetId] }).Subnets[0];
    for (const attribute of ['AvailabilityZone', 'AvailabilityZoneId', 'CidrBlock', 'SubnetId', 'VpcId']) {
      assert.equal(gym.getAtt(subnet, subnetId, attribute), described[attribute], attribute);
    }
    const next = { ...subnetProperties, MapPublicIpOnLaunch: false };
    gym.run((context) => subnet.update(context, subnetId, subnetProperties, next));
    assert.equal(gym.read(subnet, subnetId)!['MapPublicIpOnLaunch'], false);
    assert.equal(replacementFor(subnet, ['CidrBlock']), 'True');
  });

  it('Internet gateway, attachment, route table, route and association: the whole public path, then torn down', () => {
    const gym = new ProviderTestWorld();
    const { vpcId, subnetId } = network(gym);
    const gatewayId = gym.create(gateway, 'Gateway', { Tags: [{ Key: 'Name', Value: 'igw' }] });
    assert.equal(gym.getAtt(gateway, gatewayId, 'InternetGatewayId'), gatewayId);
    const attachmentProperties = { VpcId: vpcId, InternetGatewayId: gatewayId };
    const attachmentId = gym.create(attachment, 'GatewayAttachment', attachmentProperties);
    assertReadsBack(gym.read(attachment, attachmentId), attachmentProperties);
    const tableId = gym.create(routeTable, 'PublicRoutes', { VpcId: vpcId });
    assert.equal(gym.getAtt(routeTable, tableId, 'RouteTableId'), tableId);
    const routeProperties = { RouteTableId: tableId, DestinationCidrBlock: '0.0.0.0/0', GatewayId: gatewayId };
    const routeId = gym.create(route, 'DefaultRoute', routeProperties);
    assertReadsBack(gym.read(route, routeId), routeProperties);
    assert.equal(gym.getAtt(route, routeId, 'CidrBlock'), '0.0.0.0/0');
    const associationProperties = { RouteTableId: tableId, SubnetId: subnetId };
    const associationId = gym.create(association, 'PublicAssociation', associationProperties);
    assertReadsBack(gym.read(association, associationId), associationProperties);
    const described = gym.call('ec2', 'DescribeRouteTables', { RouteTableIds: [tableId] }).RouteTables[0];
    assert.equal(described.Associations.find((entry: { SubnetId?: string }) => entry.SubnetId === subnetId).RouteTableAssociationId, gym.getAtt(association, associationId, 'Id'));

    // Deleting in reverse dependency order leaves nothing behind, and each read says the resource is gone.
    gym.delete(association, associationId, associationProperties);
    gym.delete(route, routeId, routeProperties);
    gym.delete(routeTable, tableId, { VpcId: vpcId });
    gym.delete(attachment, attachmentId, attachmentProperties);
    gym.delete(gateway, gatewayId, {});
    gym.delete(subnet, subnetId, {});
    gym.delete(vpc, vpcId, {});
    for (const [resource, id] of [[association, associationId], [route, routeId], [routeTable, tableId], [attachment, attachmentId], [gateway, gatewayId], [subnet, subnetId], [vpc, vpcId]] as const) {
      assert.equal(gym.read(resource, id), undefined, `${resource.type} is gone`);
    }
  });

  it('a failing create leaves nothing behind and says what EC2 said', () => {
    const gym = new ProviderTestWorld();
    const { vpcId } = network(gym);
    assert.throws(() => gym.create(subnet, 'Outside', { VpcId: vpcId, CidrBlock: '192.168.0.0/24' }), /192\.168\.0\.0\/24/);
    const subnets = gym.call('ec2', 'DescribeSubnets', { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }).Subnets;
    assert.equal(subnets.length, 1);
  });
});
