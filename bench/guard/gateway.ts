// What the gateway costs per API call: p50/p99 latency of DescribeVpcs (a read) and CreateTags (a change
// whose resource's tags the gateway reads from the cloud first) with the AWS SDK v3 and keep-alive,
// direct to a gym and through a gateway in front of it, and calls/s with N concurrent callers both ways.
// Usage: node <dist>/bench/guard/gateway.js [--samples N] [--seconds N] [--concurrency N] [--audit DIR] [--json FILE]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CreateTagsCommand, DescribeImagesCommand, DescribeVpcsCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { startGateway } from '../../src/gateway/index.js';
import { openAuditLog } from '../../src/guard/audit/index.js';
import { createAuthorizer } from '../../src/guard/authorization/index.js';
import type { AuditEntry, AuditEvent, AuditLog } from '../../src/guard/audit/types.js';
import { Gym } from '../../src/gym/gym.js';
import { formatTable, median, percentile } from '../gym/stats.js';

const HELP = `Usage: node <dist>/bench/guard/gateway.js [options]

  --samples N      sequential calls per latency row, after a warm-up (default 2000)
  --seconds N      measured seconds per throughput run (default 5)
  --concurrency N  concurrent callers in the throughput runs (default 8)
  --rounds N       throughput runs per path, alternating direct and gateway; medians compared (default 3)
  --audit DIR      write the gateway's audit log to DIR (the real file-backed, hash-chained log);
                   default: a temporary directory, removed afterwards
  --no-audit       no audit log at all (to see what it costs)
  --own-process    also measure calls/s through a gateway in its own process ('cirro gateway start',
                   with its file-backed audit log), as a team runs it beside its agents
  --json FILE      also write the figures as JSON
`;

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '2000' }, seconds: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '8' }, rounds: { type: 'string', default: '3' },
    audit: { type: 'string' }, 'no-audit': { type: 'boolean' }, 'own-process': { type: 'boolean' }, json: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const samples = whole('samples', values.samples!, 100);
const seconds = whole('seconds', values.seconds!, 1);
const concurrency = whole('concurrency', values.concurrency!, 1);
const rounds = whole('rounds', values.rounds!, 1);

function whole(name: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum) throw new Error(`--${name} must be a whole number of at least ${minimum}, not ${text}`);
  return value;
}

/** An SDK v3 EC2 client with keep-alive sockets, enough for the concurrent callers. */
function client(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }): EC2Client {
  return new EC2Client({
    endpoint, region: 'us-east-1', credentials, maxAttempts: 1,
    requestHandler: { httpAgent: { keepAlive: true, maxSockets: Math.max(50, concurrency) } },
  });
}

/** Milliseconds per call, direct and through the gateway, sampled alternately so machine noise hits both. */
async function latency(direct: () => Promise<unknown>, gateway: () => Promise<unknown>): Promise<{ direct: number[]; gateway: number[] }> {
  for (let index = 0; index < Math.min(300, samples); index++) {
    await direct();
    await gateway();
  }
  const times = { direct: [] as number[], gateway: [] as number[] };
  for (let index = 0; index < samples; index++) {
    for (const [which, call] of (index % 2 === 0 ? [['direct', direct], ['gateway', gateway]] : [['gateway', gateway], ['direct', direct]]) as ['direct' | 'gateway', () => Promise<unknown>][]) {
      const start = performance.now();
      await call();
      times[which].push(performance.now() - start);
    }
  }
  times.direct.sort((a, b) => a - b);
  times.gateway.sort((a, b) => a - b);
  return times;
}

/** Calls per second with `concurrency` callers each making one call after another for `seconds`. */
async function throughput(call: () => Promise<unknown>): Promise<number> {
  const warmupEnd = performance.now() + 1000;
  while (performance.now() < warmupEnd) await Promise.all(Array.from({ length: concurrency }, call));
  let done = 0;
  const end = performance.now() + seconds * 1000;
  const caller = async () => {
    while (performance.now() < end) {
      await call();
      done++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, caller));
  return done / ((performance.now() - start) / 1000);
}

