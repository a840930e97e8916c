import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../core/clock.js';
import { GYM_CREDENTIALS, Upstream } from './upstream.js';

describe('the upstream the gateway forwards to', () => {
  let server: Server;
  let url: string;
  let gym = false;
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];

  before(async () => {
    server = createServer((request, response) => {
      if (request.url === '/_gym/health') return void response.writeHead(gym ? 200 : 404).end('{}');
      seen.push({ url: request.url ?? '', headers: request.headers });
      request.resume().on('end', () => response.writeHead(200, { 'content-type': 'text/xml' }).end('<ok/>'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const forward = { endpointPrefix: 'ec2', signingName: 'ec2', region: 'eu-west-1', method: 'POST', path: '/', query: '', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from('Action=DescribeVpcs&Version=2016-11-15') };

  it('signs with the keys it was given, for the caller\'s region and service', async () => {
    const upstream = new Upstream(url, systemClock, { accessKeyId: 'AKIDGIVEN', secretAccessKey: 's' });
    const answer = await upstream.fetch(forward);
    upstream.close();
    assert.deepEqual(answer, { status: 200, body: '<ok/>' });
    assert.match(String(seen.at(-1)!.headers['authorization']), /^AWS4-HMAC-SHA256 Credential=AKIDGIVEN\/\d{8}\/eu-west-1\/ec2\/aws4_request, SignedHeaders=content-type;host;x-amz-date,/);
  });

  it('uses dummy keys for a gym, and the standard AWS chain for anything else', async () => {
    gym = true;
    const toGym = new Upstream(url, systemClock);
    await toGym.fetch(forward);
    toGym.close();
    assert.match(String(seen.at(-1)!.headers['authorization']), new RegExp(`Credential=${GYM_CREDENTIALS.accessKeyId}/`));
    gym = false;
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIDFROMENVIRONMENT';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'secret-from-environment';
    process.env['AWS_SESSION_TOKEN'] = 'token-from-environment';
    const toOther = new Upstream(url, systemClock);
    await toOther.fetch(forward);
    toOther.close();
    assert.match(String(seen.at(-1)!.headers['authorization']), /Credential=AKIDFROMENVIRONMENT\//);
    assert.equal(seen.at(-1)!.headers['x-amz-security-token'], 'token-from-environment');
  });

  it('says the upstream does not answer instead of guessing its keys', async () => {
    const nowhere = new Upstream('http://127.0.0.1:9', systemClock);
    await assert.rejects(nowhere.fetch(forward), /the upstream http:\/\/127\.0\.0\.1:9 does not answer; start it/);
    nowhere.close();
  });
});
