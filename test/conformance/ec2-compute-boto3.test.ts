import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Gym } from '../../src/gym/gym.js';
import { startTestGym } from '../support/gym.js';
import { BOTO3_INSTALL, boto3, boto3Available } from '../support/boto3.js';
import { requireTool } from '../support/external-tool.js';

describe('EC2 compute with boto3', () => {
  let gym: Gym;
  before(async () => {
    gym = await startTestGym();
  });
  after(async () => {
    await gym.stop();
  });

  it('runs, waits for, filters, and detaches with only a VolumeId, as a boto3 script would', async (context) => {
    if (!requireTool(context, boto3Available(), 'boto3', BOTO3_INSTALL)) return;
    const result = await boto3(gym.endpoint, `
ec2 = client('ec2')
image = sorted(ec2.describe_images(Owners=['amazon'], Filters=[{'Name': 'name', 'Values': ['ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*']}])['Images'], key=lambda i: i['CreationDate'])[-1]
launched = ec2.run_instances(ImageId=image['ImageId'], InstanceType='t3.micro', MinCount=2, MaxCount=2,
    TagSpecifications=[{'ResourceType': 'instance', 'Tags': [{'Key': 'Name', 'Value': 'py-web'}]}])
ids = [i['InstanceId'] for i in launched['Instances']]
ec2.get_waiter('instance_running').wait(InstanceIds=ids, WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
found = ec2.describe_instances(Filters=[{'Name': 'tag:Name', 'Values': ['py-web']}, {'Name': 'instance-state-name', 'Values': ['running']}])
zone = launched['Instances'][0]['Placement']['AvailabilityZone']
volume = ec2.create_volume(AvailabilityZone=zone, Size=8)
ec2.get_waiter('volume_available').wait(VolumeIds=[volume['VolumeId']], WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
ec2.attach_volume(VolumeId=volume['VolumeId'], InstanceId=ids[0], Device='/dev/sdf')
ec2.get_waiter('volume_in_use').wait(VolumeIds=[volume['VolumeId']], WaiterConfig={'Delay': 1, 'MaxAttempts': 30})
detached = ec2.detach_volume(VolumeId=volume['VolumeId'])
spot = ec2.run_instances(ImageId=image['ImageId'], InstanceType='t3.small', MinCount=1, MaxCount=1, InstanceMarketOptions={'MarketType': 'spot'})['Instances'][0]
bad = run(lambda: ec2.run_instances(ImageId=image['ImageId'], InstanceType='t4g.micro', MinCount=1, MaxCount=1))
print(json.dumps({
  'root': image['RootDeviceName'],
  'owner': image['OwnerId'],
  'found': sorted(i['InstanceId'] for r in found['Reservations'] for i in r['Instances']) == sorted(ids),
  'detached': [detached['State'], detached['InstanceId'] == ids[0]],
  'spot': [spot.get('InstanceLifecycle'), spot.get('SpotInstanceRequestId', '')[:4]],
  'bad': bad['error'],
}))
`);
    assert.deepEqual(result, {
      root: '/dev/sda1',
      owner: '099720109477',
      found: true,
      detached: ['detaching', true],
      spot: ['spot', 'sir-'],
      bad: 'InvalidParameterValue',
    });
  });
});
