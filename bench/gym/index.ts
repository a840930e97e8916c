// The gym benchmark: cold start, throughput, latency and memory of the gym, and of moto in the same run.
// Usage: npm run bench:gym -- [--json FILE] [--no-moto] [--seconds N] … (see HELP)
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runLoad, sendOnce, type LoadResult } from './load.js';
import { evaluateTargets, renderReport, type BenchResult, type BenchSettings, type ColdStartResult, type ScenarioResult, type ServerFigures } from './report.js';
import { scenarios, type Scenario } from './scenarios.js';
import { gymLauncher, motoLauncher, type ChildSet, type ServerLauncher } from './servers.js';
import { median } from './stats.js';

const HELP = `Usage: npm run bench:gym -- [options]

Measures, on this machine, the gym (and moto's server when python3 can import moto):
cold start to the first DescribeVpcs, requests/s and p50/p99 latency for DescribeVpcs, RunInstances,
DescribeInstances with 300 instances, and DescribeInstances by tag:Name among 10,000 instances, and
resident memory. Every server listens on 127.0.0.1 only and is started fresh for each scenario.

  --seconds N       measured seconds per scenario and server (default 5)
  --warmup N        warm-up seconds before measuring (default 1)
  --concurrency N   requests in flight, one connection each (default 8)
  --cold-starts N   cold starts per server (default 5)
  --instances N     instances in the large world (default 10000)
  --only IDS        comma-separated scenarios: describe-vpcs, run-instances, describe-instances,
                    describe-instances-by-name
  --populate-budget N
                    seconds a server may take to build the large world (default 60); moto slows
                    as its world grows, so it may stop short, and the report says how far it got
  --no-moto         measure the gym alone
  --python PATH     the python that runs moto (default python3)
  --profile DIR     run each gym under node --cpu-prof, writing gym-<scenario>.cpuprofile into DIR
  --json FILE       also write the results as JSON to FILE (- for stdout, the table then goes to stderr)
`;

/** Server processes alive right now, killed if the benchmark is interrupted. */
const children: ChildSet = new Set();

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      seconds: { type: 'string' }, warmup: { type: 'string' }, concurrency: { type: 'string' }, 'cold-starts': { type: 'string' },
      instances: { type: 'string' }, only: { type: 'string' }, 'no-moto': { type: 'boolean' }, python: { type: 'string' },
      profile: { type: 'string' }, json: { type: 'string' }, 'populate-budget': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const settings: BenchSettings = {
    seconds: positive('seconds', values.seconds, 5),
    warmupSeconds: positive('warmup', values.warmup, 1, true),
    concurrency: whole('concurrency', values.concurrency, 8),
    coldStarts: whole('cold-starts', values['cold-starts'], 5),
    largeInstances: whole('instances', values.instances, 10_000),
    populateBudgetSeconds: positive('populate-budget', values['populate-budget'], 60),
  };
  const loadBefore = loadavg()[0]!;
  const chosen = selectScenarios(scenarios(settings.largeInstances), values.only);
  const launchers: ServerLauncher[] = [gymLauncher({ profileDirectory: values.profile ? resolve(values.profile) : undefined, children })];
  let motoUnavailable: string | undefined = values['no-moto'] ? 'skipped with --no-moto' : undefined;
  if (!values['no-moto']) {
    const moto = motoLauncher(values.python, children);
    if (typeof moto === 'string') motoUnavailable = moto;
    else launchers.push(moto);
  }
  if (motoUnavailable) log(`moto will not be measured: ${motoUnavailable}`);

  const coldStart = await measureColdStarts(launchers, settings.coldStarts);
  const results: ScenarioResult[] = [];
  for (const scenario of chosen) results.push(await measureScenario(scenario, launchers, settings));

  const result: BenchResult = {
    format: 'cirro-gym-bench/1',
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
      os: `${type()} ${release()}`,
      node: process.version,
      loadAverageBefore: Math.round(loadBefore * 100) / 100,
      loadAverageAfter: Math.round(loadavg()[0]! * 100) / 100,
    },
    settings: { ...settings },
    servers: Object.fromEntries(launchers.map((launcher) => [launcher.name, launcher.version])),
    motoUnavailable,
    coldStart,
    scenarios: results,
    targets: evaluateTargets(coldStart, results),
  };
  const report = renderReport(result);
  if (values.json === '-') {
    process.stderr.write(report);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    process.stdout.write(report);
    if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
  }
  return 0;
}

/** Starts each server `runs` times, alternating between servers so a noisy moment hits both alike. */
async function measureColdStarts(launchers: readonly ServerLauncher[], runs: number): Promise<Record<string, ColdStartResult>> {
  const times = new Map<string, number[]>();
  const memory = new Map<string, number[]>();
  for (let run = 0; run < runs; run++) {
    for (const launcher of launchers) {
      const server = await launcher.start(`cold-start-${run}`);
      push(times, launcher.name, server.coldStartMs);
      push(memory, launcher.name, server.residentMegabytes());
      await server.stop();
    }
  }
  const out: Record<string, ColdStartResult> = {};
  for (const launcher of launchers) {
    const runsMs = times.get(launcher.name) ?? [];
    out[launcher.name] = { medianMs: median(runsMs), runsMs, residentMegabytes: median(memory.get(launcher.name) ?? []) };
    log(`${launcher.name}: cold start ${out[launcher.name]!.medianMs.toFixed(0)} ms (median of ${runs}), ${out[launcher.name]!.residentMegabytes.toFixed(0)} MB after the first call`);
  }
  return out;
}

