// The audit-log benchmark: what one append costs the gateway (p50/p99), alone and with another process
// appending to the same log, and how long verify() takes over a large log.
// Usage: node <dist>/bench/guard/audit.js [options] (see HELP); the figures go into docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openAuditLog, type AuditLogFile } from '../../src/guard/audit/index.js';
import type { AuditEvent } from '../../src/guard/audit/types.js';
import { formatTable, percentile } from '../gym/stats.js';

const HELP = `Usage: node <dist>/bench/guard/audit.js [options]

Times AuditLog.append() one call at a time, as the gateway makes it (one entry per API call): in one
process, then in each of two processes appending to the same log at once (serialized by its lock file).
Then times verify() and read() over a log of --verify-entries entries. Logs go to a temporary directory.

  --appends N         appends measured per process (default 20000, after 1000 unmeasured)
  --verify-entries N  entries in the log that verify() checks (default 100000)
  --json              print the figures as JSON instead of a table
`;

/** Latencies of one process's appends, in microseconds. */
interface AppendFigures {
  readonly label: string;
  readonly appends: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  readonly appendsPerSecond: number;
}

/** A typical gateway entry: one EC2 call admitted under a plan. */
function gatewayCall(index: number): AuditEvent {
  return {
    type: 'call',
    actor: 'gateway:agent-1',
    planId: 'plan-20250601-0007',
    resources: [`i-0${(index % 4096).toString(16).padStart(16, '0')}`],
    data: { service: 'ec2', operation: 'ModifyInstanceAttribute', result: 'ok', status: 200, ms: 11.4, requestId: `req-${index}` },
  };
}

/** Each measured append's time in microseconds, and the wall time of them all. */
interface AppendRun {
  readonly samples: number[];
  readonly seconds: number;
}

/** Appends `count` entries after a warm-up, timing each one. */
function timeAppends(log: AuditLogFile, count: number, warmup = 1_000): AppendRun {
  for (let index = 0; index < warmup; index++) log.append(gatewayCall(index));
  const samples: number[] = new Array(count);
  const started = process.hrtime.bigint();
  for (let index = 0; index < count; index++) {
    const before = process.hrtime.bigint();
    log.append(gatewayCall(index));
    samples[index] = Number(process.hrtime.bigint() - before) / 1_000;
  }
  return { samples, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function figures(label: string, run: AppendRun): AppendFigures {
  const sorted = [...run.samples].sort((a, b) => a - b);
  return { label, appends: sorted.length, p50Us: percentile(sorted, 0.5), p99Us: percentile(sorted, 0.99), maxUs: sorted[sorted.length - 1]!, appendsPerSecond: sorted.length / run.seconds };
}

/** The child side of the concurrent run: append to the shared log and print the samples. */
function child(directory: string, count: number): void {
  process.stdout.write(JSON.stringify(timeAppends(openAuditLog(directory), count)));
}

function runChild(directory: string, count: number): Promise<AppendRun> {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(import.meta.url);
    const appender = spawn(process.execPath, [script, '--child', directory, '--appends', String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    appender.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    appender.on('error', reject);
    appender.on('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout) as AppendRun) : reject(new Error(`appending child exited with ${code}`))));
  });
}

function timeMs(action: () => unknown, rounds = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const started = process.hrtime.bigint();
    action();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
  }
  return best;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { appends: { type: 'string' }, 'verify-entries': { type: 'string' }, child: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const appends = Number(values.appends ?? 20_000);
  const verifyEntries = Number(values['verify-entries'] ?? 100_000);
  if (!Number.isInteger(appends) || appends < 1 || !Number.isInteger(verifyEntries) || verifyEntries < 1) {
    process.stderr.write('--appends and --verify-entries take whole numbers above 0\n');
    return 2;
  }
  if (values.child) {
    child(values.child, appends);
    return 0;
  }
  const root = mkdtempSync(join(tmpdir(), 'cirro-bench-audit-'));
  const loadBefore = loadavg()[0]!;
  try {
    const single = figures('1 process', timeAppends(openAuditLog(join(root, 'single')), appends));
    const shared = join(root, 'shared');
    const pair: AppendRun[] = await Promise.all([runChild(shared, appends), runChild(shared, appends)]);
    const concurrent = pair.map((run, index) => figures(`2 processes: #${index + 1}`, run));
    const sharedCheck = openAuditLog(shared).verify();
    const large = openAuditLog(join(root, 'large'));
    for (let index = 0; index < verifyEntries; index++) large.append(gatewayCall(index));
    const verifyMs = timeMs(() => large.verify());
    const readMs = timeMs(() => large.read({ resource: 'i-00000000000000007' }));
    const largeCheck = large.verify();
    const machine = { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length, memory: `${Math.round(totalmem() / 2 ** 30)} GiB`, os: `${type()} ${release()}`, node: process.version, 'load average (1 min) before/after': `${loadBefore.toFixed(1)}/${loadavg()[0]!.toFixed(1)}` };
    const result = {
      machine, appends: [single, ...concurrent],
      sharedLog: { entries: sharedCheck.entries, intact: sharedCheck.ok },
      verify: { entries: largeCheck.entries, intact: largeCheck.ok, megabytes: statSync(large.path).size / 2 ** 20, verifyMs, readMs },
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    const rows = result.appends.map((row) => [row.label, String(row.appends), row.p50Us.toFixed(1), row.p99Us.toFixed(1), row.maxUs.toFixed(0), Math.round(row.appendsPerSecond).toString()]);
    process.stdout.write(`${formatTable(['append()', 'appends', 'p50 µs', 'p99 µs', 'max µs', 'appends/s'], rows)}\n\n`);
    process.stdout.write(`shared log after the 2-process run: ${result.sharedLog.entries} entries, chain ${result.sharedLog.intact ? 'intact' : 'BROKEN'}\n`);
    process.stdout.write(`verify() over ${result.verify.entries} entries (${result.verify.megabytes.toFixed(1)} MB): ${verifyMs.toFixed(0)} ms (best of 3); read() with a resource filter: ${readMs.toFixed(0)} ms\n`);
    process.stdout.write(`machine: ${Object.entries(machine).map(([key, value]) => `${key} ${value}`).join(', ')}\n`);
    return result.sharedLog.intact && result.verify.intact ? 0 : 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

process.exitCode = await main(process.argv.slice(2));
