// The ask benchmark: time from `cirro ask` starting to a verified result, per task class and modality,
// with the gym's clock accelerated so simulated waits (boots, attachments, provisioning) shrink to a poll.
// Usage: npm run bench:ask -- [options] (see HELP); the figures go into docs/benchmarks.md.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AskResult } from '../src/agent/ask.js';
import { createBrain } from '../src/agent/brains.js';
import { renderGraphAnswer } from '../src/agent/graph-answer.js';
import type { Modality } from '../src/agent/router.js';
import { findAwsCli } from '../src/bench/aws-cli.js';
import { runSuite, type AskExecutor, type RunRecord } from '../src/bench/harness.js';
import { TASK_CLASSES } from '../src/bench/report.js';
import { studySuite } from '../src/bench/suites/study.js';
import { Gym } from '../src/gym/gym.js';
import type { TaskClass } from '../src/plan/intent.js';

const HELP = `Usage: npm run bench:ask -- [options]   (or: node <dist>/bench/ask.js [options])

Runs every task and phrasing of the study suite on a fresh in-process gym world and times each request
two ways: \`cirro ask … --json --yes --endpoint <gym>\` spawned as a process (start of the command to
its verified exit: the end-to-end figure), and ask() called in-process (no Node start-up). Reports
p50/p90 per task class and modality, and checks the targets: SDK p50 under 1 s for monitoring
questions and under 2 s for provisioning.

  --modality LIST    sdk, cli or both (default sdk,cli)
  --mode LIST        process, in-process or both (default process,in-process)
  --phrasings N      at most N phrasings per task, rotating which (default all)
  --speed-sdk N      gym clock for the SDK runs, simulated seconds per real second (default 6000)
  --speed-cli N      gym clock for the CLI runs (default 300: a CLI run is slow enough in real time
                     that a faster clock would expire terminated instances before it verifies them)
  --json FILE        also write every run and the figures as JSON
`;

type Mode = 'process' | 'in-process';

/** This compiled file is <repo>/<dist>/bench/ask.js. */
const distRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const repositoryRoot = dirname(distRoot);

