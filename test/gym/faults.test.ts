import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTagsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Gym } from '../../src/gym/gym.js';
import { AWS_CLI_INSTALL, awsCli, cliErrorCode, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';
import { admin, startTestGym } from '../support/gym.js';
import { sdkClients, sdkError } from '../support/sdk.js';

describe('admin API: fault injection', () => {
  let gym: Gym;
  let clients: ReturnType<typeof sdkClients>;
  before(async () => {
    gym = await startTestGym();
    clients = sdkClients(gym.endpoint);
  });
  after(async () => {
    clients.ec2.destroy();
    clients.sts.destroy();
    await gym.stop();
  });

  it('fails the next N calls with the given code, to the SDK and the AWS CLI, then lets calls through', async (context) => {
    const added = await admin(gym, 'POST', '/_gym/faults', {
      service: 'ec2', operation: 'DescribeVpcs', count: 2,
      error: { code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', status: 403 },
    });
    assert.equal(added.status, 201);
    assert.match(added.body.id, /^fault-\d+$/);
    const listed = (await admin(gym, 'GET', '/_gym/faults')).body.faults;
    assert.equal(listed.length, 1);
    assert.equal(listed[0].remaining, 2);

    const sdk = await sdkError(clients.ec2.send(new DescribeVpcsCommand({})));
    assert.deepEqual(sdk, { code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', status: 403 });
    if (requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) {
      const cli = await awsCli(gym.endpoint, ['ec2', 'describe-vpcs']);
      assert.notEqual(cli.status, 0);
      assert.equal(cliErrorCode(cli), 'UnauthorizedOperation');
      assert.match(cli.stderr, /You are not authorized to perform this operation\./);
    } else {
      await sdkError(clients.ec2.send(new DescribeVpcsCommand({})));
    }
    assert.deepEqual((await admin(gym, 'GET', '/_gym/faults')).body.faults, [], 'a spent rule is gone');
    const recovered = await clients.ec2.send(new DescribeVpcsCommand({}));
    assert.ok(recovered.Vpcs!.length >= 1);
  });

  it('leaves other operations alone, and a call that fails to decode does not use up the fault', async () => {
    await admin(gym, 'POST', '/_gym/faults', { operation: 'CreateVpc', error: { code: 'InsufficientCapacity' } });
    assert.ok((await clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs);
    const malformed = await fetch(gym.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=CreateVpc&Version=2016-11-15&AmazonProvidedIpv6CidrBlock=perhaps',
    });
    assert.equal(malformed.status, 400);
    assert.match(await malformed.text(), /<Code>InvalidParameterValue<\/Code>/);
    assert.equal((await admin(gym, 'GET', '/_gym/faults')).body.faults.length, 1);
    await admin(gym, 'DELETE', '/_gym/faults');
    assert.deepEqual((await admin(gym, 'GET', '/_gym/faults')).body.faults, []);
  });

  it('throttles EC2 with RequestLimitExceeded (HTTP 503) and query services with Throttling', async (context) => {
    await admin(gym, 'POST', '/_gym/faults', { service: 'ec2', operation: '*', count: 2, throttle: true });
    const ec2 = await sdkError(clients.ec2.send(new DescribeVpcsCommand({})));
    assert.deepEqual([ec2.code, ec2.status, ec2.message], ['RequestLimitExceeded', 503, 'Request limit exceeded.']);
    if (requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) {
      const cli = await awsCli(gym.endpoint, ['ec2', 'describe-vpcs']);
      assert.equal(cliErrorCode(cli), 'RequestLimitExceeded');
    }
    await admin(gym, 'DELETE', '/_gym/faults');

    await admin(gym, 'POST', '/_gym/faults', { service: 'sts', operation: 'GetCallerIdentity', throttle: true });
    const sts = await sdkError(clients.sts.send(new GetCallerIdentityCommand({})));
    assert.deepEqual([sts.code, sts.status, sts.message], ['Throttling', 400, 'Rate exceeded']);
    assert.equal((await clients.sts.send(new GetCallerIdentityCommand({}))).Account, '123456789012');
  });

  it('lets `skip` matching calls through first, then fails the next `count`', async () => {
    await admin(gym, 'POST', '/_gym/faults', { service: 'ec2', operation: 'DescribeVpcs', skip: 2, count: 1, error: { code: 'InvalidParameterValue', message: 'the third call fails' } });
    assert.ok((await clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs);
    assert.equal((await admin(gym, 'GET', '/_gym/faults')).body.faults[0].skip, 1, 'the listing shows the calls still to let through');
    assert.ok((await clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs);
    const third = await sdkError(clients.ec2.send(new DescribeVpcsCommand({})));
    assert.deepEqual([third.code, third.message, third.status], ['InvalidParameterValue', 'the third call fails', 400]);
    assert.ok((await clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs);
  });

  it('delays calls by the given latency, once per count', async () => {
    await admin(gym, 'POST', '/_gym/faults', { operation: 'GetCallerIdentity', latencyMs: 400 });
    const slow = performance.now();
    await clients.sts.send(new GetCallerIdentityCommand({}));
    assert.ok(performance.now() - slow >= 390, 'the injected latency applies');
    const fast = performance.now();
    await clients.sts.send(new GetCallerIdentityCommand({}));
    assert.ok(performance.now() - fast < 300, 'and only to the counted calls');
  });

  it('refuses bad fault rules with 400 naming the problem, and adds nothing', async () => {
    const cases: [unknown, RegExp][] = [
      [{ operation: 'DescribeVpc', throttle: true }, /'DescribeVpc' is not an operation of any service the gym serves \(did you mean DescribeVpcs\?\)/],
      [{ service: 'ec3', operation: 'DescribeVpcs', throttle: true }, /the gym has no service 'ec3'; use one of ec2, elbv2, sts/],
      [{ service: 'sts', operation: 'DescribeVpcs', throttle: true }, /'DescribeVpcs' is not an operation of sts/],
      [{ operation: 'DescribeVpcs', throttle: true, latencyMs: 10 }, /exactly one of error, throttle or latencyMs/],
      [{ operation: 'DescribeVpcs' }, /exactly one of error, throttle or latencyMs/],
      [{ operation: 'DescribeVpcs', count: 0, throttle: true }, /count/],
      [{ operation: 'DescribeVpcs', skip: -1, throttle: true }, /skip/],
      [{ operation: 'DescribeVpcs', error: { code: 'X', status: 200 } }, /error\.status/],
      [{ throttle: true }, /operation/],
      [{ operation: 'DescribeVpcs', throttle: true, when: 'later' }, /when/],
      [{ operation: '*', throttle: true, rate: 0 }, /rate/],
      [{ operation: '*', throttle: true, rate: 1.5 }, /rate/],
      [{ operation: '*', throttle: true, seed: 3 }, /seed only goes with rate/],
    ];
    for (const [body, message] of cases) {
      const response = await admin(gym, 'POST', '/_gym/faults', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.match(response.body.error.message, message, JSON.stringify(body));
    }
    assert.deepEqual((await admin(gym, 'GET', '/_gym/faults')).body.faults, []);
    assert.ok((await clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs);
  });

  it('throttles a seeded share of the changing calls only, counts calls and faults, and replays the same faults for the same seed', async () => {
    const vpcId = (await clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    const outcomes = async (seed: number): Promise<string> => {
      await admin(gym, 'DELETE', '/_gym/faults');
      const added = await admin(gym, 'POST', '/_gym/faults', { operation: '*', throttle: true, rate: 0.3, seed, mutatingOnly: true });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      let pattern = '';
      for (let call = 0; call < 30; call++) {
        assert.ok((await clients.ec2.send(new DescribeVpcsCommand({}))).Vpcs, 'reads are never throttled by a mutatingOnly rule');
        const tagged = await clients.ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'bench', Value: String(call) }] })).then(() => '.', (error) => (error as { name: string }).name === 'RequestLimitExceeded' ? 'T' : '?');
        pattern += tagged;
      }
      const listed = (await admin(gym, 'GET', '/_gym/faults')).body;
      const throttled = pattern.split('T').length - 1;
      assert.equal(listed.calls, 60);
      assert.equal(listed.injected, throttled);
      assert.equal(listed.faults[0].injected, throttled);
      assert.equal(listed.faults[0].rate, 0.3);
      return pattern;
    };
    const first = await outcomes(11);
    assert.match(first, /^[.T]+$/);
    assert.ok(first.includes('T') && first.includes('.'), `some calls throttled, some not: ${first}`);
    assert.equal(await outcomes(11), first);
    await admin(gym, 'DELETE', '/_gym/faults');
    assert.deepEqual((await admin(gym, 'GET', '/_gym/faults')).body, { faults: [], calls: 0, injected: 0 });
  });
});
