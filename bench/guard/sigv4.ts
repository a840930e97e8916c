// Why the gateway verifies SigV4 with its own code: time per verification of an SDK-signed EC2 call with
// src/aws/sigv4.ts, and with @smithy/signature-v4 re-signing the request over the same signed headers
// (the other way to verify), in microseconds.
// Usage: node <dist>/bench/guard/sigv4.js [--samples N]
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { verifySigV4, type SignableRequest } from '../../src/aws/sigv4.js';
import { formatTable, percentile } from '../gym/stats.js';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '20000' } } });
const samples = Number(values.samples);
if (!Number.isInteger(samples) || samples < 100) throw new Error(`--samples must be a whole number of at least 100, not ${values.samples}`);

const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };
const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'ec2', sha256: Hash.bind(null, 'sha256') });
const body = 'Action=CreateTags&Version=2016-11-15&ResourceId.1=i-0123456789abcdef0&Tag.1.Key=team&Tag.1.Value=web';
const at = new Date();
const signed = await signer.sign(new HttpRequest({
  method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4567, path: '/', body,
  headers: { host: '127.0.0.1:4567', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'user-agent': 'aws-sdk-js/3', 'amz-sdk-invocation-id': 'a1', 'amz-sdk-request': 'attempt=1; max=1' },
}), { signingDate: at });
const headers: Record<string, string> = {};
for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
const request: SignableRequest = { method: 'POST', path: '/', query: '', headers, body: Buffer.from(body) };
const signedHeaderNames = /SignedHeaders=([^,]+)/.exec(headers['authorization']!)![1]!.split(';');

/** The smithy way: rebuild the request from the signed headers only and sign it again at the same time. */
async function smithyVerify(): Promise<boolean> {
  const subset: Record<string, string> = {};
  for (const name of signedHeaderNames) if (name !== 'x-amz-date') subset[name] = headers[name]!;
  const again = await signer.sign(new HttpRequest({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4567, path: '/', headers: subset, body }), { signingDate: at });
  return again.headers['authorization'] === headers['authorization'];
}

async function measure(run: () => unknown): Promise<number[]> {
  for (let index = 0; index < 1000; index++) await run();
  const times: number[] = [];
  for (let index = 0; index < samples; index++) {
    const start = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return times.sort((a, b) => a - b);
}

if (!(await smithyVerify())) throw new Error('the smithy re-signing did not reproduce the signature; the comparison would be meaningless');
const ours = await measure(() => {
  if (!verifySigV4(request, () => credentials.secretAccessKey, Date.now()).success) throw new Error('verification failed');
});
const theirs = await measure(smithyVerify);
console.log(`SigV4 verification of an SDK-signed EC2 call; ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, Node ${process.version}, load ${loadavg()[0]!.toFixed(2)}\n`);
console.log(formatTable(['how', 'samples', 'p50 µs', 'p99 µs'], [
  ['src/aws/sigv4.ts verifySigV4', String(samples), percentile(ours, 0.5).toFixed(1), percentile(ours, 0.99).toFixed(1)],
  ['@smithy/signature-v4 re-sign and compare', String(samples), percentile(theirs, 0.5).toFixed(1), percentile(theirs, 0.99).toFixed(1)],
]));