class MemoryAudit implements AuditLog {
  count = 0;
  append(event: AuditEvent): AuditEntry {
    this.count++;
    return { ...event, seq: this.count, time: '', prev: '', hash: '' };
  }
  read(): AuditEntry[] {
    return [];
  }
  verify() {
    return { ok: true as const, entries: this.count };
  }
}

/** `cirro gateway start` as a child process of this build, and the key it printed. */
async function startGatewayProcess(upstream: string): Promise<{ child: ChildProcess; endpoint: string; key: { accessKeyId: string; secretAccessKey: string }; home: string }> {
  const distRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
  const home = mkdtempSync(join(tmpdir(), 'cirro-bench-gateway-'));
  const child = spawn(process.execPath, [join(dirname(distRoot), 'bin', 'cirro.js'), 'gateway', 'start', '--upstream', upstream, '--port', '0', '--agent', 'bench'], {
    env: { ...process.env, CIRRO_HOME: home, CIRRO_DIST: basename(distRoot) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const found = /export AWS_ENDPOINT_URL=(\S+) AWS_ACCESS_KEY_ID=(\S+) AWS_SECRET_ACCESS_KEY=(\S+)/.exec(output);
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`cirro gateway start exited (${code}) before serving:\n${output}`)));
  });
  return { child, endpoint: match[1]!, key: { accessKeyId: match[2]!, secretAccessKey: match[3]! }, home };
}

const auditDirectory = values['no-audit'] ? undefined : (values.audit ?? mkdtempSync(join(tmpdir(), 'cirro-bench-audit-')));
const audit: AuditLog = auditDirectory ? openAuditLog(auditDirectory) : new MemoryAudit();
const gym = await Gym.start({ port: 0, host: '127.0.0.1' });
const authorizer = createAuthorizer();
if (!authorizer.ok) throw new Error(authorizer.error);
const gateway = await startGateway({ upstream: gym.endpoint, port: 0, host: '127.0.0.1', authorizer: authorizer.value, audit });
const key = await gateway.issueCredentials({ agent: 'bench', role: 'operator' });
// A second gateway that trusts no cached tags: every change pays the round trip that reads them.
const uncached = await startGateway({ upstream: gym.endpoint, port: 0, host: '127.0.0.1', authorizer: authorizer.value, audit, tagCacheMs: 0 });
const uncachedKey = await uncached.issueCredentials({ agent: 'bench', role: 'operator' });
const direct = client(gym.endpoint, { accessKeyId: 'AKIDBENCHDIRECT', secretAccessKey: 'bench' });
const through = client(gateway.endpoint, key);
const throughUncached = client(uncached.endpoint, uncachedKey);

const image = (await direct.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'name', Values: ['al2023-ami-2023*-x86_64'] }] }))).Images![0]!.ImageId!;
const instanceId = (await direct.send(new RunInstancesCommand({ ImageId: image, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }))).Instances![0]!.InstanceId!;
let tagValue = 0;
const describeVpcs = (ec2: EC2Client) => () => ec2.send(new DescribeVpcsCommand({}));
const createTags = (ec2: EC2Client) => () => ec2.send(new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: 'bench', Value: String(tagValue++) }] }));

const reads = await latency(describeVpcs(direct), describeVpcs(through));
const writes = await latency(createTags(direct), createTags(through));
const coldWrites = await latency(createTags(direct), createTags(throughUncached));
// Alternating rounds, so a burst of load from elsewhere on the machine does not land on one path only.
const own = values['own-process'] ? await startGatewayProcess(gym.endpoint) : undefined;
const throughOwn = own ? client(own.endpoint, own.key) : undefined;
const rates = { direct: [] as number[], gateway: [] as number[], ownProcess: [] as number[] };
for (let round = 0; round < rounds; round++) {
  rates.direct.push(await throughput(describeVpcs(direct)));
  rates.gateway.push(await throughput(describeVpcs(through)));
  if (throughOwn) rates.ownProcess.push(await throughput(describeVpcs(throughOwn)));
}

