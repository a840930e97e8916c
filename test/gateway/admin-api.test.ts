import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTagsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { connectGateway } from '../../src/gateway/client.js';
import { agentClients, startGatewayRig, type GatewayRig } from '../support/gateway.js';
import { sdkError } from '../support/sdk.js';

describe('the gateway admin API and connectGateway', () => {
  let rig: GatewayRig;
  let vpcId: string;

  const admin = async (method: string, path: string, options: { token?: string; body?: unknown } = {}) => {
    const response = await fetch(`${rig.gateway.endpoint}/_cirro/${path}`, {
      method,
      headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  before(async () => {
    rig = await startGatewayRig();
    vpcId = (await rig.direct.ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
  });
  after(async () => {
    await rig.close();
  });

  it('refuses to issue keys or bind plans without the admin token, or with a wrong one', async () => {
    for (const token of [undefined, 'not-the-token', `${rig.gateway.adminToken}x`]) {
      const issued = await admin('POST', 'credentials', { ...(token ? { token } : {}), body: { agent: 'mallory', role: 'admin' } });
      assert.equal(issued.status, 401);
      assert.match(issued.body.error.message, /Authorization: Bearer <admin token>/);
      const bound = await admin('POST', 'bindings', { ...(token ? { token } : {}), body: { accessKeyId: 'AKIA', binding: {} } });
      assert.equal(bound.status, 401);
    }
  });

  it('answers a bare health check to anyone, and the details only with the token', async () => {
    const open = await admin('GET', 'health');
    assert.deepEqual(open, { status: 200, body: { status: 'ready', service: 'cirro-gateway' } });
    const detailed = await admin('GET', 'health', { token: rig.gateway.adminToken });
    assert.equal(detailed.body.status, 'ready');
    assert.equal(detailed.body.upstream, rig.proxy.endpoint);
    assert.equal(typeof detailed.body.credentials, 'number');
  });

  it('issues keys that work with the SDK, and says what is wrong with a bad request', async () => {
    const issued = await admin('POST', 'credentials', { token: rig.gateway.adminToken, body: { agent: 'ci', role: 'reader' } });
    assert.equal(issued.status, 201);
    assert.equal(issued.body.role, 'reader');
    assert.match(issued.body.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
    const vpcs = await agentClients(rig.gateway.endpoint, issued.body).ec2.send(new DescribeVpcsCommand({}));
    assert.ok(vpcs.Vpcs!.length >= 1);
    const unknownRole = await admin('POST', 'credentials', { token: rig.gateway.adminToken, body: { agent: 'ci', role: 'superuser' } });
    assert.equal(unknownRole.status, 400);
    assert.match(unknownRole.body.error.message, /there is no role superuser; the gateway's policies define reader, operator, admin/);
    const missing = await admin('POST', 'credentials', { token: rig.gateway.adminToken, body: { role: 'reader' } });
    assert.equal(missing.status, 400);
    assert.match(missing.body.error.message, /^agent: /);
    const notJson = await admin('POST', 'credentials', { token: rig.gateway.adminToken, body: '{agent' });
    assert.equal(notJson.body.error.code, 'InvalidJson');
    const badBinding = await admin('POST', 'bindings', {
      token: rig.gateway.adminToken,
      body: { accessKeyId: issued.body.accessKeyId, binding: { planId: 'p', calls: [{ service: 'ec2', operation: 'terminate', resourceIds: [] }], expiresAt: 'tomorrow' } },
    });
    assert.equal(badBinding.status, 400);
    assert.match(badBinding.body.error.message, /binding\.calls\.0\.operation: an operation is its API name/);
    assert.match(badBinding.body.error.message, /binding\.expiresAt/);
    const strangerBinding = await admin('POST', 'bindings', {
      token: rig.gateway.adminToken, body: { accessKeyId: 'AKIANOBODY', binding: { planId: 'p', calls: [], expiresAt: new Date().toISOString() } },
    });
    assert.equal(strangerBinding.status, 404);
    const unknownBinding = await admin('DELETE', 'bindings/nope', { token: rig.gateway.adminToken });
    assert.equal(unknownBinding.status, 404);
  });

  it('connectGateway issues keys and binds plans over the admin API, and closing it withdraws its keys', async () => {
    const remote = connectGateway(rig.gateway.endpoint, rig.gateway.adminToken);
    assert.equal(remote.endpoint, rig.gateway.endpoint);
    const agent = await remote.issueCredentials({ agent: 'remote-ask', role: 'operator' });
    const clients = agentClients(rig.gateway.endpoint, agent);
    const unbind = await remote.bindPlan(agent.accessKeyId, { planId: 'remote-plan', calls: [], expiresAt: new Date(Date.now() + 60_000) });
    const refused = await sdkError(clients.ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'a', Value: 'b' }] })));
    assert.equal(refused.code, 'UnauthorizedOperation');
    assert.match(refused.message, /not in plan remote-plan: the plan declares no mutating calls/);
    await unbind();
    await clients.ec2.send(new CreateTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'a', Value: 'b' }] }));
    await remote.close();
    const revoked = await sdkError(clients.ec2.send(new DescribeVpcsCommand({})));
    assert.equal(revoked.code, 'AuthFailure');
  });

  it('connectGateway says which gateway refused and why', async () => {
    const wrongToken = connectGateway(rig.gateway.endpoint, 'wrong');
    await assert.rejects(wrongToken.issueCredentials({ agent: 'x', role: 'reader' }), /refused POST \/_cirro\/credentials \(401\): the gateway's admin API needs/);
    const nobody = connectGateway('http://127.0.0.1:9', 'token');
    await assert.rejects(nobody.issueCredentials({ agent: 'x', role: 'reader' }), /gateway at http:\/\/127\.0\.0\.1:9 does not answer/);
  });
});
