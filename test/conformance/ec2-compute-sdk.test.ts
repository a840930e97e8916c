import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AttachVolumeCommand, CancelSpotInstanceRequestsCommand, CreateImageCommand, CreateSnapshotCommand, CreateSubnetCommand,
  CreateVolumeCommand, CreateVpcCommand, DeregisterImageCommand, DescribeImagesCommand, DescribeSnapshotsCommand, DescribeInstanceAttributeCommand, DescribeInstancesCommand,
  DescribeSpotInstanceRequestsCommand, DescribeSpotPriceHistoryCommand, DescribeVolumesCommand, DescribeVolumesModificationsCommand,
  DetachVolumeCommand, GetConsoleOutputCommand, ModifyInstanceAttributeCommand, ModifyVolumeCommand, RequestSpotInstancesCommand,
  RunInstancesCommand, StopInstancesCommand, TerminateInstancesCommand, paginateDescribeInstanceTypes, paginateDescribeInstances,
  waitUntilImageAvailable, waitUntilInstanceRunning, waitUntilInstanceStatusOk, waitUntilInstanceStopped, waitUntilInstanceTerminated,
  waitUntilSnapshotCompleted, waitUntilSpotInstanceRequestFulfilled, waitUntilVolumeAvailable, waitUntilVolumeInUse, type EC2Client,
} from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import { startTestGym } from '../support/gym.js';
import { sdkClients, sdkError } from '../support/sdk.js';

/** Waiter settings for a gym whose clock runs 60 times faster than real time. */
const FAST = { maxWaitTime: 30, minDelay: 1, maxDelay: 1 };

