import { writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { createBenchAgent } from '../../bench/agents/create-agent.js';
import { clockSpeed, runSuite, type RunRecord } from '../../bench/harness.js';
import { renderHtmlReport } from '../../bench/html/html-report.js';
import { formatReport, summarize } from '../../bench/report.js';
import type { FaultMode } from '../../bench/fault-mode.js';
import type { BenchOptions } from './bench-options.js';

/** How the command was called, for the report. */
export interface BenchInvocation {
  readonly argv: readonly string[];
  readonly json: boolean;
  readonly awsCli?: { readonly path: string; readonly version: string };
}

/** Runs the benchmark the options describe, prints the report and writes it where asked; returns the exit code. */
export async function runBench(options: BenchOptions, invocation: BenchInvocation): Promise<number> {
  const created = await createBenchAgent({ brain: options.brain, kind: options.kind, env: process.env, stepLimit: options.stepLimit, ...(invocation.awsCli ? { awsCli: invocation.awsCli.path } : {}) });
  if (!created.success) {
    process.stderr.write(`cirro bench: ${created.error.message}\n`);
    return 2;
  }
  const agent = created.value;
  const tasks = options.taskIds.length ? options.suite.tasks.filter((task) => options.taskIds.includes(task.id)) : options.suite.tasks;
  const perTask = (task: (typeof tasks)[number]) => (options.trials.type === 'trials' ? options.trials.trials : Math.min(task.phrasings.length, options.trials.phrasingsPerTask ?? Infinity));
  const passes = options.faults ? 2 : 1;
  const total = passes * options.modalities.length * tasks.reduce((sum, task) => sum + perTask(task), 0);
  let done = 0;
  const pass = (faults: FaultMode | undefined) => runSuite({
    suite: options.suite,
    modalities: options.modalities,
    agent,
    taskIds: options.taskIds,
    trials: options.trials,
    stepLimit: options.stepLimit,
    ...(faults ? { faults } : {}),
    ...(options.speed ? { speed: options.speed } : {}),
    onRun: (run) => progress(++done, total, run, faults !== undefined),
  });
  const baseline = options.faults ? await pass(undefined) : undefined;
  const runs = await pass(options.faults ?? undefined);
  const report = summarize(runs, {
    suite: options.suite.name,
    brain: agent.name,
    clock: Object.fromEntries(options.modalities.map((modality) => [modality, clockSpeed(options.speed, modality)])),
    awsCli: invocation.awsCli ? `${invocation.awsCli.path} (${invocation.awsCli.version})` : null,
    trials: options.trials.type === 'trials'
      ? { mode: 'trials', trials: options.trials.trials, seed: options.trials.seed, k: options.k }
      : { mode: 'phrasings', trials: null, seed: null, k: 1 },
    stepLimit: options.stepLimit,
    faults: options.faults,
    context: { command: commandLine(invocation.argv), machine: machine(), date: new Date().toISOString() },
    ...(baseline ? { baselineRuns: baseline } : {}),
  });
  if (options.report) {
    writeFileSync(options.report.path, options.report.format === 'html' ? renderHtmlReport(report) : `${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(`cirro bench: wrote the ${options.report.format.toUpperCase()} report to ${options.report.path}\n`);
  }
  process.stdout.write(invocation.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
  return [...runs, ...(baseline ?? [])].every((run) => run.success || run.knownGap) ? 0 : 1;
}

function progress(done: number, total: number, run: RunRecord, faulted: boolean): void {
  const verdict = run.success ? 'ok  ' : run.knownGap ? 'GAP ' : 'FAIL';
  const faults = faulted && run.wire ? ` faults ${run.wire.injected}` : '';
  process.stderr.write(`[${done}/${total}] ${verdict} ${run.modality} ${run.taskId} #${run.phrasingIndex + 1} trial ${run.trial + 1}${faulted ? ' (faults)' : ''} ${run.seconds.toFixed(2)} s${faults}${run.success ? '' : `: ${run.reason}`}\n`);
}

function commandLine(argv: readonly string[]): string {
  return ['cirro', 'bench', ...argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`))].join(' ');
}

function machine(): string {
  const cores = cpus();
  return `${cores[0]?.model.trim() ?? 'unknown CPU'}, ${cores.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${type()} ${release()}, Node ${process.version}`;
}
