import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeTestWorld } from './compute-testing.js';

describe('the public image catalogue', () => {
  it('has Amazon Linux, Ubuntu, Debian and Windows images owned by amazon, with ids stable per region', () => {
    const world = computeTestWorld();
    const images = world.call('DescribeImages', { Owners: ['amazon'] }).Images;
    const names = images.map((image: any) => image.Name);
    for (const expected of [
      'al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64',
      'al2023-ami-2023.6.20241212.0-kernel-6.1-arm64',
      'ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20241119',
      'ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20241119',
      'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20241206',
      'Windows_Server-2022-English-Full-Base-2024.12.13',
    ]) assert.ok(names.includes(expected), `${expected} is missing`);
    assert.ok(names.some((name: string) => name.startsWith('amzn2-ami-kernel-5.10-hvm-')));
    assert.ok(names.some((name: string) => name.startsWith('debian-12-amd64-')));
    for (const image of images) {
      assert.equal(image.ImageOwnerAlias, 'amazon');
      assert.equal(image.State, 'available');
      assert.equal(image.Public, true);
      assert.match(image.BlockDeviceMappings[0].Ebs.SnapshotId, /^snap-0[0-9a-f]{16}$/);
    }
    const al2023 = images.find((image: any) => image.Name.startsWith('al2023') && image.Architecture === 'x86_64');
    assert.equal(al2023.OwnerId, '137112412989');
    assert.equal(al2023.RootDeviceName, '/dev/xvda');
    assert.deepEqual([al2023.BlockDeviceMappings[0].Ebs.VolumeSize, al2023.BlockDeviceMappings[0].Ebs.VolumeType], [8, 'gp3']);
    const ubuntu = images.find((image: any) => image.Name.includes('noble') && image.Architecture === 'x86_64');
    assert.deepEqual([ubuntu.OwnerId, ubuntu.RootDeviceName], ['099720109477', '/dev/sda1']);
    assert.equal(images.find((image: any) => image.Name.startsWith('Windows')).Platform, 'windows');
    const again = computeTestWorld(99).call('DescribeImages', { ImageIds: [al2023.ImageId] }).Images[0];
    assert.equal(again.Name, al2023.Name, 'another world has the same ids');
  });

  it('filters names with wildcards, architecture, owner id and owner alias', () => {
    const world = computeTestWorld();
    const names = (input: Record<string, unknown>) => world.call('DescribeImages', input).Images.map((image: any) => image.Name).sort();
    assert.deepEqual(names({ Filters: [{ Name: 'name', Values: ['ubuntu/images/*noble*'] }, { Name: 'architecture', Values: ['arm64'] }] }), [
      'ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20241119',
    ]);
    assert.equal(names({ Owners: ['099720109477'] }).length, names({ Filters: [{ Name: 'name', Values: ['ubuntu/*'] }] }).length);
    assert.equal(names({ Filters: [{ Name: 'owner-alias', Values: ['amazon'] }, { Name: 'name', Values: ['al2023-ami-2023.?.*-x86_64'] }] }).length, 2);
    assert.deepEqual(names({ Owners: ['self'] }), []);
    assert.equal(world.fail('DescribeImages', { ImageIds: ['ami-00000000000000000'] }).code, 'InvalidAMIID.NotFound');
    assert.equal(world.fail('DescribeImages', { ImageIds: ['ubuntu'] }).code, 'InvalidAMIID.Malformed');
  });
});

describe('CreateImage, DeregisterImage and snapshots', () => {
  it('images an instance: snapshots of its volumes, pending → available, launchable', () => {
    const world = computeTestWorld();
    const base = world.call('DescribeImages', { Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['debian-12-amd64-*'] }] }).Images[0].ImageId;
    const instance = world.call('RunInstances', { ImageId: base, MinCount: 1, MaxCount: 1, BlockDeviceMappings: [{ DeviceName: '/dev/sdf', Ebs: { VolumeSize: 30 } }] }).Instances[0].InstanceId;
    world.advance(30);
    const imageId = world.call('CreateImage', { InstanceId: instance, Name: 'app-v1', NoReboot: true }).ImageId;
    const pending = world.call('DescribeImages', { Owners: ['self'] }).Images[0];
    assert.deepEqual([pending.ImageId, pending.State, pending.OwnerId, pending.Public, pending.ImageOwnerAlias], [imageId, 'pending', '123456789012', false, undefined]);
    const snapshots = world.call('DescribeSnapshots', { OwnerIds: ['self'] }).Snapshots;
    assert.deepEqual(snapshots.map((snapshot: any) => [snapshot.VolumeSize, snapshot.State]), [[8, 'pending'], [30, 'pending']]);
    assert.equal(world.fail('CreateImage', { InstanceId: instance, Name: 'app-v1' }).code, 'InvalidAMIName.Duplicate');
    assert.equal(world.fail('CreateImage', { InstanceId: instance, Name: 'x' }).code, 'InvalidAMIName.Malformed');
    assert.equal(world.fail('RunInstances', { ImageId: imageId, MinCount: 1, MaxCount: 1 }).code, 'InvalidAMIID.Unavailable');
    world.advance(120);
    assert.equal(world.call('DescribeImages', { ImageIds: [imageId] }).Images[0].State, 'available');
    assert.deepEqual(world.call('DescribeSnapshots', { OwnerIds: ['self'] }).Snapshots.map((snapshot: any) => [snapshot.State, snapshot.Progress]), [['completed', '100%'], ['completed', '100%']]);
    const relaunched = world.call('RunInstances', { ImageId: imageId, MinCount: 1, MaxCount: 1 }).Instances[0];
    assert.equal(relaunched.BlockDeviceMappings.length, 2);
    const snapshotId = snapshots[0].SnapshotId;
    assert.deepEqual(world.fail('DeleteSnapshot', { SnapshotId: snapshotId }), { code: 'InvalidSnapshot.InUse', message: `The snapshot ${snapshotId} is currently in use by ${imageId}` });
    world.call('DeregisterImage', { ImageId: imageId });
    assert.equal(world.call('DescribeImages', { ImageIds: [imageId] }).Images[0].State, 'deregistered');
    assert.equal(world.fail('DeregisterImage', { ImageId: imageId }).code, 'InvalidAMIID.Unavailable');
    world.call('DeleteSnapshot', { SnapshotId: snapshotId });
    world.advance(15 * 60);
    assert.equal(world.fail('DeregisterImage', { ImageId: imageId }).code, 'InvalidAMIID.NotFound');
    assert.equal(world.fail('DeregisterImage', { ImageId: base }).code, 'AuthFailure');
  });

  it('shows catalogue snapshots only when asked for amazon\'s or by id', () => {
    const world = computeTestWorld();
    assert.deepEqual(world.call('DescribeSnapshots', {}).Snapshots, []);
    const amazon = world.call('DescribeSnapshots', { OwnerIds: ['amazon'] }).Snapshots;
    assert.ok(amazon.length >= 10);
    assert.equal(world.call('DescribeSnapshots', { SnapshotIds: [amazon[0].SnapshotId] }).Snapshots[0].OwnerAlias, 'amazon');
    assert.equal(world.fail('DescribeSnapshots', { SnapshotIds: ['snap-00000000000000000'] }).code, 'InvalidSnapshot.NotFound');
  });
});