/** Runs one scenario against a fresh instance of each server. */
async function measureScenario(scenario: Scenario, launchers: readonly ServerLauncher[], settings: BenchSettings): Promise<ScenarioResult> {
  const servers: Record<string, ServerFigures> = {};
  for (const launcher of launchers) {
    const server = await launcher.start(scenario.id);
    try {
      const prepared = await scenario.prepare(server.port, (message) => log(`${launcher.name} ${scenario.id}: ${message}`), settings.populateBudgetSeconds);
      const probe = await sendOnce(server.port, prepared.requests[0]!, PROBE_TIMEOUT_MS).catch((error: Error) => error);
      if (probe instanceof Error) {
        log(`${launcher.name} ${scenario.operation}: one request gave ${probe.message}; not measured`);
        servers[launcher.name] = { ...unanswered(probe.message), residentMegabytes: server.residentMegabytes(), instances: prepared.instances };
        continue;
      }
      const complaint = probe.status === 200 ? prepared.check(probe.body) : `HTTP ${probe.status}: ${probe.body.slice(0, 300)}`;
      if (complaint) throw new Error(`${launcher.name} ${scenario.operation}: ${complaint}`);
      const residentMegabytes = () => server.residentMegabytes();
      if (probe.milliseconds * settings.concurrency > SLOW_ROUND_MS) {
        // One round of the load would take minutes (moto filters instances in more than linear time).
        const note = `measured with one request (${(probe.milliseconds / 1000).toFixed(1)} s); ${settings.concurrency} in flight would take about ${Math.round((probe.milliseconds * settings.concurrency) / 1000)} s`;
        servers[launcher.name] = { ...single(probe.milliseconds), note, residentMegabytes: residentMegabytes(), instances: prepared.instances };
        log(`${launcher.name} ${scenario.operation} (${scenario.world}): ${note}`);
        continue;
      }
      const load = await runLoad({ port: server.port, requests: prepared.requests, ...settings });
      servers[launcher.name] = { ...load, residentMegabytes: residentMegabytes(), instances: prepared.instances };
      log(
        `${launcher.name} ${scenario.operation} (${scenario.world}): ${load.requestsPerSecond.toFixed(1)} req/s, ` +
          `p50 ${load.p50Ms.toFixed(2)} ms, p99 ${load.p99Ms.toFixed(2)} ms${load.errors > 0 ? `, ${load.errors} errors` : ''}`,
      );
    } finally {
      await server.stop();
    }
  }
  return { id: scenario.id, operation: scenario.operation, world: scenario.world, largeWorld: scenario.largeWorld === true, servers };
}

/** A probe slower than this never gets an answer to report. */
const PROBE_TIMEOUT_MS = 120_000;
/** A load round (one request per connection) longer than this is replaced by the probe's figure. */
const SLOW_ROUND_MS = 30_000;

function single(milliseconds: number): LoadResult {
  return { p50Ms: milliseconds, p99Ms: milliseconds, maxMs: milliseconds, requestsPerSecond: 1000 / milliseconds, requests: 1, errors: 0, seconds: milliseconds / 1000, connections: 1 };
}

function unanswered(reason: string): LoadResult & { note: string } {
  return { p50Ms: Number.NaN, p99Ms: Number.NaN, maxMs: Number.NaN, requestsPerSecond: 0, requests: 0, errors: 1, seconds: 0, connections: 1, note: `not measured: one request gave ${reason}` };
}

function selectScenarios(all: Scenario[], only: string | undefined): Scenario[] {
  if (!only) return all;
  const wanted = only.split(',').map((id) => id.trim()).filter(Boolean);
  const unknown = wanted.filter((id) => !all.some((scenario) => scenario.id === id));
  if (unknown.length > 0) throw new Error(`--only ${unknown.join(',')}: no such scenario; choose from ${all.map((scenario) => scenario.id).join(', ')}`);
  return all.filter((scenario) => wanted.includes(scenario.id));
}

function positive(name: string, text: string | undefined, fallback: number, allowZero = false): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (value === 0 && !allowZero)) {
    throw new Error(`--${name} ${text} is not valid: expected a ${allowZero ? 'non-negative' : 'positive'} number`);
  }
  return value;
}

function whole(name: string, text: string | undefined, fallback: number): number {
  const value = positive(name, text, fallback);
  if (!Number.isInteger(value)) throw new Error(`--${name} ${text} is not valid: expected a whole number`);
  return value;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

const benchStarted = performance.now();

function log(message: string): void {
  process.stderr.write(`bench [${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(3)} s]: ${message}\n`);
}

process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal} received, stopping the servers`);
    process.exit(130);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench:gym failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
