import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codeOf, networkTestWorld } from './network-testing.js';

describe('subnets and what depends on them', () => {
  it('refuses to delete a subnet while a live instance is in it, and takes its route table association with it', () => {
    const gym = networkTestWorld();
    const vpc = gym.call('CreateVpc', { CidrBlock: '10.0.0.0/16' }).Vpc.VpcId;
    const subnet = gym.call('CreateSubnet', { VpcId: vpc, CidrBlock: '10.0.1.0/24' }).Subnet.SubnetId;
    const table = gym.call('CreateRouteTable', { VpcId: vpc }).RouteTable.RouteTableId;
    gym.call('AssociateRouteTable', { RouteTableId: table, SubnetId: subnet });
    const instance = gym.seedInstance({ subnetId: subnet, vpcId: vpc, privateIpAddress: '10.0.1.4' });
    assert.equal(gym.call('DescribeSubnets', { SubnetIds: [subnet] }).Subnets[0].AvailableIpAddressCount, 250);
    assert.equal(codeOf(() => gym.call('DeleteSubnet', { SubnetId: subnet })), 'DependencyViolation');
    gym.run((store) => store.instances.update(instance.id, (draft) => {
      draft.state = 'terminated';
    }));
    gym.call('DeleteSubnet', { SubnetId: subnet });
    assert.deepEqual(gym.call('DescribeRouteTables', { RouteTableIds: [table] }).RouteTables[0].Associations, []);
    gym.call('DeleteRouteTable', { RouteTableId: table });
    gym.call('DeleteVpc', { VpcId: vpc });
  });

  it('picks a zone of the region when none is given, and reads malformed ids as malformed', () => {
    const gym = networkTestWorld();
    const vpc = gym.call('CreateVpc', { CidrBlock: '10.0.0.0/16' }).Vpc.VpcId;
    const subnet = gym.call('CreateSubnet', { VpcId: vpc, CidrBlock: '10.0.1.0/24' }).Subnet;
    assert.match(subnet.AvailabilityZone, /^us-east-1[a-f]$/);
    assert.equal(codeOf(() => gym.call('DescribeSubnets', { SubnetIds: ['sub-1'] })), 'InvalidSubnetID.Malformed');
    assert.equal(codeOf(() => gym.call('CreateSubnet', { VpcId: vpc, CidrBlock: '10.0.2.0/24', AvailabilityZone: 'us-east-1a', AvailabilityZoneId: 'use1-az1' })), 'InvalidParameterCombination');
    assert.equal(codeOf(() => gym.call('ModifySubnetAttribute', { SubnetId: subnet.SubnetId, EnableDns64: { Value: true } })), 'UnsupportedOperation');
  });

  it('keeps the internet gateway while something in the VPC has a public address', () => {
    const gym = networkTestWorld();
    const vpc = gym.call('CreateVpc', { CidrBlock: '10.0.0.0/16' }).Vpc.VpcId;
    const subnet = gym.call('CreateSubnet', { VpcId: vpc, CidrBlock: '10.0.1.0/24' }).Subnet.SubnetId;
    const gateway = gym.call('CreateInternetGateway').InternetGateway.InternetGatewayId;
    gym.call('AttachInternetGateway', { InternetGatewayId: gateway, VpcId: vpc });
    const instance = gym.seedInstance({ subnetId: subnet, vpcId: vpc, privateIpAddress: '10.0.1.4' });
    const address = gym.call('AllocateAddress');
    gym.call('AssociateAddress', { AllocationId: address.AllocationId, InstanceId: instance.id });
    assert.equal(codeOf(() => gym.call('DetachInternetGateway', { InternetGatewayId: gateway, VpcId: vpc })), 'DependencyViolation');
    gym.call('DisassociateAddress', { PublicIp: address.PublicIp });
    gym.call('DetachInternetGateway', { InternetGatewayId: gateway, VpcId: vpc });
    const second = gym.call('CreateInternetGateway').InternetGateway.InternetGatewayId;
    gym.call('AttachInternetGateway', { InternetGatewayId: second, VpcId: vpc });
    assert.equal(codeOf(() => gym.call('AttachInternetGateway', { InternetGatewayId: gateway, VpcId: vpc })), 'Resource.AlreadyAssociated');
  });
});