/** One latency row: p50 and p99 both ways and what the gateway added at the median. */
interface LatencyRow {
  readonly directP50: number;
  readonly gatewayP50: number;
  readonly addedP50: number;
  readonly directP99: number;
  readonly gatewayP99: number;
}

function summary(times: { direct: number[]; gateway: number[] }): LatencyRow {
  const directP50 = percentile(times.direct, 0.5);
  const gatewayP50 = percentile(times.gateway, 0.5);
  return { directP50, gatewayP50, addedP50: gatewayP50 - directP50, directP99: percentile(times.direct, 0.99), gatewayP99: percentile(times.gateway, 0.99) };
}

const latencyMs = { DescribeVpcs: summary(reads), CreateTags: summary(writes), CreateTagsUncachedTags: summary(coldWrites) };
const labels: Record<keyof typeof latencyMs, string> = {
  DescribeVpcs: 'DescribeVpcs',
  CreateTags: 'CreateTags (tags cached up to 5 s)',
  CreateTagsUncachedTags: 'CreateTags (tags read from the gym every call)',
};
const rows = (Object.keys(latencyMs) as (keyof typeof latencyMs)[]).map((name) => {
  const row = latencyMs[name];
  return [labels[name], ...[row.directP50, row.gatewayP50, row.addedP50, row.directP99, row.gatewayP99].map((value) => value.toFixed(2))];
});
const medianDirect = median(rates.direct);
const medianGateway = median(rates.gateway);
const result = {
  machine: `${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, Node ${process.version}, load ${loadavg()[0]!.toFixed(2)}`,
  audit: auditDirectory ? 'file-backed hash-chained log' : 'none (in memory, counted only)',
  samples, seconds, concurrency, rounds, latencyMs,
  callsPerSecond: {
    direct: rates.direct, gateway: rates.gateway, medianDirect, medianGateway, ratio: medianGateway / medianDirect,
    ...(own ? { ownProcess: rates.ownProcess, medianOwnProcess: median(rates.ownProcess), ownProcessRatio: median(rates.ownProcess) / medianDirect } : {}),
  },
};

console.log(`The Cirro gateway in front of an in-process gym, AWS SDK v3 with keep-alive; ${result.machine}; audit: ${result.audit}\n`);
console.log(formatTable(['call', 'direct p50 ms', 'gateway p50 ms', 'added p50 ms', 'direct p99 ms', 'gateway p99 ms'], rows));
console.log(`\nDescribeVpcs with ${concurrency} concurrent callers, ${rounds} alternating runs of ${seconds} s per path:`);
console.log(formatTable(['path', 'median calls/s', 'each run'], [
  ['direct', medianDirect.toFixed(0), rates.direct.map((rate) => rate.toFixed(0)).join(' ')],
  ['gateway (in process)', medianGateway.toFixed(0), rates.gateway.map((rate) => rate.toFixed(0)).join(' ')],
  ...(own ? [['gateway (own process)', median(rates.ownProcess).toFixed(0), rates.ownProcess.map((rate) => rate.toFixed(0)).join(' ')]] : []),
]));
console.log(
  `\nadded p50: DescribeVpcs ${latencyMs.DescribeVpcs.addedP50.toFixed(2)} ms, CreateTags ${latencyMs.CreateTags.addedP50.toFixed(2)} ms (target < 1 ms); ` +
    `reading tags from the cloud on every change adds ${latencyMs.CreateTagsUncachedTags.addedP50.toFixed(2)} ms\n` +
    `gateway/direct throughput: ${(result.callsPerSecond.ratio * 100).toFixed(0)}% in process` +
    `${own ? `, ${((median(rates.ownProcess) / medianDirect) * 100).toFixed(0)}% in its own process` : ''} (target ≥ 80%)`,
);
if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);

direct.destroy();
through.destroy();
throughUncached.destroy();
if (own) {
  throughOwn!.destroy();
  own.child.kill('SIGTERM');
  await new Promise((resolve) => own.child.once('exit', resolve));
  rmSync(own.home, { recursive: true, force: true });
}
await uncached.close();
await gateway.close();
await gym.stop();
if (auditDirectory && !values.audit) rmSync(auditDirectory, { recursive: true, force: true });
