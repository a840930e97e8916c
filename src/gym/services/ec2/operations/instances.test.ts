import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCidr, parseIpv4, containsAddress } from '../cidr.js';
import { computeTestWorld, type ComputeTestWorld } from './compute-testing.js';

function imageId(world: ComputeTestWorld, name: string): string {
  return world.call('DescribeImages', { Owners: ['amazon'], Filters: [{ Name: 'name', Values: [name] }] }).Images[0].ImageId;
}

const AL2023_X86 = 'al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64';
const AL2023_ARM = 'al2023-ami-2023.6.20241212.0-kernel-6.1-arm64';

function launch(world: ComputeTestWorld, input: Record<string, unknown> = {}) {
  return world.call('RunInstances', { ImageId: imageId(world, AL2023_X86), InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, ...input });
}

describe('RunInstances', () => {
  it('launches MaxCount instances in one reservation, pending, with addresses inside the default subnet of the first zone', () => {
    const world = computeTestWorld();
    const reservation = launch(world, { MinCount: 3, MaxCount: 3 });
    assert.match(reservation.ReservationId, /^r-[0-9a-f]{17}$/);
    assert.equal(reservation.Instances.length, 3);
    const subnet = world.store.subnets.get(reservation.Instances[0].SubnetId)!;
    assert.equal(subnet.availabilityZone, 'us-east-1a');
    assert.equal(subnet.defaultForAz, true);
    const block = parseCidr(subnet.cidrBlock)!;
    const addresses = reservation.Instances.map((instance: any) => instance.PrivateIpAddress);
    assert.equal(new Set(addresses).size, 3);
    for (const address of addresses) assert.ok(containsAddress(block, parseIpv4(address)!), `${address} is outside ${subnet.cidrBlock}`);
    assert.deepEqual(reservation.Instances.map((instance: any) => instance.State), [1, 2, 3].map(() => ({ Code: 0, Name: 'pending' })));
    assert.deepEqual(reservation.Instances.map((instance: any) => instance.AmiLaunchIndex), [0, 1, 2]);
    assert.ok(reservation.Instances[0].PublicIpAddress, 'the default subnet maps public addresses');
  });

  it('honours PrivateIpAddress and refuses an address outside the subnet', () => {
    const world = computeTestWorld();
    const subnet = [...world.store.subnets.values()].find((candidate) => candidate.availabilityZone === 'us-east-1b')!;
    const reservation = launch(world, { SubnetId: subnet.id, PrivateIpAddress: '172.31.16.50' });
    assert.equal(reservation.Instances[0].PrivateIpAddress, '172.31.16.50');
    assert.equal(world.fail('RunInstances', { ImageId: imageId(world, AL2023_X86), MinCount: 1, MaxCount: 1, SubnetId: subnet.id, PrivateIpAddress: '10.9.9.9' }).code, 'InvalidParameterValue');
    assert.equal(world.fail('RunInstances', { ImageId: imageId(world, AL2023_X86), MinCount: 1, MaxCount: 1, SubnetId: subnet.id, PrivateIpAddress: '172.31.16.50' }).code, 'InvalidIPAddress.InUse');
  });

  it('refuses an arm64 image on an x86 type, with the words AWS uses', () => {
    const world = computeTestWorld();
    const failure = world.fail('RunInstances', { ImageId: imageId(world, AL2023_ARM), InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 });
    assert.equal(failure.code, 'InvalidParameterValue');
    assert.match(failure.message, /^The architecture 'x86_64' of the specified instance type does not match the architecture 'arm64' of the specified AMI\./);
    assert.equal(launch(world, { ImageId: imageId(world, AL2023_ARM), InstanceType: 't4g.small' }).Instances[0].Architecture, 'arm64');
  });

  it('rejects an unknown type, an unknown or malformed image, an unknown key pair, and changes nothing', () => {
    const world = computeTestWorld();
    assert.deepEqual(world.fail('RunInstances', { ImageId: imageId(world, AL2023_X86), InstanceType: 't3.huge', MinCount: 1, MaxCount: 1 }), {
      code: 'InvalidParameterValue', message: "Invalid value 't3.huge' for InstanceType.",
    });
    assert.equal(world.fail('RunInstances', { ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1 }).code, 'InvalidAMIID.NotFound');
    assert.equal(world.fail('RunInstances', { ImageId: 'image-1', MinCount: 1, MaxCount: 1 }).code, 'InvalidAMIID.Malformed');
    assert.equal(world.fail('RunInstances', { ImageId: imageId(world, AL2023_X86), KeyName: 'nope', MinCount: 1, MaxCount: 1 }).code, 'InvalidKeyPair.NotFound');
    assert.equal(world.store.instances.size, 0);
    assert.equal(world.store.volumes.size, 0);
  });

  it('checks security groups: ids in the subnet\'s VPC, names only in the default VPC', () => {
    const world = computeTestWorld();
    const vpc = world.call('CreateVpc', { CidrBlock: '10.8.0.0/16' }).Vpc;
    const subnet = world.call('CreateSubnet', { VpcId: vpc.VpcId, CidrBlock: '10.8.1.0/24', AvailabilityZone: 'us-east-1a' }).Subnet;
    const foreign = world.call('CreateSecurityGroup', { GroupName: 'other', Description: 'other', VpcId: vpc.VpcId }).GroupId;
    const failure = world.fail('RunInstances', { ImageId: imageId(world, AL2023_X86), MinCount: 1, MaxCount: 1, SecurityGroupIds: [foreign] });
    assert.equal(failure.code, 'InvalidParameter');
    assert.match(failure.message, /belong to different networks/);
    const inside = launch(world, { SubnetId: subnet.SubnetId, SecurityGroupIds: [foreign] }).Instances[0];
    assert.deepEqual(inside.SecurityGroups, [{ GroupId: foreign, GroupName: 'other' }]);
    assert.equal(inside.PublicIpAddress, undefined, 'a new subnet does not map public addresses');
    assert.equal(inside.PublicDnsName, '');
    assert.equal(world.fail('RunInstances', { ImageId: imageId(world, AL2023_X86), MinCount: 1, MaxCount: 1, SecurityGroups: ['missing'] }).code, 'InvalidGroup.NotFound');
    assert.equal(world.fail('RunInstances', { ImageId: imageId(world, AL2023_X86), MinCount: 1, MaxCount: 1, SubnetId: subnet.SubnetId, SecurityGroups: ['default'] }).code, 'InvalidParameterCombination');
    assert.deepEqual(launch(world, { SecurityGroups: ['default'] }).Instances[0].SecurityGroups.map((group: any) => group.GroupName), ['default']);
  });

  it('creates the root volume from the image plus extra volumes, each a real attached volume', () => {
    const world = computeTestWorld();
    const instance = launch(world, {
      BlockDeviceMappings: [
        { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, VolumeType: 'gp3' } },
        { DeviceName: '/dev/sdf', Ebs: { VolumeSize: 100, VolumeType: 'io2', Iops: 5000, DeleteOnTermination: false } },
      ],
      TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'team', Value: 'data' }] }],
    }).Instances[0];
    const volumes = world.call('DescribeVolumes', { Filters: [{ Name: 'attachment.instance-id', Values: [instance.InstanceId] }] }).Volumes;
    assert.deepEqual(volumes.map((volume: any) => [volume.Attachments[0].Device, volume.Size, volume.VolumeType, volume.Iops, volume.State, volume.Attachments[0].DeleteOnTermination]), [
      ['/dev/xvda', 20, 'gp3', 3000, 'in-use', true],
      ['/dev/sdf', 100, 'io2', 5000, 'in-use', false],
    ]);
    assert.deepEqual(volumes[1].Tags, [{ Key: 'team', Value: 'data' }]);
    const tooSmall = world.fail('RunInstances', { ImageId: imageId(world, AL2023_X86), MinCount: 1, MaxCount: 1, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 4 } }] });
    assert.equal(tooSmall.code, 'InvalidBlockDeviceMapping');
  });

  it('returns the first reservation again for a repeated ClientToken', () => {
    const world = computeTestWorld();
    const first = launch(world, { ClientToken: 'token-1', MinCount: 2, MaxCount: 2 });
    const again = launch(world, { ClientToken: 'token-1', MinCount: 2, MaxCount: 2 });
    assert.equal(again.ReservationId, first.ReservationId);
    assert.equal(world.store.instances.size, 2);
  });
});

