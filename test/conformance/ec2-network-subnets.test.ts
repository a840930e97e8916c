import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateSubnetCommand, CreateVpcCommand, DeleteSubnetCommand, DescribeSubnetsCommand, ModifySubnetAttributeCommand,
} from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import { availabilityZones } from '../../src/gym/regions.js';
import { startTestGym, TEST_REGION } from '../support/gym.js';
import { AWS_CLI_INSTALL, awsCli, awsJson, cliErrorCode, findAwsCli } from '../support/aws-cli.js';
import { BOTO3_INSTALL, boto3, boto3Available } from '../support/boto3.js';
import { sdkClients, sdkError } from '../support/sdk.js';
import { requireTool } from '../support/external-tool.js';

describe('subnets, through the three real clients', () => {
  let gym: Gym;
  before(async () => {
    gym = await startTestGym();
  });
  after(async () => {
    await gym.stop();
  });

  it('gives the default VPC one public /20 default subnet per availability zone (AWS CLI)', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const result = await awsJson(gym.endpoint, ['ec2', 'describe-subnets', '--filters', 'Name=default-for-az,Values=true']);
    const zones = availabilityZones(TEST_REGION)!;
    assert.deepEqual(result.Subnets.map((subnet: any) => subnet.AvailabilityZone).sort(), zones);
    for (const subnet of result.Subnets) {
      assert.equal(subnet.MapPublicIpOnLaunch, true);
      assert.equal(subnet.DefaultForAz, true);
      assert.match(subnet.CidrBlock, /^172\.31\.\d+\.0\/20$/);
      assert.equal(subnet.AvailableIpAddressCount, 4091);
      assert.match(subnet.AvailabilityZoneId, /^use1-az\d$/);
      assert.equal(subnet.SubnetArn, `arn:aws:ec2:${TEST_REGION}:123456789012:subnet/${subnet.SubnetId}`);
    }
  });

  it('refuses an overlapping CIDR with InvalidSubnet.Conflict and a VPC with subnets with DependencyViolation (AWS CLI)', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const vpc = (await awsJson(gym.endpoint, ['ec2', 'create-vpc', '--cidr-block', '10.10.0.0/16'])).Vpc.VpcId;
    const subnet = await awsJson(gym.endpoint, ['ec2', 'create-subnet', '--vpc-id', vpc, '--cidr-block', '10.10.1.0/24', '--availability-zone', 'us-east-1c']);
    assert.equal(subnet.Subnet.AvailabilityZone, 'us-east-1c');
    assert.equal(subnet.Subnet.AvailableIpAddressCount, 251);
    const overlap = await awsCli(gym.endpoint, ['ec2', 'create-subnet', '--vpc-id', vpc, '--cidr-block', '10.10.1.128/25']);
    assert.equal(cliErrorCode(overlap), 'InvalidSubnet.Conflict');
    assert.match(overlap.stderr, /10\.10\.1\.128\/25/);
    const blocked = await awsCli(gym.endpoint, ['ec2', 'delete-vpc', '--vpc-id', vpc]);
    assert.equal(cliErrorCode(blocked), 'DependencyViolation');
    await awsJson(gym.endpoint, ['ec2', 'delete-subnet', '--subnet-id', subnet.Subnet.SubnetId]);
    const deleted = await awsCli(gym.endpoint, ['ec2', 'delete-vpc', '--vpc-id', vpc]);
    assert.equal(deleted.status, 0, deleted.stderr);
  });

  it('validates CIDR range, size and zone as AWS does (SDK v3)', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
    const outside = await sdkError(ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.21.0.0/24' })));
    assert.equal(outside.code, 'InvalidSubnet.Range');
    const tiny = await sdkError(ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.20.0.0/29' })));
    assert.equal(tiny.code, 'InvalidSubnet.Range');
    const malformed = await sdkError(ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.20.0.0/33' })));
    assert.equal(malformed.code, 'InvalidParameterValue');
    const zone = await sdkError(ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.20.0.0/24', AvailabilityZone: 'us-east-1z' })));
    assert.equal(zone.code, 'InvalidParameterValue');
    assert.match(zone.message, /us-east-1a, us-east-1b/);
    const vpcMissing = await sdkError(ec2.send(new CreateSubnetCommand({ VpcId: 'vpc-0123456789abcdef0', CidrBlock: '10.20.0.0/24' })));
    assert.equal(vpcMissing.code, 'InvalidVpcID.NotFound');
    const byZoneId = await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.20.2.0/24', AvailabilityZoneId: 'use1-az2' }));
    assert.equal(byZoneId.Subnet!.AvailabilityZone, 'us-east-1b');
    const none = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpc] }] }));
    assert.equal(none.Subnets!.length, 1, 'failed creates left nothing behind');
  });

  it('filters, pages, modifies and deletes subnets (SDK v3)', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
    const created = await ec2.send(new CreateSubnetCommand({
      VpcId: vpc, CidrBlock: '10.30.5.0/24', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'tier', Value: 'app' }] }],
    }));
    const id = created.Subnet!.SubnetId!;
    assert.deepEqual(created.Subnet!.Tags, [{ Key: 'tier', Value: 'app' }]);
    const byCidr = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'cidr-block', Values: ['10.30.5.0/24'] }] }));
    assert.deepEqual(byCidr.Subnets!.map((subnet) => subnet.SubnetId), [id]);
    const byTag = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'tag:tier', Values: ['a*'] }, { Name: 'vpc-id', Values: [vpc] }] }));
    assert.deepEqual(byTag.Subnets!.map((subnet) => subnet.SubnetId), [id]);
    await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: id, MapPublicIpOnLaunch: { Value: true } }));
    const modified = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'map-public-ip-on-launch', Values: ['true'] }, { Name: 'vpc-id', Values: [vpc] }] }));
    assert.deepEqual(modified.Subnets!.map((subnet) => subnet.SubnetId), [id]);

    const first = await ec2.send(new DescribeSubnetsCommand({ MaxResults: 5 }));
    assert.equal(first.Subnets!.length, 5);
    assert.ok(first.NextToken);
    const rest = await ec2.send(new DescribeSubnetsCommand({ MaxResults: 5, NextToken: first.NextToken }));
    const all = await ec2.send(new DescribeSubnetsCommand({}));
    assert.deepEqual([...first.Subnets!, ...rest.Subnets!].map((subnet) => subnet.SubnetId), all.Subnets!.slice(0, 5 + rest.Subnets!.length).map((subnet) => subnet.SubnetId));
    const badPage = await sdkError(ec2.send(new DescribeSubnetsCommand({ MaxResults: 2 })));
    assert.equal(badPage.code, 'InvalidParameterValue');

    await ec2.send(new DeleteSubnetCommand({ SubnetId: id }));
    const gone = await sdkError(ec2.send(new DescribeSubnetsCommand({ SubnetIds: [id] })));
    assert.equal(gone.code, 'InvalidSubnetID.NotFound');
    const again = await sdkError(ec2.send(new DeleteSubnetCommand({ SubnetId: id })));
    assert.equal(again.code, 'InvalidSubnetID.NotFound');
  });

  it('answers boto3 the same way', async (context) => {
    if (!requireTool(context, boto3Available(), 'boto3', BOTO3_INSTALL)) return;
    const result = await boto3(gym.endpoint, `
ec2 = client('ec2')
vpc = ec2.create_vpc(CidrBlock='10.40.0.0/16')['Vpc']['VpcId']
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock='10.40.0.0/24')['Subnet']
conflict = run(lambda: ec2.create_subnet(VpcId=vpc, CidrBlock='10.40.0.0/23'))
defaults = ec2.describe_subnets(Filters=[{'Name': 'default-for-az', 'Values': ['true']}])['Subnets']
print(json.dumps({'count': subnet['AvailableIpAddressCount'], 'conflict': conflict['error'], 'defaults': len(defaults)}))
`);
    assert.deepEqual(result, { count: 251, conflict: 'InvalidSubnet.Conflict', defaults: availabilityZones(TEST_REGION)!.length });
  });
});
