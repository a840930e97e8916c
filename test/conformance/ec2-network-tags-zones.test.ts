import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AllocateAddressCommand, CreateInternetGatewayCommand, CreateKeyPairCommand, CreateRouteTableCommand, CreateSecurityGroupCommand,
  CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand, DeleteTagsCommand, DescribeAccountAttributesCommand,
  DescribeAvailabilityZonesCommand, DescribeRegionsCommand, DescribeTagsCommand, DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import type { Gym } from '../../src/gym/gym.js';
import { availabilityZones } from '../../src/gym/regions.js';
import { startTestGym, TEST_REGION } from '../support/gym.js';
import { AWS_CLI_INSTALL, awsCli, awsJson, cliErrorCode, findAwsCli } from '../support/aws-cli.js';
import { BOTO3_INSTALL, boto3, boto3Available } from '../support/boto3.js';
import { sdkClients, sdkError } from '../support/sdk.js';
import { requireTool } from '../support/external-tool.js';

describe('tags, zones and account attributes, through the three real clients', () => {
  let gym: Gym;
  before(async () => {
    gym = await startTestGym();
  });
  after(async () => {
    await gym.stop();
  });

  it('tags a VPC, finds the tag, and reports unknown and invalid ids as AWS does (AWS CLI)', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const vpc = (await awsJson(gym.endpoint, ['ec2', 'create-vpc', '--cidr-block', '10.1.0.0/16'])).Vpc.VpcId;
    await awsJson(gym.endpoint, ['ec2', 'create-tags', '--resources', vpc, '--tags', 'Key=Name,Value=prod', 'Key=env,Value=production']);
    const tags = await awsJson(gym.endpoint, ['ec2', 'describe-tags', '--filters', `Name=resource-id,Values=${vpc}`]);
    assert.deepEqual(tags.Tags, [
      { Key: 'Name', ResourceId: vpc, ResourceType: 'vpc', Value: 'prod' },
      { Key: 'env', ResourceId: vpc, ResourceType: 'vpc', Value: 'production' },
    ]);
    const unknown = await awsCli(gym.endpoint, ['ec2', 'create-tags', '--resources', 'vpc-0123456789abcdef0', '--tags', 'Key=a,Value=b']);
    assert.equal(cliErrorCode(unknown), 'InvalidVpcID.NotFound');
    const invalid = await awsCli(gym.endpoint, ['ec2', 'create-tags', '--resources', 'banana-1', '--tags', 'Key=a,Value=b']);
    assert.equal(cliErrorCode(invalid), 'InvalidID');
    const reserved = await awsCli(gym.endpoint, ['ec2', 'create-tags', '--resources', vpc, '--tags', 'Key=aws:owner,Value=me']);
    assert.equal(cliErrorCode(reserved), 'InvalidParameterValue');
  });

  it('lists zones with their ids and regions with their endpoints (AWS CLI)', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const zones = await awsJson(gym.endpoint, ['ec2', 'describe-availability-zones']);
    assert.deepEqual(zones.AvailabilityZones.map((zone: any) => zone.ZoneName), availabilityZones(TEST_REGION));
    assert.deepEqual(zones.AvailabilityZones[0], {
      State: 'available', OptInStatus: 'opt-in-not-required', Messages: [], RegionName: TEST_REGION, ZoneName: 'us-east-1a', ZoneId: 'use1-az1',
      GroupName: TEST_REGION, NetworkBorderGroup: TEST_REGION, ZoneType: 'availability-zone',
    });
    const west = await awsJson(gym.endpoint, ['ec2', 'describe-availability-zones', '--filters', 'Name=zone-id,Values=usw2-az2'], { region: 'us-west-2' });
    assert.deepEqual(west.AvailabilityZones.map((zone: any) => zone.ZoneName), ['us-west-2b']);
    const regions = await awsJson(gym.endpoint, ['ec2', 'describe-regions', '--region-names', 'eu-west-1']);
    assert.deepEqual(regions.Regions, [{ Endpoint: 'ec2.eu-west-1.amazonaws.com', RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }]);
    const badZone = await awsCli(gym.endpoint, ['ec2', 'describe-availability-zones', '--zone-names', 'us-east-1z']);
    assert.equal(cliErrorCode(badZone), 'InvalidParameterValue');
  });

  it('tags every kind of network resource and filters, pages and deletes tags (SDK v3)', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.2.0.0/16' }))).Vpc!.VpcId!;
    const ids = [
      vpc,
      (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.2.1.0/24' }))).Subnet!.SubnetId!,
      (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!,
      (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!,
      (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'tagged', Description: 'tagged', VpcId: vpc }))).GroupId!,
      (await ec2.send(new CreateKeyPairCommand({ KeyName: 'tagged' }))).KeyPairId!,
      (await ec2.send(new AllocateAddressCommand({}))).AllocationId!,
    ];
    await ec2.send(new CreateTagsCommand({ Resources: ids, Tags: [{ Key: 'project', Value: 'atlas' }, { Key: 'cost-center', Value: '42' }] }));
    const project = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['project'] }] }));
    assert.deepEqual(project.Tags!.map((tag) => tag.ResourceType), ['vpc', 'subnet', 'internet-gateway', 'route-table', 'security-group', 'key-pair', 'elastic-ip']);
    assert.deepEqual(project.Tags!.map((tag) => tag.ResourceId), ids);

    const first = await ec2.send(new DescribeTagsCommand({ MaxResults: 5, Filters: [{ Name: 'value', Values: ['atlas', '42'] }] }));
    const second = await ec2.send(new DescribeTagsCommand({ MaxResults: 5, NextToken: first.NextToken, Filters: [{ Name: 'value', Values: ['atlas', '42'] }] }));
    const third = await ec2.send(new DescribeTagsCommand({ MaxResults: 5, NextToken: second.NextToken, Filters: [{ Name: 'value', Values: ['atlas', '42'] }] }));
    assert.deepEqual([first.Tags!.length, second.Tags!.length, third.Tags!.length, third.NextToken], [5, 5, 4, undefined]);

    const groups = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-type', Values: ['security-group'] }, { Name: 'key', Values: ['cost-*'] }] }));
    assert.deepEqual(groups.Tags!.map((tag) => [tag.ResourceId, tag.Value]), [[ids[4], '42']]);

    // A value that does not match leaves the tag; no value removes it; no tags at all removes every tag.
    await ec2.send(new DeleteTagsCommand({ Resources: [vpc], Tags: [{ Key: 'project', Value: 'other' }] }));
    await ec2.send(new DeleteTagsCommand({ Resources: [ids[1]!], Tags: [{ Key: 'project' }] }));
    await ec2.send(new DeleteTagsCommand({ Resources: [ids[2]!] }));
    const left = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: ids.slice(0, 3) }] }));
    assert.deepEqual(left.Tags!.map((tag) => `${tag.ResourceId}:${tag.Key}`), [`${vpc}:project`, `${vpc}:cost-center`, `${ids[1]}:cost-center`]);
    const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:project', Values: ['atlas'] }] }));
    assert.deepEqual(vpcs.Vpcs!.map((entry) => entry.VpcId), [vpc]);

    const missing = await sdkError(ec2.send(new CreateTagsCommand({ Resources: [vpc, 'subnet-0123456789abcdef0'], Tags: [{ Key: 'x', Value: 'y' }] })));
    assert.equal(missing.code, 'InvalidSubnetID.NotFound');
    const unchanged = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['x'] }] }));
    assert.deepEqual(unchanged.Tags, [], 'a failed CreateTags tags nothing');
    const tooMany = await sdkError(ec2.send(new CreateTagsCommand({ Resources: [vpc], Tags: Array.from({ length: 49 }, (_, index) => ({ Key: `k${index}`, Value: 'v' })) })));
    assert.equal(tooMany.code, 'TagLimitExceeded');
  });

  it('reports the account as VPC-only with its default VPC (SDK v3)', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const defaultVpc = (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs![0]!.VpcId;
    const result = await ec2.send(new DescribeAccountAttributesCommand({ AttributeNames: ['supported-platforms', 'default-vpc'] }));
    assert.deepEqual(result.AccountAttributes, [
      { AttributeName: 'supported-platforms', AttributeValues: [{ AttributeValue: 'VPC' }] },
      { AttributeName: 'default-vpc', AttributeValues: [{ AttributeValue: defaultVpc }] },
    ]);
    const all = await ec2.send(new DescribeAccountAttributesCommand({}));
    assert.ok(all.AccountAttributes!.some((attribute) => attribute.AttributeName === 'max-instances'));
    const regions = await ec2.send(new DescribeRegionsCommand({ Filters: [{ Name: 'region-name', Values: ['eu-*'] }] }));
    assert.ok(regions.Regions!.length >= 3 && regions.Regions!.every((region) => region.RegionName!.startsWith('eu-')));
    const zones = await ec2.send(new DescribeAvailabilityZonesCommand({ ZoneIds: ['use1-az3'] }));
    assert.deepEqual(zones.AvailabilityZones!.map((zone) => zone.ZoneName), ['us-east-1c']);
    const badFilter = await sdkError(ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'colour', Values: ['blue'] }] })));
    assert.equal(badFilter.code, 'InvalidParameterValue');
  });

  it('answers boto3 the same way', async (context) => {
    if (!requireTool(context, boto3Available(), 'boto3', BOTO3_INSTALL)) return;
    const result = await boto3(gym.endpoint, `
ec2 = client('ec2')
vpc = ec2.create_vpc(CidrBlock='10.3.0.0/16')['Vpc']['VpcId']
ec2.create_tags(Resources=[vpc], Tags=[{'Key': 'owner', 'Value': 'py'}])
tags = ec2.describe_tags(Filters=[{'Name': 'resource-id', 'Values': [vpc]}])['Tags']
zones = ec2.describe_availability_zones()['AvailabilityZones']
missing = run(lambda: ec2.delete_tags(Resources=['igw-0123456789abcdef0']))
print(json.dumps({'tags': [[t['Key'], t['Value'], t['ResourceType']] for t in tags], 'zones': len(zones), 'missing': missing['error']}))
`);
    assert.deepEqual(result, { tags: [['owner', 'py', 'vpc']], zones: availabilityZones(TEST_REGION)!.length, missing: 'InvalidInternetGatewayID.NotFound' });
  });
});
