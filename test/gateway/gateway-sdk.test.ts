import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTagsCommand, DescribeImagesCommand, DescribeInstancesCommand, DescribeVpcsCommand, RebootInstancesCommand, RunInstancesCommand,
  TerminateInstancesCommand, waitUntilInstanceRunning,
} from '@aws-sdk/client-ec2';
import { AddTagsCommand, CreateTargetGroupCommand, DeleteTargetGroupCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { GYM_CREDENTIALS } from '../../src/gateway/upstream.js';
import type { AgentCredentials } from '../../src/gateway/types.js';
import { agentClients, startGatewayRig, type GatewayRig } from '../support/gateway.js';
import { TEST_REGION } from '../support/gym.js';
import { sdkError } from '../support/sdk.js';

describe('the gateway in front of a gym, called with the AWS SDK v3', () => {
  let rig: GatewayRig;
  let operator: AgentCredentials;
  let reader: AgentCredentials;
  let admin: AgentCredentials;
  let image: string;
  let vpcId: string;

  const instanceCount = async () =>
    (await rig.direct.ec2.send(new DescribeInstancesCommand({}))).Reservations!.flatMap((reservation) => reservation.Instances!).length;
  const stateOf = async (id: string) =>
    (await rig.direct.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!.State!.Name;
  const launchDirect = async (tags: Record<string, string>) => {
    const run = await rig.direct.ec2.send(new RunInstancesCommand({
      ImageId: image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1,
      TagSpecifications: [{ ResourceType: 'instance', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }],
    }));
    return run.Instances![0]!.InstanceId!;
  };

  before(async () => {
    rig = await startGatewayRig();
    operator = await rig.gateway.issueCredentials({ agent: 'deploy-bot', role: 'operator' });
    reader = await rig.gateway.issueCredentials({ agent: 'report-bot', role: 'reader' });
    admin = await rig.gateway.issueCredentials({ agent: 'root-bot', role: 'admin' });
    const images = await rig.direct.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023*-x86_64'] }] }));
    image = images.Images![0]!.ImageId!;
    vpcId = (await rig.direct.ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
  });
  after(async () => {
    await rig.close();
  });

  it('passes reads for every role, over the EC2 and the query protocols', async () => {
    for (const credentials of [reader, operator]) {
      const clients = agentClients(rig.gateway.endpoint, credentials);
      const vpcs = await clients.ec2.send(new DescribeVpcsCommand({}));
      assert.equal(vpcs.Vpcs![0]!.VpcId, vpcId);
      const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
      assert.match(identity.Account!, /^\d{12}$/);
      await clients.elbv2.send(new DescribeTargetGroupsCommand({}));
    }
  });

  it('passes an operator\'s create, and the gym has what it made', async () => {
    const before = await instanceCount();
    const run = await agentClients(rig.gateway.endpoint, operator).ec2.send(new RunInstancesCommand({ ImageId: image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }));
    const id = run.Instances![0]!.InstanceId!;
    assert.equal(await instanceCount(), before + 1);
    assert.match(String(await stateOf(id)), /^(pending|running)$/);
  });

  it('refuses a reader\'s create with EC2\'s UnauthorizedOperation naming role and action, and the gym does not change', async () => {
    const before = await instanceCount();
    const failure = await sdkError(agentClients(rig.gateway.endpoint, reader).ec2.send(new RunInstancesCommand({ ImageId: image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 })));
    assert.equal(failure.code, 'UnauthorizedOperation');
    assert.equal(failure.status, 403);
    assert.match(failure.message, /^You are not authorized to perform this operation\. role reader may not ec2:RunInstances \(create\)/);
    assert.match(failure.message, /report-bot/);
    assert.equal(await instanceCount(), before);
  });

  it('refuses, for every role, STS calls that would hand out credentials for the cloud behind the gateway', async () => {
    for (const credentials of [reader, admin]) {
      const sts = agentClients(rig.gateway.endpoint, credentials).sts;
      const session = await sdkError(sts.send(new GetSessionTokenCommand({})));
      assert.equal(session.code, 'AccessDenied');
      assert.match(session.message, /sts:GetSessionToken would hand the agent credentials for the cloud behind the gateway/);
      const assumed = await sdkError(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/admin', RoleSessionName: 'escape' })));
      assert.equal(assumed.code, 'AccessDenied');
    }
  });

  it('refuses a reader\'s ELBv2 change with AccessDenied in the query protocol\'s shape', async () => {
    const failure = await sdkError(agentClients(rig.gateway.endpoint, reader).elbv2.send(new CreateTargetGroupCommand({ Name: 'readers-tg', Protocol: 'HTTP', Port: 80, VpcId: vpcId })));
    assert.equal(failure.code, 'AccessDenied');
    assert.equal(failure.status, 403);
    assert.match(failure.message, /role reader may not elbv2:CreateTargetGroup/);
    const groups = await rig.direct.elbv2.send(new DescribeTargetGroupsCommand({}));
    assert.equal((groups.TargetGroups ?? []).some((group) => group.TargetGroupName === 'readers-tg'), false);
  });

  it('refuses an operator terminating an instance tagged env=prod, and lets admin do it', async () => {
    const id = await launchDirect({ Name: 'db-1', env: 'prod' });
    const failure = await sdkError(agentClients(rig.gateway.endpoint, operator).ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] })));
    assert.equal(failure.code, 'UnauthorizedOperation');
    assert.match(failure.message, /role operator may not ec2:TerminateInstances \(delete\) on instance db-1/);
    assert.match(failure.message, /env=prod/);
    assert.match(String(await stateOf(id)), /^(pending|running)$/);
    await agentClients(rig.gateway.endpoint, admin).ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    assert.match(String(await stateOf(id)), /shutting-down|terminated/);
  });

  it('reads tags fresh before a delete: env=prod added a moment ago, behind the gateway\'s back, still counts', async () => {
    const id = await launchDirect({ Name: 'web-9' });
    await waitUntilInstanceRunning({ client: rig.direct.ec2, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { InstanceIds: [id] });
    const clients = agentClients(rig.gateway.endpoint, operator);
    // A live update reads the instance's tags (none that matter) and may cache them.
    await clients.ec2.send(new RebootInstancesCommand({ InstanceIds: [id] }));
    await rig.direct.ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'env', Value: 'prod' }] }));
    const failure = await sdkError(clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] })));
    assert.equal(failure.code, 'UnauthorizedOperation');
    assert.notEqual(await stateOf(id), 'terminated');
  });

  it('refuses an operator deleting a target group tagged env=prod, read through ELBv2\'s DescribeTags', async () => {
    const group = await rig.direct.elbv2.send(new CreateTargetGroupCommand({ Name: 'prod-tg', Protocol: 'HTTP', Port: 80, VpcId: vpcId }));
    const arn = group.TargetGroups![0]!.TargetGroupArn!;
    await rig.direct.elbv2.send(new AddTagsCommand({ ResourceArns: [arn], Tags: [{ Key: 'env', Value: 'prod' }] }));
    const failure = await sdkError(agentClients(rig.gateway.endpoint, operator).elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })));
    assert.equal(failure.code, 'AccessDenied');
    assert.match(failure.message, /elbv2:DeleteTargetGroup \(delete\) on target-group/);
    const still = await rig.direct.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }));
    assert.equal(still.TargetGroups!.length, 1);
  });

  it('refuses a key it never issued: AuthFailure from EC2, InvalidClientTokenId from STS', async () => {
    const stranger = agentClients(rig.gateway.endpoint, { accessKeyId: 'AKIAIMADETHISUP00000', secretAccessKey: 'x'.repeat(40) });
    const ec2 = await sdkError(stranger.ec2.send(new DescribeVpcsCommand({})));
    assert.equal(ec2.code, 'AuthFailure');
    assert.equal(ec2.status, 401);
    assert.match(ec2.message, /did not issue the key AKIAIMADETHISUP00000/);
    const sts = await sdkError(stranger.sts.send(new GetCallerIdentityCommand({})));
    assert.equal(sts.code, 'InvalidClientTokenId');
    assert.equal(sts.status, 403);
  });

  it('refuses a wrong secret and a body changed after signing with SignatureDoesNotMatch', async () => {
    const wrong = await sdkError(agentClients(rig.gateway.endpoint, { ...operator, secretAccessKey: 'not-the-secret' }).ec2.send(new DescribeVpcsCommand({})));
    assert.equal(wrong.code, 'SignatureDoesNotMatch');
    const target = await launchDirect({ Name: 'victim' });
    const endpoint = new URL(rig.gateway.endpoint);
    const signer = new SignatureV4({ credentials: operator, region: TEST_REGION, service: 'ec2', sha256: Hash.bind(null, 'sha256') });
    const signed = await signer.sign(new HttpRequest({
      method: 'POST', protocol: 'http:', hostname: endpoint.hostname, port: Number(endpoint.port), path: '/',
      headers: { host: endpoint.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: 'Action=DescribeVpcs&Version=2016-11-15',
    }));
    const response = await fetch(rig.gateway.endpoint, {
      method: 'POST', headers: signed.headers,
      body: `Action=TerminateInstances&Version=2016-11-15&InstanceId.1=${target}`,
    });
    assert.equal(response.status, 403);
    assert.match(await response.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.match(String(await stateOf(target)), /^(pending|running)$/);
  });

  it('refuses a request that could be read two ways, so the gym never acts on what the gateway did not check', async () => {
    const target = await launchDirect({ Name: 'prod-db', env: 'prod' });
    const signedPost = async (body: string, extra: Record<string, string> = {}) => {
      const endpoint = new URL(rig.gateway.endpoint);
      const signer = new SignatureV4({ credentials: operator, region: TEST_REGION, service: 'ec2', sha256: Hash.bind(null, 'sha256') });
      const signed = await signer.sign(new HttpRequest({
        method: 'POST', protocol: 'http:', hostname: endpoint.hostname, port: Number(endpoint.port), path: '/',
        headers: { host: endpoint.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...extra }, body,
      }));
      const response = await fetch(rig.gateway.endpoint, { method: 'POST', headers: signed.headers, body });
      return { status: response.status, text: await response.text() };
    };
    const twice = await signedPost(`Action=DescribeVpcs&Version=2016-11-15&Action=TerminateInstances&InstanceId.1=${target}`);
    assert.equal(twice.status, 400);
    assert.match(twice.text, /<Code>MalformedQueryString<\/Code><Message>The Cirro gateway does not pass on an ambiguous request: the parameter Action is given more than once/);
    const harmless = await launchDirect({ Name: 'dev-box' });
    const cased = await signedPost(`Action=TerminateInstances&Version=2016-11-15&InstanceId.1=${harmless}&instanceId.2=${target}`);
    assert.equal(cased.status, 400);
    assert.match(cased.text, /the parameter instanceId differs only in letter case from InstanceId/);
    const compressed = await signedPost(`Action=DescribeVpcs&Version=2016-11-15`, { 'content-encoding': 'gzip' });
    assert.equal(compressed.status, 400);
    assert.match(compressed.text, /does not accept request bodies with Content-Encoding gzip/);
    assert.match(String(await stateOf(target)), /^(pending|running)$/);
    assert.match(String(await stateOf(harmless)), /^(pending|running)$/);
  });

  it('refuses a request signed 20 minutes off the gateway\'s clock as expired', async () => {
    const skewed = agentClients(rig.gateway.endpoint, operator, { systemClockOffset: -20 * 60 * 1000 });
    const ec2 = await sdkError(skewed.ec2.send(new DescribeVpcsCommand({})));
    assert.equal(ec2.code, 'RequestExpired');
    const sts = await sdkError(skewed.sts.send(new GetCallerIdentityCommand({})));
    assert.equal(sts.code, 'SignatureDoesNotMatch');
    assert.match(sts.message, /Signature expired/);
  });

  it('accepts a presigned GET and forwards it signed with the upstream\'s keys', async () => {
    const endpoint = new URL(rig.gateway.endpoint);
    const signer = new SignatureV4({ credentials: reader, region: TEST_REGION, service: 'sts', sha256: Hash.bind(null, 'sha256') });
    const presigned = await signer.presign(new HttpRequest({
      method: 'GET', protocol: 'http:', hostname: endpoint.hostname, port: Number(endpoint.port), path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, headers: { host: endpoint.host },
    }), { expiresIn: 60 });
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const response = await fetch(`${rig.gateway.endpoint}/?${query}`);
    assert.equal(response.status, 200, await response.clone().text());
    assert.match(await response.text(), /<GetCallerIdentityResult>/);
    const forwarded = rig.proxy.requests.at(-1)!;
    assert.doesNotMatch(forwarded.url, /X-Amz-Signature/);
    assert.match(String(forwarded.headers['authorization']), new RegExp(`Credential=${GYM_CREDENTIALS.accessKeyId}/`));
  });

  it('never sends an agent\'s key id or secret upstream: every call is re-signed with the upstream\'s keys', async () => {
    const signed = rig.proxy.requests.filter((request) => request.headers['authorization']);
    assert.ok(signed.length >= 10, `expected the earlier tests' calls upstream, saw ${signed.length}`);
    for (const request of rig.proxy.requests) {
      const seen = `${request.url}\n${JSON.stringify(request.headers)}\n${request.body}`;
      for (const agent of [operator, reader, admin]) {
        assert.equal(seen.includes(agent.accessKeyId), false, `the upstream saw ${agent.agent}'s key id`);
        assert.equal(seen.includes(agent.secretAccessKey), false, `the upstream saw ${agent.agent}'s secret`);
      }
    }
    for (const request of signed) assert.match(String(request.headers['authorization']), new RegExp(`Credential=${GYM_CREDENTIALS.accessKeyId}/`));
  });

  it('audits each call and each refusal with the agent, operation, effect, status and time', () => {
    const refusal = rig.audit.entries.find((entry) => entry.type === 'refusal' && entry.data['operation'] === 'RunInstances');
    assert.ok(refusal, 'the reader\'s refused RunInstances is in the audit log');
    assert.equal(refusal.actor, 'gateway:report-bot');
    assert.deepEqual({ ...refusal.data, ms: 0, message: '' }, { service: 'ec2', operation: 'RunInstances', effect: 'create', status: 403, ms: 0, role: 'reader', error: 'UnauthorizedOperation', message: '' });
    const terminate = rig.audit.entries.find((entry) => entry.type === 'call' && entry.actor === 'gateway:root-bot' && entry.data['operation'] === 'TerminateInstances');
    assert.ok(terminate);
    assert.equal(terminate.data['status'], 200);
    assert.equal(terminate.resources!.length, 1);
    assert.equal(typeof terminate.data['ms'], 'number');
    const stranger = rig.audit.entries.find((entry) => entry.actor === 'gateway:unauthenticated');
    assert.equal(stranger?.data['error'], 'AuthFailure');
  });
});
