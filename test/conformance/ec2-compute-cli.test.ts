import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Gym } from '../../src/gym/gym.js';
import { admin, startTestGym } from '../support/gym.js';
import { AWS_CLI_INSTALL, awsCli, awsJson, cliErrorCode, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';

/** True when the dotted-quad address lies inside the CIDR block. */
function inCidr(address: string, cidr: string): boolean {
  const toNumber = (text: string) => text.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
  const [network, prefix] = cidr.split('/');
  const size = 2 ** (32 - Number(prefix));
  const start = toNumber(network!);
  return toNumber(address) >= start && toNumber(address) < start + size;
}

describe('EC2 compute with the AWS CLI v2', () => {
  let gym: Gym;
  let imageId: string;
  const advance = (seconds: number) => admin(gym, 'POST', '/_gym/clock', { advanceSeconds: seconds });
  const aws = (...args: string[]) => awsJson(gym.endpoint, ['ec2', ...args]);

  before(async () => {
    gym = await startTestGym();
    await admin(gym, 'POST', '/_gym/clock', { freeze: true });
  });
  after(async () => {
    await gym.stop();
  });

  it('finds the newest Amazon Linux 2023 image by owner and name wildcard', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const images = await aws('describe-images', '--owners', 'amazon', '--filters', 'Name=name,Values=al2023-ami-2023.*-x86_64', 'Name=state,Values=available');
    const newest = images.Images.sort((a: any, b: any) => b.CreationDate.localeCompare(a.CreationDate))[0];
    assert.equal(newest.Name, 'al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64');
    assert.equal(newest.ImageOwnerAlias, 'amazon');
    imageId = newest.ImageId;
  });

  it('runs two tagged instances with --count, inside the default subnet, and finds them by tag:Name', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const run = await aws('run-instances', '--image-id', imageId, '--instance-type', 't3.micro', '--count', '2',
      '--tag-specifications', 'ResourceType=instance,Tags=[{Key=Name,Value=cli-web},{Key=env,Value=test}]',
      '--user-data', '#!/bin/bash\necho hello from cirro');
    assert.equal(run.Instances.length, 2);
    assert.equal(run.Instances[0].State.Name, 'pending');
    const subnet = (await aws('describe-subnets', '--subnet-ids', run.Instances[0].SubnetId)).Subnets[0];
    for (const instance of run.Instances) {
      assert.ok(inCidr(instance.PrivateIpAddress, subnet.CidrBlock), `${instance.PrivateIpAddress} is outside ${subnet.CidrBlock}`);
      assert.equal(instance.PrivateDnsName, `ip-${instance.PrivateIpAddress.replace(/\./g, '-')}.ec2.internal`);
    }
    const found = await aws('describe-instances', '--filters', 'Name=tag:Name,Values=cli-web', '--query', 'Reservations[].Instances[].InstanceId');
    assert.deepEqual([...found].sort(), run.Instances.map((instance: any) => instance.InstanceId).sort());
    const userData = await aws('describe-instance-attribute', '--instance-id', run.Instances[0].InstanceId, '--attribute', 'userData');
    assert.equal(Buffer.from(userData.UserData.Value, 'base64').toString('utf8'), '#!/bin/bash\necho hello from cirro');
  });

  it('stops and starts an instance with the previous and current states AWS reports', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const id = (await aws('run-instances', '--image-id', imageId, '--instance-type', 't3.small')).Instances[0].InstanceId;
    await advance(30);
    const stopping = await aws('stop-instances', '--instance-ids', id);
    assert.deepEqual(stopping.StoppingInstances[0], { InstanceId: id, CurrentState: { Code: 64, Name: 'stopping' }, PreviousState: { Code: 16, Name: 'running' } });
    await advance(60);
    const starting = await aws('start-instances', '--instance-ids', id);
    assert.deepEqual(starting.StartingInstances[0], { InstanceId: id, CurrentState: { Code: 0, Name: 'pending' }, PreviousState: { Code: 80, Name: 'stopped' } });
  });

  it('detaches a volume given only --volume-id, and refuses the root volume of a running instance', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const instance = (await aws('run-instances', '--image-id', imageId, '--placement', 'AvailabilityZone=us-east-1b')).Instances[0];
    const volume = await aws('create-volume', '--availability-zone', 'us-east-1b', '--size', '10', '--volume-type', 'gp3');
    assert.equal(volume.State, 'creating');
    await advance(30);
    const attached = await aws('attach-volume', '--volume-id', volume.VolumeId, '--instance-id', instance.InstanceId, '--device', '/dev/sdf');
    assert.equal(attached.State, 'attaching');
    await advance(10);
    const detaching = await aws('detach-volume', '--volume-id', volume.VolumeId);
    assert.deepEqual([detaching.State, detaching.InstanceId, detaching.Device, detaching.VolumeId], ['detaching', instance.InstanceId, '/dev/sdf', volume.VolumeId]);
    await advance(10);
    assert.equal((await aws('describe-volumes', '--volume-ids', volume.VolumeId)).Volumes[0].State, 'available');
    const root = instance.BlockDeviceMappings[0].Ebs.VolumeId;
    const refused = await awsCli(gym.endpoint, ['ec2', 'detach-volume', '--volume-id', root]);
    assert.equal(cliErrorCode(refused), 'IncorrectState');
    assert.match(refused.stderr, /Unable to detach root volume/);
  });

  it('launches a spot instance that carries its SpotInstanceRequestId', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const instance = (await aws('run-instances', '--image-id', imageId, '--instance-type', 'm5.large', '--instance-market-options', 'MarketType=spot')).Instances[0];
    assert.equal(instance.InstanceLifecycle, 'spot');
    const requests = await aws('describe-spot-instance-requests', '--filters', `Name=instance-id,Values=${instance.InstanceId}`);
    assert.equal(requests.SpotInstanceRequests[0].SpotInstanceRequestId, instance.SpotInstanceRequestId);
    assert.equal(requests.SpotInstanceRequests[0].Status.Code, 'fulfilled');
  });

  it('fails as AWS does: unknown type, unknown instance, arm64 image on x86', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const badType = await awsCli(gym.endpoint, ['ec2', 'run-instances', '--image-id', imageId, '--instance-type', 't3.huge']);
    assert.equal(cliErrorCode(badType), 'InvalidParameterValue');
    assert.match(badType.stderr, /Invalid value 't3.huge' for InstanceType/);
    const missing = await awsCli(gym.endpoint, ['ec2', 'describe-instances', '--instance-ids', 'i-0123456789abcdef0']);
    assert.equal(cliErrorCode(missing), 'InvalidInstanceID.NotFound');
    const arm = (await aws('describe-images', '--owners', 'amazon', '--filters', 'Name=name,Values=al2023-ami-2023.6.*-arm64')).Images[0].ImageId;
    const mismatch = await awsCli(gym.endpoint, ['ec2', 'run-instances', '--image-id', arm, '--instance-type', 't3.micro']);
    assert.equal(cliErrorCode(mismatch), 'InvalidParameterValue');
    assert.match(mismatch.stderr, /architecture 'arm64' of the specified AMI/);
  });
});
