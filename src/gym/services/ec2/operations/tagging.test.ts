import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codeOf, networkTestWorld } from './network-testing.js';

describe('tagging across EC2', () => {
  it('routes ids by prefix to their table and answers unknown ones with that kind\'s NotFound code', () => {
    const gym = networkTestWorld();
    const tag = (id: string) => codeOf(() => gym.call('CreateTags', { Resources: [id], Tags: [{ Key: 'a', Value: 'b' }] }));
    assert.deepEqual(
      ['vpc-', 'subnet-', 'igw-', 'rtb-', 'sg-', 'key-', 'eipalloc-', 'i-', 'ami-', 'vol-', 'snap-', 'sir-'].map((prefix) => tag(`${prefix}0123456789abcdef0`)),
      [
        'InvalidVpcID.NotFound', 'InvalidSubnetID.NotFound', 'InvalidInternetGatewayID.NotFound', 'InvalidRouteTableID.NotFound',
        'InvalidGroup.NotFound', 'InvalidKeyPair.NotFound', 'InvalidAllocationID.NotFound', 'InvalidInstanceID.NotFound',
        'InvalidAMIID.NotFound', 'InvalidVolume.NotFound', 'InvalidSnapshot.NotFound', 'InvalidSpotInstanceRequestID.NotFound',
      ],
    );
    assert.equal(tag('eni-0123456789abcdef0'), 'InvalidID');
  });

  it('tags an instance, so DescribeTags and the instance record both see it', () => {
    const gym = networkTestWorld();
    const subnet = gym.call('DescribeSubnets').Subnets[0];
    const instance = gym.seedInstance({ subnetId: subnet.SubnetId, vpcId: subnet.VpcId, privateIpAddress: '172.31.0.4' });
    gym.call('CreateTags', { Resources: [instance.id], Tags: [{ Key: 'Name', Value: 'web-1' }] });
    assert.deepEqual(gym.run((store) => store.instances.get(instance.id)!.tags), { Name: 'web-1' });
    const found = gym.call('DescribeTags', { Filters: [{ Name: 'resource-type', Values: ['instance'] }] }).Tags;
    assert.deepEqual(found, [{ Key: 'Name', Value: 'web-1', ResourceId: instance.id, ResourceType: 'instance' }]);
    const byTag = gym.call('DescribeTags', { Filters: [{ Name: 'tag:Name', Values: ['web-*'] }] }).Tags;
    assert.equal(byTag.length, 1);
    gym.call('DeleteTags', { Resources: [instance.id], Tags: [{ Key: 'Name', Value: '' }] });
    assert.deepEqual(gym.run((store) => store.instances.get(instance.id)!.tags), { Name: 'web-1' }, 'an empty value deletes only an empty tag');
  });
});