describe('EC2 compute and storage with the AWS SDK v3', () => {
  let gym: Gym;
  let ec2: EC2Client;
  let x86Image: string;
  let armImage: string;

  before(async () => {
    gym = await startTestGym();
    ec2 = sdkClients(gym.endpoint).ec2;
    const images = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023.6.20241212.0-kernel-6.1-*'] }] }));
    x86Image = images.Images!.find((image) => image.Architecture === 'x86_64')!.ImageId!;
    armImage = images.Images!.find((image) => image.Architecture === 'arm64')!.ImageId!;
  });
  after(async () => {
    await gym.stop();
  });

  it('runs an instance that waitUntilInstanceRunning, waitUntilInstanceStatusOk and the stop and terminate waiters follow', async () => {
    const run = await ec2.send(new RunInstancesCommand({ ImageId: armImage, InstanceType: 't4g.micro', MinCount: 1, MaxCount: 1 }));
    const id = run.Instances![0]!.InstanceId!;
    assert.equal(run.Instances![0]!.State!.Name, 'pending');
    await waitUntilInstanceRunning({ client: ec2, ...FAST }, { InstanceIds: [id] });
    await waitUntilInstanceStatusOk({ client: ec2, ...FAST }, { InstanceIds: [id] });
    await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    await waitUntilInstanceStopped({ client: ec2, ...FAST }, { InstanceIds: [id] });
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, InstanceType: { Value: 't4g.small' } }));
    const type = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute: 'instanceType' }));
    assert.equal(type.InstanceType!.Value, 't4g.small');
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    await waitUntilInstanceTerminated({ client: ec2, ...FAST }, { InstanceIds: [id] });
  });

  it('gives instances in a new subnet addresses inside its CIDR, from the first one AWS does not reserve', async () => {
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.50.0.0/16' }));
    const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpc.Vpc!.VpcId!, CidrBlock: '10.50.1.0/24', AvailabilityZone: 'us-east-1c' }));
    const run = await ec2.send(new RunInstancesCommand({ ImageId: x86Image, InstanceType: 't3.nano', MinCount: 3, MaxCount: 3, SubnetId: subnet.Subnet!.SubnetId! }));
    assert.deepEqual(run.Instances!.map((instance) => instance.PrivateIpAddress), ['10.50.1.4', '10.50.1.5', '10.50.1.6']);
    assert.deepEqual(run.Instances!.map((instance) => instance.Placement!.AvailabilityZone), ['us-east-1c', 'us-east-1c', 'us-east-1c']);
    assert.equal(run.Instances![0]!.PublicIpAddress, undefined);
    const outside = await sdkError(ec2.send(new RunInstancesCommand({ ImageId: x86Image, MinCount: 1, MaxCount: 1, SubnetId: subnet.Subnet!.SubnetId!, PrivateIpAddress: '10.50.2.10' })));
    assert.equal(outside.code, 'InvalidParameterValue');
  });

  it('pages DescribeInstances and DescribeInstanceTypes with the SDK paginators', async () => {
    await ec2.send(new RunInstancesCommand({ ImageId: x86Image, InstanceType: 't3.micro', MinCount: 6, MaxCount: 6, TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'paged' }] }] }));
    const ids: string[] = [];
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 5 }, { Filters: [{ Name: 'tag:Name', Values: ['paged'] }] })) {
      for (const reservation of page.Reservations ?? []) ids.push(...reservation.Instances!.map((instance) => instance.InstanceId!));
    }
    assert.equal(new Set(ids).size, 6);
    const types: string[] = [];
    for await (const page of paginateDescribeInstanceTypes({ client: ec2, pageSize: 20 }, {})) types.push(...page.InstanceTypes!.map((type) => type.InstanceType!));
    assert.ok(types.includes('t3.micro') && types.includes('m7g.4xlarge') && types.includes('r6i.large'));
    assert.equal(new Set(types).size, types.length);
  });

  it('launches spot instances with SpotInstanceRequestId, from RunInstances and from a fulfilled RequestSpotInstances', async () => {
    const direct = await ec2.send(new RunInstancesCommand({ ImageId: x86Image, InstanceType: 'c6i.large', MinCount: 1, MaxCount: 1, InstanceMarketOptions: { MarketType: 'spot' } }));
    const instance = direct.Instances![0]!;
    assert.equal(instance.InstanceLifecycle, 'spot');
    assert.match(instance.SpotInstanceRequestId!, /^sir-/);
    const described = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'spot-instance-request-id', Values: [instance.SpotInstanceRequestId!] }] }));
    assert.equal(described.Reservations![0]!.Instances![0]!.InstanceId, instance.InstanceId);
    const stop = await sdkError(ec2.send(new StopInstancesCommand({ InstanceIds: [instance.InstanceId!] })));
    assert.equal(stop.code, 'UnsupportedOperation');

    const requested = await ec2.send(new RequestSpotInstancesCommand({ LaunchSpecification: { ImageId: x86Image, InstanceType: 'm6i.large' } }));
    const requestId = requested.SpotInstanceRequests![0]!.SpotInstanceRequestId!;
    assert.equal(requested.SpotInstanceRequests![0]!.Status!.Code, 'pending-evaluation');
    await waitUntilSpotInstanceRequestFulfilled({ client: ec2, ...FAST }, { SpotInstanceRequestIds: [requestId] });
    const fulfilled = (await ec2.send(new DescribeSpotInstanceRequestsCommand({ SpotInstanceRequestIds: [requestId] }))).SpotInstanceRequests![0]!;
    assert.equal(fulfilled.State, 'active');
    const launched = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [fulfilled.InstanceId!] }));
    assert.equal(launched.Reservations![0]!.Instances![0]!.SpotInstanceRequestId, requestId);
    const cancelled = await ec2.send(new CancelSpotInstanceRequestsCommand({ SpotInstanceRequestIds: [requestId] }));
    assert.equal(cancelled.CancelledSpotInstanceRequests![0]!.State, 'cancelled');
    const prices = await ec2.send(new DescribeSpotPriceHistoryCommand({ InstanceTypes: ['m6i.large'], ProductDescriptions: ['Linux/UNIX'], AvailabilityZone: 'us-east-1a' }));
    assert.equal(prices.SpotPriceHistory!.length, 1);
    assert.ok(Number(prices.SpotPriceHistory![0]!.SpotPrice) < 0.096);
  });

  it('creates, attaches, detaches (volume id only), grows and snapshots a volume, waiting on each state', async () => {
    const instance = (await ec2.send(new RunInstancesCommand({ ImageId: x86Image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, Placement: { AvailabilityZone: 'us-east-1d' } }))).Instances![0]!;
    const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1d', Size: 20, VolumeType: 'gp3', TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: 'data' }] }] }));
    await waitUntilVolumeAvailable({ client: ec2, ...FAST }, { VolumeIds: [volume.VolumeId!] });
    await waitUntilInstanceRunning({ client: ec2, ...FAST }, { InstanceIds: [instance.InstanceId!] });
    const attach = await ec2.send(new AttachVolumeCommand({ VolumeId: volume.VolumeId!, InstanceId: instance.InstanceId!, Device: '/dev/sdh' }));
    assert.equal(attach.State, 'attaching');
    await waitUntilVolumeInUse({ client: ec2, ...FAST }, { VolumeIds: [volume.VolumeId!] });
    const zone = await sdkError(ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1e', Size: 1 })).then((other) =>
      waitUntilVolumeAvailable({ client: ec2, ...FAST }, { VolumeIds: [other.VolumeId!] }).then(() =>
        ec2.send(new AttachVolumeCommand({ VolumeId: other.VolumeId!, InstanceId: instance.InstanceId!, Device: '/dev/sdi' })))));
    assert.equal(zone.code, 'InvalidVolume.ZoneMismatch');
    const detach = await ec2.send(new DetachVolumeCommand({ VolumeId: volume.VolumeId! }));
    assert.deepEqual([detach.State, detach.InstanceId, detach.Device], ['detaching', instance.InstanceId, '/dev/sdh']);
    await waitUntilVolumeAvailable({ client: ec2, ...FAST }, { VolumeIds: [volume.VolumeId!] });
    const modification = await ec2.send(new ModifyVolumeCommand({ VolumeId: volume.VolumeId!, Size: 40 }));
    assert.equal(modification.VolumeModification!.ModificationState, 'modifying');
    const modifications = await ec2.send(new DescribeVolumesModificationsCommand({ VolumeIds: [volume.VolumeId!] }));
    assert.equal(modifications.VolumesModifications![0]!.TargetSize, 40);
    const snapshot = await ec2.send(new CreateSnapshotCommand({ VolumeId: volume.VolumeId!, Description: 'nightly' }));
    await waitUntilSnapshotCompleted({ client: ec2, ...FAST }, { SnapshotIds: [snapshot.SnapshotId!] });
    const tagged = await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'tag:Name', Values: ['data'] }] }));
    assert.equal(tagged.Volumes![0]!.VolumeId, volume.VolumeId);
  });

  it('images a running instance and launches from the image once waitUntilImageAvailable returns', async () => {
    const instance = (await ec2.send(new RunInstancesCommand({ ImageId: x86Image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }))).Instances![0]!;
    await waitUntilInstanceRunning({ client: ec2, ...FAST }, { InstanceIds: [instance.InstanceId!] });
    const image = await ec2.send(new CreateImageCommand({ InstanceId: instance.InstanceId!, Name: 'golden-2026', NoReboot: true }));
    await waitUntilImageAvailable({ client: ec2, ...FAST }, { ImageIds: [image.ImageId!] });
    const launched = await ec2.send(new RunInstancesCommand({ ImageId: image.ImageId!, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }));
    assert.equal(launched.Instances![0]!.ImageId, image.ImageId);
    const output = await ec2.send(new GetConsoleOutputCommand({ InstanceId: instance.InstanceId! }));
    assert.match(Buffer.from(output.Output!, 'base64').toString('utf8'), new RegExp(`ip-${instance.PrivateIpAddress!.replace(/\./g, '-')} login:`));
  });

  it('deregisters an image and, with DeleteAssociatedSnapshots (newer than the aws-sdk v2 model), its snapshots', async () => {
    const instance = (await ec2.send(new RunInstancesCommand({ ImageId: x86Image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }))).Instances![0]!;
    await waitUntilInstanceRunning({ client: ec2, ...FAST }, { InstanceIds: [instance.InstanceId!] });
    const snapshotsOf = async (imageId: string) => (await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots!.filter((snapshot) => snapshot.Description?.includes(imageId));
    const kept = await ec2.send(new CreateImageCommand({ InstanceId: instance.InstanceId!, Name: 'kept-snapshots', NoReboot: true }));
    const dropped = await ec2.send(new CreateImageCommand({ InstanceId: instance.InstanceId!, Name: 'dropped-snapshots', NoReboot: true }));
    assert.equal((await snapshotsOf(kept.ImageId!)).length, 1);
    assert.equal((await snapshotsOf(dropped.ImageId!)).length, 1);
    await ec2.send(new DeregisterImageCommand({ ImageId: kept.ImageId! }));
    await ec2.send(new DeregisterImageCommand({ ImageId: dropped.ImageId!, DeleteAssociatedSnapshots: true }));
    assert.equal((await snapshotsOf(kept.ImageId!)).length, 1, 'AWS keeps the snapshots unless asked');
    assert.equal((await snapshotsOf(dropped.ImageId!)).length, 0, 'DeleteAssociatedSnapshots deletes them');
  });

  it('reports errors with the codes and status AWS uses', async () => {
    const cases: [Promise<unknown>, string][] = [
      [ec2.send(new RunInstancesCommand({ ImageId: armImage, InstanceType: 'm5.large', MinCount: 1, MaxCount: 1 })), 'InvalidParameterValue'],
      [ec2.send(new RunInstancesCommand({ ImageId: 'ami-00000000000000000', MinCount: 1, MaxCount: 1 })), 'InvalidAMIID.NotFound'],
      [ec2.send(new RunInstancesCommand({ ImageId: x86Image, MinCount: 1, MaxCount: 1, KeyName: 'no-such-key' })), 'InvalidKeyPair.NotFound'],
      [ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-00000000000000000'] })), 'InvalidInstanceID.NotFound'],
      [ec2.send(new DescribeInstancesCommand({ InstanceIds: ['instance-1'] })), 'InvalidInstanceID.Malformed'],
      [ec2.send(new DetachVolumeCommand({ VolumeId: 'vol-00000000000000000' })), 'InvalidVolume.NotFound'],
      [ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 10, VolumeType: 'gp2', Iops: 500 })), 'InvalidParameterCombination'],
    ];
    for (const [call, code] of cases) {
      const failure = await sdkError(call);
      assert.equal(failure.code, code);
      assert.equal(failure.status, 400);
    }
  });
});
