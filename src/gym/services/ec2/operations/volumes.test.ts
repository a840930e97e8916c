import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeTestWorld, type ComputeTestWorld } from './compute-testing.js';

function launch(world: ComputeTestWorld, zone = 'us-east-1a'): string {
  const image = world.call('DescribeImages', { Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64'] }] }).Images[0].ImageId;
  const id = world.call('RunInstances', { ImageId: image, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro', Placement: { AvailabilityZone: zone } }).Instances[0].InstanceId;
  world.advance(30);
  return id;
}

function volume(world: ComputeTestWorld, input: Record<string, unknown> = {}): string {
  const id = world.call('CreateVolume', { AvailabilityZone: 'us-east-1a', Size: 10, ...input }).VolumeId;
  world.advance(10);
  return id;
}

describe('CreateVolume', () => {
  it('creates a gp2 volume by default, creating → available in 5–10 s', () => {
    const world = computeTestWorld();
    const created = world.call('CreateVolume', { AvailabilityZone: 'us-east-1a', Size: 50 });
    assert.deepEqual([created.State, created.VolumeType, created.Iops, created.Throughput, created.Encrypted, created.SnapshotId], ['creating', 'gp2', 150, undefined, false, '']);
    world.advance(4);
    assert.equal(world.store.volumes.get(created.VolumeId)!.state, 'creating');
    world.advance(6);
    assert.equal(world.store.volumes.get(created.VolumeId)!.state, 'available');
  });

  it('applies the size limits and the IOPS and throughput rules of each type', () => {
    const world = computeTestWorld();
    const fail = (input: Record<string, unknown>) => world.fail('CreateVolume', { AvailabilityZone: 'us-east-1a', ...input });
    assert.equal(fail({ Size: 16385, VolumeType: 'gp3' }).code, 'InvalidParameterValue');
    assert.equal(fail({ Size: 100, VolumeType: 'st1' }).code, 'InvalidParameterValue');
    assert.equal(fail({ Size: 1025, VolumeType: 'standard' }).code, 'InvalidParameterValue');
    assert.deepEqual(fail({ Size: 10, VolumeType: 'gp2', Iops: 300 }), { code: 'InvalidParameterCombination', message: 'The parameter iops is not supported for gp2 volumes.' });
    assert.equal(fail({ Size: 10, VolumeType: 'io1' }).code, 'InvalidParameterCombination');
    assert.match(fail({ Size: 10, VolumeType: 'io1', Iops: 1000 }).message, /Iops to volume size ratio of 100 is too high; maximum is 50/);
    assert.equal(fail({ Size: 10, VolumeType: 'gp3', Throughput: 1001 }).code, 'InvalidParameterValue');
    assert.equal(fail({ Size: 10, VolumeType: 'gp3', Throughput: 800 }).code, 'InvalidParameterValue', 'throughput above a quarter of the IOPS');
    assert.equal(fail({ Size: 10, AvailabilityZone: 'us-east-1z' }).code, 'InvalidParameterValue');
    assert.equal(fail({}).code, 'MissingParameter');
    const gp3 = world.call('CreateVolume', { AvailabilityZone: 'us-east-1a', Size: 100, VolumeType: 'gp3', Iops: 6000, Throughput: 500, Encrypted: true });
    assert.deepEqual([gp3.Iops, gp3.Throughput, gp3.Encrypted], [6000, 500, true]);
    assert.match(gp3.KmsKeyId, /^arn:aws:kms:us-east-1:123456789012:key\//);
  });

  it('restores from a snapshot, at least the snapshot\'s size', () => {
    const world = computeTestWorld();
    const source = volume(world, { Size: 20 });
    const snapshot = world.call('CreateSnapshot', { VolumeId: source }).SnapshotId;
    world.advance(60);
    assert.equal(world.fail('CreateVolume', { AvailabilityZone: 'us-east-1a', SnapshotId: snapshot, Size: 10 }).code, 'InvalidParameterValue');
    const restored = world.call('CreateVolume', { AvailabilityZone: 'us-east-1b', SnapshotId: snapshot });
    assert.deepEqual([restored.Size, restored.SnapshotId], [20, snapshot]);
  });
});

describe('AttachVolume and DetachVolume', () => {
  it('attaches attaching → attached and detaches with only the volume id', () => {
    const world = computeTestWorld();
    const instance = launch(world);
    const id = volume(world);
    const attachment = world.call('AttachVolume', { VolumeId: id, InstanceId: instance, Device: '/dev/sdf' });
    assert.deepEqual([attachment.State, attachment.Device, attachment.InstanceId], ['attaching', '/dev/sdf', instance]);
    world.advance(8);
    const attached = world.call('DescribeVolumes', { VolumeIds: [id] }).Volumes[0];
    assert.deepEqual([attached.State, attached.Attachments[0].State], ['in-use', 'attached']);
    const shown = world.call('DescribeInstances', { InstanceIds: [instance] }).Reservations[0].Instances[0];
    assert.deepEqual(shown.BlockDeviceMappings.map((device: any) => device.DeviceName), ['/dev/xvda', '/dev/sdf']);
    const detaching = world.call('DetachVolume', { VolumeId: id });
    assert.deepEqual([detaching.State, detaching.InstanceId, detaching.Device], ['detaching', instance, '/dev/sdf']);
    world.advance(8);
    assert.deepEqual([world.store.volumes.get(id)!.state, world.store.volumes.get(id)!.attachment], ['available', undefined]);
    assert.equal(world.store.instances.get(instance)!.blockDevices.length, 1);
    assert.deepEqual(world.fail('DetachVolume', { VolumeId: id }), { code: 'IncorrectState', message: `Volume '${id}' is in the 'available' state.` });
  });

  it('fails as AWS does: other zone, device in use, volume in use, root volume of a running instance', () => {
    const world = computeTestWorld();
    const instance = launch(world);
    const other = launch(world, 'us-east-1b');
    const id = volume(world);
    assert.equal(world.fail('AttachVolume', { VolumeId: id, InstanceId: other, Device: '/dev/sdf' }).code, 'InvalidVolume.ZoneMismatch');
    assert.equal(world.fail('AttachVolume', { VolumeId: id, InstanceId: instance, Device: '/dev/xvda' }).code, 'InvalidParameterValue');
    assert.equal(world.fail('AttachVolume', { VolumeId: id, InstanceId: instance, Device: 'sdf-please' }).code, 'InvalidParameterValue');
    world.call('AttachVolume', { VolumeId: id, InstanceId: instance, Device: '/dev/sdf' });
    assert.equal(world.fail('AttachVolume', { VolumeId: id, InstanceId: instance, Device: '/dev/sdg' }).code, 'VolumeInUse');
    assert.equal(world.fail('DeleteVolume', { VolumeId: id }).code, 'VolumeInUse');
    const root = world.store.instances.get(instance)!.blockDevices[0]!.volumeId;
    assert.deepEqual(world.fail('DetachVolume', { VolumeId: root, Force: true }), {
      code: 'IncorrectState', message: `Unable to detach root volume '${root}' from instance '${instance}'`,
    });
    assert.equal(world.fail('DetachVolume', { VolumeId: id, InstanceId: other }).code, 'InvalidAttachment.NotFound');
    assert.equal(world.fail('DescribeVolumes', { VolumeIds: ['vol-00000000000000000'] }).code, 'InvalidVolume.NotFound');
    assert.equal(world.fail('DescribeVolumes', { VolumeIds: ['volume-1'] }).code, 'InvalidVolumeID.Malformed');
  });

  it('lets the root volume go once the instance is stopped', () => {
    const world = computeTestWorld();
    const instance = launch(world);
    world.call('StopInstances', { InstanceIds: [instance] });
    world.advance(60);
    const root = world.store.instances.get(instance)!.blockDevices[0]!.volumeId;
    assert.equal(world.call('DetachVolume', { VolumeId: root }).State, 'detaching');
  });
});

describe('ModifyVolume', () => {
  it('grows and retypes through modifying → optimizing → completed, once per six hours', () => {
    const world = computeTestWorld();
    const id = volume(world, { Size: 10, VolumeType: 'gp2' });
    assert.deepEqual(world.fail('ModifyVolume', { VolumeId: id, Size: 5 }), { code: 'InvalidParameterValue', message: 'New size cannot be smaller than existing size' });
    const started = world.call('ModifyVolume', { VolumeId: id, Size: 40, VolumeType: 'gp3' }).VolumeModification;
    assert.deepEqual([started.ModificationState, started.OriginalSize, started.TargetSize, started.TargetVolumeType, started.TargetIops], ['modifying', 10, 40, 'gp3', 3000]);
    assert.equal(world.fail('ModifyVolume', { VolumeId: id, Size: 50 }).code, 'IncorrectModificationState');
    world.advance(10);
    assert.equal(world.store.volumes.get(id)!.size, 40);
    assert.equal(world.call('DescribeVolumesModifications', { VolumeIds: [id] }).VolumesModifications[0].ModificationState, 'optimizing');
    world.advance(60);
    assert.equal(world.call('DescribeVolumesModifications', {}).VolumesModifications[0].ModificationState, 'completed');
    assert.equal(world.fail('ModifyVolume', { VolumeId: id, Size: 50 }).code, 'VolumeModificationRateExceeded');
    world.advance(6 * 3600);
    assert.equal(world.call('ModifyVolume', { VolumeId: id, Size: 50 }).VolumeModification.TargetSize, 50);
  });
});

describe('DescribeVolumes', () => {
  it('filters by status, type, size, encryption, tags and pages', () => {
    const world = computeTestWorld();
    for (let index = 0; index < 6; index++) volume(world, { Size: 10 + index, TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: `v${index}` }] }] });
    volume(world, { Size: 100, VolumeType: 'gp3', Encrypted: true });
    const ids = (input: Record<string, unknown>) => world.call('DescribeVolumes', input).Volumes.length;
    assert.equal(ids({ Filters: [{ Name: 'volume-type', Values: ['gp3'] }] }), 1);
    assert.equal(ids({ Filters: [{ Name: 'encrypted', Values: ['true'] }] }), 1);
    assert.equal(ids({ Filters: [{ Name: 'size', Values: ['12', '13'] }] }), 2);
    assert.equal(ids({ Filters: [{ Name: 'status', Values: ['available'] }] }), 7);
    assert.equal(ids({ Filters: [{ Name: 'tag:Name', Values: ['v3'] }] }), 1);
    const page = world.call('DescribeVolumes', { MaxResults: 5 });
    assert.equal(page.Volumes.length, 5);
    assert.equal(world.call('DescribeVolumes', { MaxResults: 5, NextToken: page.NextToken }).Volumes.length, 2);
  });
});
