import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateVpcCommand, DeleteVpcCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ServiceModel } from '../../src/aws/models/service-model.js';
import { codecFor } from '../../src/aws/protocols/index.js';
import type { Gym } from '../../src/gym/gym.js';
import type { GymService } from '../../src/gym/service.js';
import { loadService, type LoadedService } from '../../src/gym/server/loaded-service.js';
import { ServiceRouter } from '../../src/gym/server/service-router.js';
import { ec2Service } from '../../src/gym/services/ec2/provider.js';
import { AWS_CLI_INSTALL, awsCli, cliErrorCode, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';
import { startTestGym, TEST_CREDENTIALS } from '../support/gym.js';
import { sdkClients, sdkError } from '../support/sdk.js';

/** An Authorization header as SigV4 writes it; the gym reads the scope and does not check the signature. */
function signedFor(service: string, region: string): string {
  return `AWS4-HMAC-SHA256 Credential=AKIDGYMTEST/20300101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
}

async function post(endpoint: string, form: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers }, body: form });
  return { status: response.status, body: await response.text() };
}

function ec2In(endpoint: string, region: string): EC2Client {
  return new EC2Client({ endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

describe('routing requests to services', () => {
  let gym: Gym;
  before(async () => {
    gym = await startTestGym();
  });
  after(() => gym.stop());

  it('routes by the SigV4 credential scope, taking the region from it', async () => {
    const created = await post(gym.endpoint, 'Action=CreateVpc&Version=2016-11-15&CidrBlock=10.8.0.0/16', { authorization: signedFor('ec2', 'us-west-2') });
    assert.equal(created.status, 200);
    const id = /<vpcId>(vpc-[0-9a-f]+)<\/vpcId>/.exec(created.body)![1]!;
    const west = ec2In(gym.endpoint, 'us-west-2');
    const east = ec2In(gym.endpoint, 'us-east-1');
    assert.ok((await west.send(new DescribeVpcsCommand({}))).Vpcs!.some((vpc) => vpc.VpcId === id), 'created in the scope region');
    assert.ok(!(await east.send(new DescribeVpcsCommand({}))).Vpcs!.some((vpc) => vpc.VpcId === id), 'not in the default region');
    west.destroy();
    east.destroy();
  });

  it('lets the credential scope win over the parameters, and reads a presigned X-Amz-Credential', async () => {
    const sts = await post(gym.endpoint, 'Action=DescribeVpcs&Version=2016-11-15', { authorization: signedFor('sts', 'us-east-1') });
    assert.equal(sts.status, 400);
    assert.match(sts.body, /<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
    const credential = encodeURIComponent('AKIDGYMTEST/20300101/us-east-1/sts/aws4_request');
    const presigned = await fetch(`${gym.endpoint}/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Credential=${credential}`);
    assert.equal(presigned.status, 200);
    assert.match(await presigned.text(), /<GetCallerIdentityResponse[^>]*><GetCallerIdentityResult>.*<Account>123456789012<\/Account>/);
  });

  it('routes an unsigned request by Action and Version, or by Action alone', async () => {
    const sts = await post(gym.endpoint, 'Action=GetCallerIdentity&Version=2011-06-15');
    assert.equal(sts.status, 200);
    assert.match(sts.body, /<Account>123456789012<\/Account>/);
    const ec2 = await post(gym.endpoint, 'Action=DescribeVpcs&Version=2016-11-15');
    assert.equal(ec2.status, 200);
    assert.match(ec2.body, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<DescribeVpcsResponse xmlns="http:\/\/ec2\.amazonaws\.com\/doc\/2016-11-15\/"><requestId>/);
    const actionOnly = await post(gym.endpoint, 'Action=DescribeVpcs');
    assert.equal(actionOnly.status, 200);
    assert.match(actionOnly.body, /<DescribeVpcsResponse/);
  });

  it('routes by X-Amz-Target to the service whose model has that target prefix', () => {
    const dynamodb: LoadedService = {
      definition: { name: 'dynamodb', signingNames: ['dynamodb'], modelStem: 'dynamodb-2012-08-10', createStore: () => ({}), operations: {} },
      model: ServiceModel.load('dynamodb-2012-08-10'),
      codec: codecFor('query'), // any codec: routing never decodes
    };
    const ec2 = loadService(ec2Service as GymService);
    const router = new ServiceRouter([ec2, dynamodb]);
    const request = (headers: Record<string, string>) => ({ method: 'POST', path: '/', headers, body: Buffer.alloc(0), params: new URLSearchParams() });
    assert.equal(router.route(request({ 'x-amz-target': 'DynamoDB_20120810.ListTables' }))?.service, dynamodb);
    assert.equal(router.route(request({ 'x-amz-target': 'Logs_20140328.DescribeLogGroups' })), undefined);
    const scoped = router.route(request({ authorization: signedFor('ec2', 'eu-west-1'), 'x-amz-target': 'DynamoDB_20120810.ListTables' }));
    assert.equal(scoped?.service, ec2, 'the credential scope comes first');
    assert.equal(scoped?.region, 'eu-west-1');
  });

  it('answers a request it cannot route with UnknownService and how to fix it', async () => {
    const anonymous = await post(gym.endpoint, '');
    assert.equal(anonymous.status, 400);
    assert.match(anonymous.body, /<Code>UnknownService<\/Code><Message>The gym could not tell which AWS service this request is for: sign it with SigV4, or send X-Amz-Target, or Action and Version\.<\/Message>/);
    const dynamodb = await fetch(gym.endpoint, {
      method: 'POST',
      headers: { authorization: signedFor('dynamodb', 'us-east-1'), 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    assert.equal(dynamodb.status, 400);
    assert.match(await dynamodb.text(), /The gym does not serve &apos;dynamodb&apos;, the service this request is signed for; it serves ec2, elasticloadbalancing, sts, cloudformation\./);
  });

  it('refuses a region it does not serve, naming the regions it does', async () => {
    const mars = ec2In(gym.endpoint, 'mars-north-1');
    const error = await sdkError(mars.send(new DescribeVpcsCommand({})));
    mars.destroy();
    assert.equal(error.status, 400);
    assert.match(error.message, /^The gym does not serve region 'mars-north-1'\. Use one of: us-east-1, us-east-2, .*eu-west-1.*\.$/);
  });
});

describe('DryRun on EC2 operations', () => {
  let gym: Gym;
  before(async () => {
    gym = await startTestGym();
  });
  after(() => gym.stop());

  it('answers DryRunOperation (412) and changes nothing, for creates and deletes', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const target = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.60.0.0/16' }))).Vpc!.VpcId!;
    const before = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs;

    const create = await sdkError(ec2.send(new CreateVpcCommand({ CidrBlock: '10.61.0.0/16', DryRun: true })));
    assert.deepEqual(create, { code: 'DryRunOperation', message: 'Request would have succeeded, but DryRun flag is set.', status: 412 });
    const remove = await sdkError(ec2.send(new DeleteVpcCommand({ VpcId: target, DryRun: true })));
    assert.equal(remove.code, 'DryRunOperation');
    assert.deepEqual((await ec2.send(new DescribeVpcsCommand({}))).Vpcs, before);

    const invalid = await sdkError(ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/33', DryRun: true })));
    assert.equal(invalid.code, 'InvalidParameterValue', 'a DryRun still reports what would fail');
    const missing = await sdkError(ec2.send(new DeleteVpcCommand({ VpcId: 'vpc-00000000000000000', DryRun: true })));
    assert.equal(missing.code, 'InvalidVpcID.NotFound');
    ec2.destroy();
  });

  it('leaves no trace in the ids later calls get', async () => {
    const fresh = await startTestGym();
    const tried = await startTestGym();
    try {
      const first = sdkClients(fresh.endpoint).ec2;
      const second = sdkClients(tried.endpoint).ec2;
      await sdkError(second.send(new CreateVpcCommand({ CidrBlock: '10.70.0.0/16', DryRun: true })));
      const expected = (await first.send(new CreateVpcCommand({ CidrBlock: '10.70.0.0/16' }))).Vpc!.VpcId;
      const actual = (await second.send(new CreateVpcCommand({ CidrBlock: '10.70.0.0/16' }))).Vpc!.VpcId;
      assert.equal(actual, expected);
      first.destroy();
      second.destroy();
    } finally {
      await fresh.stop();
      await tried.stop();
    }
  });

  it('answers the AWS CLI --dry-run the same way', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const result = await awsCli(gym.endpoint, ['ec2', 'create-vpc', '--cidr-block', '10.62.0.0/16', '--dry-run']);
    assert.notEqual(result.status, 0);
    assert.equal(cliErrorCode(result), 'DryRunOperation');
    assert.match(result.stderr, /Request would have succeeded, but DryRun flag is set\./);
  });
});

describe('text on the wire', () => {
  let gym: Gym;
  before(async () => {
    gym = await startTestGym();
  });
  after(() => gym.stop());

  it('round-trips markup, quotes, line endings, tabs and non-ASCII text through the SDK unchanged', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const value = `<b>&amp;</b> "quoted" 'single' ]]> line\r\nnext\ttab é 中文 😀`;
    const created = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.80.0.0/16', TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'note', Value: value }] }] }));
    assert.equal(created.Vpc!.Tags![0]!.Value, value);
    const found = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:note', Values: [value] }] }));
    assert.deepEqual(found.Vpcs!.map((vpc) => vpc.VpcId), [created.Vpc!.VpcId]);
    ec2.destroy();
  });
});
