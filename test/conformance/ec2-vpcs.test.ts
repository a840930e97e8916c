import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateVpcCommand, DescribeVpcsCommand, DeleteVpcCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Gym } from '../../src/gym/gym.js';
import { startTestGym } from '../support/gym.js';
import { AWS_CLI_INSTALL, awsCli, awsJson, cliErrorCode, findAwsCli } from '../support/aws-cli.js';
import { BOTO3_INSTALL, boto3, boto3Available } from '../support/boto3.js';
import { sdkClients, sdkError } from '../support/sdk.js';
import { requireTool } from '../support/external-tool.js';

describe('VPCs, through the three real clients', () => {
  let gym: Gym;
  before(async () => {
    gym = await startTestGym();
  });
  after(async () => {
    await gym.stop();
  });

  it('has a default VPC 172.31.0.0/16 that the AWS CLI finds with the is-default filter', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const result = await awsJson(gym.endpoint, ['ec2', 'describe-vpcs', '--filters', 'Name=is-default,Values=true']);
    assert.equal(result.Vpcs.length, 1);
    assert.equal(result.Vpcs[0].CidrBlock, '172.31.0.0/16');
    assert.equal(result.Vpcs[0].IsDefault, true);
    assert.match(result.Vpcs[0].VpcId, /^vpc-[0-9a-f]{17}$/);
  });

  it('creates a tagged VPC with the CLI, finds it by tag:Name, and rejects a malformed CIDR', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const created = await awsJson(gym.endpoint, ['ec2', 'create-vpc', '--cidr-block', '10.20.0.0/16', '--tag-specifications', 'ResourceType=vpc,Tags=[{Key=Name,Value=cli-vpc}]']);
    const found = await awsJson(gym.endpoint, ['ec2', 'describe-vpcs', '--filters', 'Name=tag:Name,Values=cli-vpc']);
    assert.deepEqual(found.Vpcs.map((vpc: any) => vpc.VpcId), [created.Vpc.VpcId]);
    const bad = await awsCli(gym.endpoint, ['ec2', 'create-vpc', '--cidr-block', '10.0.0.0/33']);
    assert.notEqual(bad.status, 0);
    assert.equal(cliErrorCode(bad), 'InvalidParameterValue');
  });

  it('creates, pages and deletes VPCs with the SDK v3, and reports an unknown id as AWS does', async () => {
    const { ec2, sts } = sdkClients(gym.endpoint);
    const created = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }));
    const id = created.Vpc!.VpcId!;
    const firstPage = await ec2.send(new DescribeVpcsCommand({ MaxResults: 5 }));
    assert.ok(firstPage.Vpcs!.length >= 1);
    await ec2.send(new DeleteVpcCommand({ VpcId: id }));
    const missing = await sdkError(ec2.send(new DescribeVpcsCommand({ VpcIds: [id] })));
    assert.equal(missing.code, 'InvalidVpcID.NotFound');
    assert.equal(missing.status, 400);
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, '123456789012');
  });

  it('answers boto3 the same way', async (context) => {
    if (!requireTool(context, boto3Available(), 'boto3', BOTO3_INSTALL)) return;
    const result = await boto3(gym.endpoint, `
ec2 = client('ec2')
vpc = ec2.create_vpc(CidrBlock='10.40.0.0/16')['Vpc']
missing = run(lambda: ec2.describe_vpcs(VpcIds=['vpc-00000000000000000']))
print(json.dumps({'cidr': vpc['CidrBlock'], 'missing': missing['error']}))
`);
    assert.deepEqual(result, { cidr: '10.40.0.0/16', missing: 'InvalidVpcID.NotFound' });
  });
});
