import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCloudClients, GYM_CREDENTIALS, isLocalEndpoint } from './clients.js';

describe('createCloudClients', () => {
  it('takes the region from the options, then AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1', () => {
    assert.equal(createCloudClients({ region: 'eu-west-1', environment: { AWS_REGION: 'us-west-2' } }).region, 'eu-west-1');
    assert.equal(createCloudClients({ environment: { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'ap-south-1' } }).region, 'us-west-2');
    assert.equal(createCloudClients({ environment: { AWS_DEFAULT_REGION: 'ap-south-1' } }).region, 'ap-south-1');
    assert.equal(createCloudClients({ environment: {} }).region, 'us-east-1');
  });

  it('signs for a local gym with dummy keys when nothing is configured, without probing instance metadata', async () => {
    const clients = createCloudClients({ endpoint: 'http://127.0.0.1:4566', environment: { HOME: '/nonexistent-home' } });
    const credentials = await clients.ec2.config.credentials();
    assert.equal(credentials.accessKeyId, GYM_CREDENTIALS.accessKeyId);
    assert.equal((await clients.elbv2.config.credentials()).accessKeyId, GYM_CREDENTIALS.accessKeyId);
    assert.equal((await clients.cloudformation.config.credentials()).accessKeyId, GYM_CREDENTIALS.accessKeyId);
    assert.equal(await clients.cloudformation.config.region(), 'us-east-1');
  });

  it('uses configured credentials for a gym when the environment has them', async () => {
    const saved = { id: process.env['AWS_ACCESS_KEY_ID'], secret: process.env['AWS_SECRET_ACCESS_KEY'] };
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIDFROMENVIRONMENT';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'secret-from-environment';
    try {
      const clients = createCloudClients({ endpoint: 'http://localhost:4566', environment: process.env });
      assert.equal((await clients.ec2.config.credentials()).accessKeyId, 'AKIDFROMENVIRONMENT');
    } finally {
      if (saved.id === undefined) delete process.env['AWS_ACCESS_KEY_ID'];
      else process.env['AWS_ACCESS_KEY_ID'] = saved.id;
      if (saved.secret === undefined) delete process.env['AWS_SECRET_ACCESS_KEY'];
      else process.env['AWS_SECRET_ACCESS_KEY'] = saved.secret;
    }
  });

  it('tells local endpoints from remote ones', () => {
    for (const local of ['http://127.0.0.1:4566', 'http://localhost:8000', 'http://[::1]:9000', 'http://gym.localhost']) assert.equal(isLocalEndpoint(local), true, local);
    for (const remote of ['https://ec2.us-east-1.amazonaws.com', 'http://10.0.0.5:4566', 'not a url']) assert.equal(isLocalEndpoint(remote), false, remote);
  });
});
