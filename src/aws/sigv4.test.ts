import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { formatAmzDate, signSigV4, verifySigV4, type SignableRequest } from './sigv4.js';

const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const secretOf = (id: string) => (id === KEY.accessKeyId ? KEY.secretAccessKey : undefined);
const SIGNED_AT = Date.UTC(2024, 4, 6, 7, 8, 9);

/** Signs a request the way the AWS SDK v3 does, and returns it as the gateway receives it. */
async function sdkSigned(
  request: { method?: string; path?: string; query?: Record<string, string>; body?: string; headers?: Record<string, string> },
  options: { presign?: boolean; service?: string; at?: number } = {},
): Promise<SignableRequest> {
  const signer = new SignatureV4({ credentials: KEY, region: 'us-east-1', service: options.service ?? 'ec2', sha256: Hash.bind(null, 'sha256') });
  const http = new HttpRequest({
    method: request.method ?? 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4570, path: request.path ?? '/',
    query: request.query ?? {},
    headers: { host: '127.0.0.1:4570', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...(request.headers ?? {}) },
    body: request.body ?? '',
  });
  const date = new Date(options.at ?? SIGNED_AT);
  const signed = options.presign ? await signer.presign(http, { signingDate: date, expiresIn: 300 }) : await signer.sign(http, { signingDate: date });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  const query = new URLSearchParams(signed.query as Record<string, string>).toString().replace(/\+/g, '%20');
  return { method: signed.method, path: signed.path, query, headers, body: Buffer.from((request.body ?? '') as string) };
}

