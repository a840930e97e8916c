import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codeOf, networkTestWorld } from './network-testing.js';
import { allocatePrivateAddress, availableAddressCount, releasePrivateAddress } from './subnet-addresses.js';

function setup(cidr: string) {
  const gym = networkTestWorld();
  const vpc = gym.call('CreateVpc', { CidrBlock: '10.0.0.0/16' }).Vpc;
  const subnet = gym.call('CreateSubnet', { VpcId: vpc.VpcId, CidrBlock: cidr }).Subnet;
  const record = () => gym.run((store) => store.subnets.get(subnet.SubnetId)!);
  const allocate = (requested?: string) => gym.run((store) => allocatePrivateAddress(store, record(), requested));
  const launch = (address: string, state: 'running' | 'terminated' = 'running') =>
    gym.seedInstance({ subnetId: subnet.SubnetId, vpcId: vpc.VpcId, privateIpAddress: address, state });
  return { gym, vpc, subnet, record, allocate, launch };
}

describe('allocatePrivateAddress', () => {
  it('hands out the lowest address after the four AWS reserves, then the next', () => {
    const { allocate, launch } = setup('10.0.1.0/24');
    const first = allocate();
    assert.equal(first, '10.0.1.4');
    launch(first);
    assert.equal(allocate(), '10.0.1.5');
  });

  it('never hands out the same address twice in one request, even before the instance is stored', () => {
    const { allocate } = setup('10.0.1.0/24');
    assert.deepEqual([allocate(), allocate(), allocate()], ['10.0.1.4', '10.0.1.5', '10.0.1.6']);
  });

  it('honours a requested address and refuses one outside the subnet, reserved, or in use', () => {
    const { allocate, launch } = setup('10.0.1.0/24');
    assert.equal(allocate('10.0.1.50'), '10.0.1.50');
    launch('10.0.1.50');
    assert.equal(codeOf(() => allocate('10.0.1.50')), 'InvalidIPAddress.InUse');
    assert.equal(codeOf(() => allocate('10.0.2.9')), 'InvalidParameterValue');
    assert.equal(codeOf(() => allocate('10.0.1.2')), 'InvalidParameterValue');
    assert.equal(codeOf(() => allocate('10.0.1.255')), 'InvalidParameterValue');
    assert.equal(codeOf(() => allocate('not-an-ip')), 'InvalidParameterValue');
  });

  it('fails with InsufficientFreeAddressesInSubnet when a /28 has handed out its 11 usable addresses', () => {
    const { allocate, launch } = setup('10.0.1.0/28');
    const handed: string[] = [];
    for (let index = 0; index < 11; index++) {
      const address = allocate();
      launch(address);
      handed.push(address);
    }
    assert.equal(handed[0], '10.0.1.4');
    assert.equal(handed[10], '10.0.1.14');
    assert.equal(codeOf(() => allocate()), 'InsufficientFreeAddressesInSubnet');
  });

  it('reuses the address of a terminated instance, at once when told, else after wrapping around', () => {
    const { gym, subnet, allocate, launch } = setup('10.0.1.0/28');
    const instances = Array.from({ length: 11 }, () => launch(allocate()));
    gym.run((store) => store.instances.update(instances[3]!.id, (draft) => {
      draft.state = 'terminated';
    }));
    assert.equal(allocate(), '10.0.1.7', 'the only free address, found by wrapping around');
    launch('10.0.1.7');
    gym.run((store) => store.instances.update(instances[1]!.id, (draft) => {
      draft.state = 'terminated';
    }));
    gym.run((store) => releasePrivateAddress(store, subnet.SubnetId, '10.0.1.5'));
    assert.equal(allocate(), '10.0.1.5');
  });

  it('counts available addresses as size - 5 - live instances, ignoring terminated ones', () => {
    const { gym, record, allocate, launch } = setup('10.0.1.0/24');
    assert.equal(gym.run((store) => availableAddressCount(store, record())), 251);
    launch(allocate());
    launch(allocate(), 'terminated');
    assert.equal(gym.run((store) => availableAddressCount(store, record())), 250);
  });

  it('stays linear: 10,000 launches into one subnet probe one address each, not every address below', () => {
    const { gym, record, allocate, launch } = setup('10.0.0.0/18');
    // Count the free-address probes: a scan from the bottom would make 50 million, the hint makes 10,000.
    const instances = gym.run((store) => store.instances);
    const lookup = instances.lookup.bind(instances);
    let probes = 0;
    instances.lookup = (index, key) => {
      if (index === 'private-ip-address') probes++;
      return lookup(index, key);
    };
    for (let index = 0; index < 10_000; index++) launch(allocate());
    assert.equal(probes, 10_000);
    assert.equal(gym.run((store) => availableAddressCount(store, record())), 16384 - 5 - 10_000);
  });
});