/** Runs `node bin/cirro.js ask … --json --yes` and reads its JSON back as an AskResult. */
function processExecutor(awsCli: string | undefined): AskExecutor {
  return (request) => new Promise((resolve, reject) => {
    const args = [join(repositoryRoot, 'bin', 'cirro.js'), 'ask', request.request, '--json', '--yes', '--endpoint', request.endpoint, '--region', request.region, '--modality', request.modality];
    const child = spawn(process.execPath, args, {
      cwd: repositoryRoot,
      env: { ...process.env, CIRRO_DIST: basename(distRoot), ...(awsCli ? { CIRRO_AWS_CLI: awsCli } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      try {
        resolve({ ...(JSON.parse(stdout) as AskResult), exitCode: status ?? -1 });
      } catch {
        reject(new Error(`cirro ask printed no JSON (exit ${status}): ${stderr.trim().split('\n').slice(-3).join(' / ')}`));
      }
    });
  });
}

function percentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** One row of figures: a task class in a modality and mode. */
interface Figure {
  readonly taskClass: TaskClass;
  readonly modality: Modality;
  readonly mode: Mode;
  readonly runs: number;
  readonly successes: number;
  readonly p50: number | null;
  readonly p90: number | null;
}

function figures(runs: readonly (RunRecord & { mode: Mode })[]): Figure[] {
  const rows: Figure[] = [];
  for (const mode of ['process', 'in-process'] as const) {
    for (const modality of ['sdk', 'cli'] as const) {
      for (const { taskClass } of TASK_CLASSES) {
        const cell = runs.filter((run) => run.mode === mode && run.modality === modality && run.taskClass === taskClass);
        if (cell.length === 0) continue;
        const seconds = cell.filter((run) => run.success).map((run) => run.seconds);
        rows.push({ taskClass, modality, mode, runs: cell.length, successes: seconds.length, p50: percentile(seconds, 0.5), p90: percentile(seconds, 0.9) });
      }
    }
  }
  return rows;
}

const TARGETS: readonly { taskClass: TaskClass; seconds: number }[] = [
  { taskClass: 'monitoring', seconds: 1 },
  { taskClass: 'provisioning', seconds: 2 },
];

function markdown(rows: readonly Figure[], command: string, machine: Record<string, string | number>, speeds: Record<Modality, number>, cli: string | undefined): string {
  const seconds = (value: number | null) => (value === null ? '-' : `${value.toFixed(2)} s`);
  const lines = [
    `Command: \`${command}\``,
    '',
    `Machine: ${Object.entries(machine).map(([key, value]) => `${key} ${value}`).join(', ')}. Gym clock: ${speeds.sdk}x for the SDK, ${speeds.cli}x for the CLI${cli ? ` (${cli})` : ''}.`,
    '',
    '| modality | mode | task class | runs | verified | p50 | p90 |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.modality} | ${row.mode} | ${row.taskClass} | ${row.runs} | ${row.successes} | ${seconds(row.p50)} | ${seconds(row.p90)} |`),
    '',
    ...TARGETS.map(({ taskClass, seconds: limit }) => {
      const row = rows.find((candidate) => candidate.modality === 'sdk' && candidate.mode === 'process' && candidate.taskClass === taskClass);
      const verdict = row?.p50 === null || row?.p50 === undefined ? 'not measured' : row.p50 < limit ? 'met' : 'MISSED';
      return `Target: SDK ${taskClass} p50 under ${limit} s end to end: ${verdict}${row?.p50 != null ? ` (${seconds(row.p50)})` : ''}.`;
    }),
  ];
  return lines.join('\n');
}

function listOf<T extends string>(text: string | undefined, allowed: readonly T[], flag: string): T[] {
  const items = (text ?? allowed.join(',')).split(',').map((item) => item.trim()).filter(Boolean);
  const bad = items.filter((item) => !(allowed as readonly string[]).includes(item));
  if (bad.length || items.length === 0) throw new Error(`${flag} ${text}: use a comma-separated list of ${allowed.join(', ')}`);
  return items as T[];
}

function whole(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 100_000) throw new Error(`${flag} ${text} is not a whole number from 1 to 100000`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      modality: { type: 'string' }, mode: { type: 'string' }, phrasings: { type: 'string' }, 'speed-sdk': { type: 'string' },
      'speed-cli': { type: 'string' }, json: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const modalities = listOf(values.modality, ['sdk', 'cli'] as const, '--modality');
  const modes = listOf(values.mode, ['process', 'in-process'] as const, '--mode');
  const phrasings = values.phrasings === undefined ? undefined : whole(values.phrasings, 1, '--phrasings');
  const speeds: Record<Modality, number> = { sdk: whole(values['speed-sdk'], 6000, '--speed-sdk'), cli: whole(values['speed-cli'], 300, '--speed-cli'), iac: 6000 };
  let cli: string | undefined;
  if (modalities.includes('cli')) {
    const found = findAwsCli();
    if ('problem' in found) throw new Error(found.problem);
    cli = `${found.path} (${found.version})`;
    process.env['CIRRO_AWS_CLI'] = found.path;
  }

  const loadBefore = loadavg()[0]!;
  const gym = await Gym.start({ port: 0, host: '127.0.0.1' });
  const runs: (RunRecord & { mode: Mode })[] = [];
  try {
    for (const mode of modes) {
      for (const modality of modalities) {
        const done = await runSuite({
          suite: studySuite,
          modalities: [modality],
          brain: createBrain(),
          endpoint: gym.endpoint,
          speed: speeds,
          ...(phrasings ? { phrasingsPerTask: phrasings } : {}),
          ...(mode === 'process' ? { execute: processExecutor(process.env['CIRRO_AWS_CLI']) } : {}),
          ...(cli ? { awsCli: process.env['CIRRO_AWS_CLI'] } : {}),
          askOptions: { graph: renderGraphAnswer, pollMs: [20, 200] },
          onRun: (run) => process.stderr.write(`${run.success ? 'ok  ' : 'FAIL'} ${mode} ${modality} ${run.taskId} #${run.phrasingIndex + 1} ${run.seconds.toFixed(2)} s${run.success ? '' : `: ${run.reason}`}\n`),
        });
        runs.push(...done.map((run) => ({ ...run, mode })));
      }
    }
  } finally {
    await gym.stop();
  }
  const machine = { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: cpus().length, memory: `${Math.round(totalmem() / 2 ** 30)} GiB`, os: `${type()} ${release()}`, node: process.version, 'load average (1 min) before/after': `${loadBefore.toFixed(1)}/${loadavg()[0]!.toFixed(1)}` };
  const command = `node ${basename(distRoot)}/bench/ask.js ${argv.join(' ')}`.trim();
  const rows = figures(runs);
  process.stdout.write(`${markdown(rows, command, machine, speeds, cli)}\n`);
  const failed = runs.filter((run) => !run.success);
  if (failed.length) process.stdout.write(`\nNot verified (${failed.length}; excluded from the percentiles):\n${failed.map((run) => `- ${run.mode} ${run.modality} ${run.taskId} "${run.phrasing}": ${run.reason}`).join('\n')}\n`);
  if (values.json) writeFileSync(values.json, JSON.stringify({ format: 'cirro-ask-bench/1', date: new Date().toISOString(), machine, speeds, cli, command, figures: rows, runs }, null, 2));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    process.stderr.write(`bench/ask: ${error.message}\n`);
    process.exitCode = 2;
  },
);