describe('SigV4 verification', () => {
  it('accepts the AWS test suite vector get-vanilla', () => {
    const request: SignableRequest = {
      method: 'GET', path: '/', query: '', body: Buffer.alloc(0),
      headers: {
        host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
      },
    };
    const result = verifySigV4(request, secretOf, Date.UTC(2015, 7, 30, 12, 36));
    assert.equal(result.success, true, JSON.stringify(result));
  });

  it('accepts a form-encoded EC2 call signed by the SDK v3 signer, and names its scope', async () => {
    const request = await sdkSigned({ body: 'Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=is-default&Filter.1.Value.1=true' });
    const result = verifySigV4(request, secretOf, SIGNED_AT + 60_000);
    assert.ok(result.success, JSON.stringify(result));
    assert.deepEqual(result.value.scope, { accessKeyId: 'AKIDEXAMPLE', date: '20240506', region: 'us-east-1', service: 'ec2' });
    assert.equal(result.value.presigned, false);
  });

  it('accepts query strings with repeated, unsorted and escaped parameters, and odd paths', async () => {
    const request = await sdkSigned({
      method: 'GET', path: '/a b/./c/../d', body: '',
      query: { Zeta: 'z', Action: 'DescribeTags', 'Filter.1.Value.1': 'web server*(1)!', Alpha: "it's ~fine" },
      headers: { 'x-amz-meta-spaces': '  several   spaces  ' },
    }, { service: 'elasticloadbalancing' });
    const result = verifySigV4(request, secretOf, SIGNED_AT);
    assert.ok(result.success, JSON.stringify(result));
  });

  it('accepts a presigned URL until it expires, then answers expired', async () => {
    const request = await sdkSigned({ method: 'GET', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } }, { presign: true, service: 'sts' });
    assert.equal(request.headers['authorization'], undefined);
    const fresh = verifySigV4(request, secretOf, SIGNED_AT + 299_000);
    assert.ok(fresh.success, JSON.stringify(fresh));
    assert.equal(fresh.value.presigned, true);
    const late = verifySigV4(request, secretOf, SIGNED_AT + 301_000);
    assert.equal(!late.success && late.error.reason, 'expired');
  });

  it('refuses a tampered body, a tampered header and a wrong secret as a mismatch', async () => {
    const request = await sdkSigned({ body: 'Action=TerminateInstances&Version=2016-11-15&InstanceId.1=i-0aaaaaaaaaaaaaaaa' });
    const tamperedBody = { ...request, body: Buffer.from('Action=TerminateInstances&Version=2016-11-15&InstanceId.1=i-0bbbbbbbbbbbbbbbb') };
    const tamperedHeader = { ...request, headers: { ...request.headers, 'content-type': 'text/plain' } };
    const unsigned = { ...tamperedBody, headers: { ...request.headers, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } };
    const { ['x-amz-content-sha256']: _, ...withoutHash } = request.headers;
    const noHashHeader = { ...tamperedBody, headers: withoutHash };
    for (const candidate of [tamperedBody, tamperedHeader, unsigned, noHashHeader]) {
      const result = verifySigV4(candidate, secretOf, SIGNED_AT);
      assert.equal(!result.success && result.error.reason, 'mismatch');
    }
    const wrongSecret = verifySigV4(request, () => 'not-the-secret', SIGNED_AT);
    assert.equal(!wrongSecret.success && wrongSecret.error.reason, 'mismatch');
    assert.match(!wrongSecret.success ? wrongSecret.error.message : '', /signature we calculated does not match/);
  });

  it('refuses a key nobody issued, naming the key', async () => {
    const request = await sdkSigned({ body: 'Action=DescribeVpcs&Version=2016-11-15' });
    const result = verifySigV4(request, () => undefined, SIGNED_AT);
    assert.ok(!result.success);
    assert.equal(result.error.reason, 'unknown-key');
    assert.equal(result.error.accessKeyId, 'AKIDEXAMPLE');
  });

  it('allows 15 minutes of clock skew either way, and not a second more', async () => {
    const request = await sdkSigned({ body: 'Action=DescribeVpcs&Version=2016-11-15' });
    const minutes = (count: number) => count * 60_000;
    assert.ok(verifySigV4(request, secretOf, SIGNED_AT + minutes(15)).success);
    assert.ok(verifySigV4(request, secretOf, SIGNED_AT - minutes(15)).success);
    const late = verifySigV4(request, secretOf, SIGNED_AT + minutes(15) + 1000);
    assert.ok(!late.success);
    assert.equal(late.error.reason, 'expired');
    assert.match(late.error.message, /Signature expired: 20240506T070809Z is now earlier than 20240506T070810Z/);
    const early = verifySigV4(request, secretOf, SIGNED_AT - minutes(15) - 1000);
    assert.equal(!early.success && early.error.reason, 'expired');
  });

  it('says what is missing when a request is not signed or is signed badly', () => {
    const bare: SignableRequest = { method: 'POST', path: '/', query: '', headers: { host: 'x' }, body: Buffer.alloc(0) };
    const missing = verifySigV4(bare, secretOf, SIGNED_AT);
    assert.equal(!missing.success && missing.error.reason, 'missing');
    const noDate = verifySigV4({ ...bare, headers: { host: 'x', authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240506/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}` } }, secretOf, SIGNED_AT);
    assert.ok(!noDate.success);
    assert.equal(noDate.error.reason, 'malformed');
    assert.match(noDate.error.message, /X-Amz-Date/);
    const garbage = verifySigV4({ ...bare, headers: { host: 'x', authorization: 'Bearer abc' } }, secretOf, SIGNED_AT);
    assert.equal(!garbage.success && garbage.error.reason, 'malformed');
  });
});

describe('SigV4 signing', () => {
  it('produces the signature the SDK v3 signer produces for the same request', async () => {
    const body = 'Action=DescribeTags&Version=2015-12-01&ResourceArns.member.1=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%3A1%3Aloadbalancer%2Fapp%2Fx%2F1';
    const request: SignableRequest = {
      method: 'POST', path: '/', query: '', body: Buffer.from(body),
      headers: { host: '127.0.0.1:4570', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    };
    const ours = signSigV4(request, KEY, { region: 'eu-west-1', service: 'elasticloadbalancing' }, SIGNED_AT);
    const signer = new SignatureV4({ credentials: KEY, region: 'eu-west-1', service: 'elasticloadbalancing', sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
    const theirs = await signer.sign(
      new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4570, path: '/', headers: { host: '127.0.0.1:4570', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body }),
      { signingDate: new Date(SIGNED_AT) },
    );
    assert.equal(ours['x-amz-date'], formatAmzDate(SIGNED_AT));
    assert.equal(ours['authorization'], theirs.headers['authorization']);
  });

  it('signs temporary keys with their session token, and what it signs verifies', () => {
    const request: SignableRequest = { method: 'POST', path: '/', query: '', body: Buffer.from('Action=GetCallerIdentity&Version=2011-06-15'), headers: { host: 'sts.us-east-1.amazonaws.com' } };
    const added = signSigV4(request, { ...KEY, sessionToken: 'token-1' }, { region: 'us-east-1', service: 'sts' }, SIGNED_AT);
    assert.equal(added['x-amz-security-token'], 'token-1');
    assert.match(added['authorization']!, /SignedHeaders=host;x-amz-date;x-amz-security-token,/);
    const verified = verifySigV4({ ...request, headers: { ...request.headers, ...added } }, secretOf, SIGNED_AT);
    assert.ok(verified.success, JSON.stringify(verified));
  });
});