describe('DescribeInstances', () => {
  it('groups by reservation and filters by tag:Name, state, type, subnet and group name', () => {
    const world = computeTestWorld();
    const web = launch(world, { MinCount: 2, MaxCount: 2, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] }] });
    launch(world, { InstanceType: 't3.small', TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'db' }] }] });
    const byName = world.call('DescribeInstances', { Filters: [{ Name: 'tag:Name', Values: ['web'] }] });
    assert.equal(byName.Reservations.length, 1);
    assert.equal(byName.Reservations[0].ReservationId, web.ReservationId);
    assert.equal(byName.Reservations[0].Instances.length, 2);
    assert.equal(world.call('DescribeInstances', { Filters: [{ Name: 'tag:Name', Values: ['w*'] }] }).Reservations[0].Instances.length, 2);
    assert.equal(world.call('DescribeInstances', { Filters: [{ Name: 'instance-type', Values: ['t3.small'] }] }).Reservations.length, 1);
    assert.equal(world.call('DescribeInstances', { Filters: [{ Name: 'instance.group-name', Values: ['default'] }] }).Reservations.length, 2);
    assert.equal(world.call('DescribeInstances', { Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }).Reservations.length, 0);
    world.advance(31);
    assert.equal(world.call('DescribeInstances', { Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }).Reservations.length, 2);
    assert.equal(world.call('DescribeInstances', { Filters: [{ Name: 'instance-state-code', Values: ['16'] }] }).Reservations.length, 2);
  });

  it('names unknown ids, rejects malformed ones, and refuses MaxResults with InstanceIds', () => {
    const world = computeTestWorld();
    const id = launch(world).Instances[0].InstanceId;
    assert.deepEqual(world.fail('DescribeInstances', { InstanceIds: [id, 'i-00000000000000000', 'i-0000000000000000f'] }), {
      code: 'InvalidInstanceID.NotFound', message: "The instance IDs 'i-00000000000000000, i-0000000000000000f' do not exist",
    });
    assert.equal(world.fail('DescribeInstances', { InstanceIds: ['web-1'] }).code, 'InvalidInstanceID.Malformed');
    assert.equal(world.fail('DescribeInstances', { InstanceIds: [id], MaxResults: 5 }).code, 'InvalidParameterCombination');
  });

  it('pages with MaxResults 5..1000', () => {
    const world = computeTestWorld();
    launch(world, { MinCount: 7, MaxCount: 7 });
    const first = world.call('DescribeInstances', { MaxResults: 5 });
    assert.equal(first.Reservations[0].Instances.length, 5);
    const second = world.call('DescribeInstances', { MaxResults: 5, NextToken: first.NextToken });
    assert.equal(second.Reservations[0].Instances.length, 2);
    assert.equal(second.NextToken, undefined);
    assert.equal(world.fail('DescribeInstances', { MaxResults: 4 }).code, 'InvalidParameterValue');
  });

  it('finds one tagged instance among 10,000 without scanning the table', () => {
    const world = computeTestWorld();
    const image = imageId(world, AL2023_X86);
    const subnets = [...world.store.subnets.values()].slice(0, 3);
    for (let batch = 0; batch < 10; batch++) {
      world.call('RunInstances', {
        ImageId: image, MinCount: 1000, MaxCount: 1000, SubnetId: subnets[batch % 3]!.id,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: `fleet-${batch}` }] }],
      });
    }
    const needle = launch(world, { TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'needle' }] }] }).Instances[0].InstanceId;
    assert.equal(world.store.instances.size, 10_001);
    const instances = world.store.instances;
    const values = instances.values;
    instances.values = () => {
      throw new Error('DescribeInstances scanned the instances table');
    };
    try {
      const started = performance.now();
      const found = world.call('DescribeInstances', { Filters: [{ Name: 'tag:Name', Values: ['needle'] }, { Name: 'instance-state-name', Values: ['pending', 'running'] }] });
      const elapsed = performance.now() - started;
      assert.deepEqual(found.Reservations.flatMap((reservation: any) => reservation.Instances.map((instance: any) => instance.InstanceId)), [needle]);
      assert.ok(elapsed < 50, `a filtered describe took ${elapsed.toFixed(1)} ms`);
    } finally {
      instances.values = values;
    }
  });
});

describe('DescribeInstanceStatus', () => {
  it('reports running instances only, initializing then ok; IncludeAllInstances shows the rest', () => {
    const world = computeTestWorld();
    const id = launch(world).Instances[0].InstanceId;
    assert.deepEqual(world.call('DescribeInstanceStatus', {}).InstanceStatuses, []);
    assert.equal(world.call('DescribeInstanceStatus', { IncludeAllInstances: true }).InstanceStatuses[0].InstanceStatus.Status, 'not-applicable');
    world.advance(31);
    const initializing = world.call('DescribeInstanceStatus', { InstanceIds: [id] }).InstanceStatuses[0];
    assert.equal(initializing.InstanceStatus.Status, 'initializing');
    world.advance(120);
    const ok = world.call('DescribeInstanceStatus', { InstanceIds: [id] }).InstanceStatuses[0];
    assert.deepEqual(ok.InstanceStatus, { Status: 'ok', Details: [{ Name: 'reachability', Status: 'passed' }] });
    assert.equal(ok.SystemStatus.Status, 'ok');
  });
});
