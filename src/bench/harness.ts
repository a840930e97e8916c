import { ask, type AskOptions, type AskResult } from '../agent/ask.js';
import type { Brain } from '../agent/brain/brain.js';
import type { Modality } from '../agent/router.js';
import type { TaskClass } from '../plan/intent.js';
import { Gym } from '../gym/gym.js';
import { benchCloud, resetGym, type BenchCloud } from './bench-cloud.js';
import { gapApplies, type BenchSuite, type BenchTask, type Fixture } from './task.js';

/** One task × phrasing × modality, as it went. */
export interface RunRecord {
  readonly taskId: string;
  readonly taskClass: TaskClass;
  readonly title: string;
  readonly phrasingIndex: number;
  readonly phrasing: string;
  readonly modality: Modality;
  readonly success: boolean;
  /** Why it failed (the agent's own reason, or what the independent check found). */
  readonly reason: string | null;
  /** The suite expects this run to fail, for this reason. */
  readonly knownGap: string | null;
  readonly decision: AskResult['decision'] | 'set-up-failed' | 'crashed';
  readonly agentSteps: number;
  readonly apiCalls: number;
  /** Wall time of `ask()` alone (set-up and check excluded). */
  readonly seconds: number;
}

/** One request to carry out, as the harness hands it to an executor. */
export interface AskRequest {
  readonly request: string;
  readonly modality: Modality;
  readonly endpoint: string;
  readonly region: string;
}

/** How a run carries out a request: `ask()` in-process (the default), or `cirro ask` as a process (bench/ask). */
export type AskExecutor = (request: AskRequest) => Promise<AskResult>;

/** What to run, and with what. */
export interface HarnessOptions {
  readonly suite: BenchSuite;
  readonly modalities: readonly Modality[];
  readonly brain: Brain;
  /** Only these task ids (default: all). */
  readonly taskIds?: readonly string[];
  /**
   * At most this many phrasings per task (default: all). Which ones rotates from task to task, so a
   * short run still exercises every phrasing slot somewhere in the suite.
   */
  readonly phrasingsPerTask?: number;
  /** A gym to use; without one the harness starts its own, in-process. */
  readonly endpoint?: string;
  /**
   * Simulated seconds per real second while each modality runs (default: sdk 600, cli 120). The CLI
   * runs slower in real time, so a fast clock would let simulated time race ahead of it: AWS drops a
   * terminated instance from DescribeInstances after an hour, which is 6 real seconds at 600x, and a
   * CLI run of a replacement plan can take 30.
   */
  readonly speed?: number | Partial<Record<Modality, number>>;
  /** The aws binary for the CLI modality (made visible to the agent as $CIRRO_AWS_CLI while it runs). */
  readonly awsCli?: string;
  /** Passed to every ask(): graph answers and plan rendering. */
  readonly askOptions?: Pick<AskOptions, 'graph' | 'render' | 'pollMs'>;
  /** Replaces the in-process `ask()` (the brain, awsCli and askOptions then go unused). */
  readonly execute?: AskExecutor;
  /** Each run as it finishes (progress). */
  readonly onRun?: (run: RunRecord) => void;
}

/** Tasks the options select, in suite order; throws for ids the suite does not have. */
export function selectTasks(suite: BenchSuite, taskIds: readonly string[] | undefined): BenchTask[] {
  if (!taskIds?.length) return [...suite.tasks];
  const unknown = taskIds.filter((id) => !suite.tasks.some((task) => task.id === id));
  if (unknown.length) throw new Error(`the ${suite.name} suite has no task ${unknown.join(', ')}; its tasks are ${suite.tasks.map((task) => task.id).join(', ')}`);
  return suite.tasks.filter((task) => taskIds.includes(task.id));
}

/**
 * Runs every selected task × phrasing × modality against a fresh gym world each: reset, set-up with
 * the SDK, `ask()` in-process with approval given, then the independent check.
 */
export async function runSuite(options: HarnessOptions): Promise<RunRecord[]> {
  const tasks = selectTasks(options.suite, options.taskIds);
  const gym = options.endpoint ? undefined : await Gym.start({ port: 0, host: '127.0.0.1' });
  const endpoint = options.endpoint ?? gym!.endpoint;
  const cloud = benchCloud(endpoint);
  const records: RunRecord[] = [];
  try {
    for (const modality of options.modalities) {
      await setClockSpeed(endpoint, clockSpeed(options.speed, modality));
      for (const [taskIndex, task] of tasks.entries()) {
        for (const phrasingIndex of pickPhrasings(task.phrasings.length, options.phrasingsPerTask, taskIndex)) {
          const phrasing = task.phrasings[phrasingIndex]!;
          const record = await runTask(cloud, task, phrasingIndex, modality, options.execute ?? inProcess(options));
          records.push(record);
          options.onRun?.(record);
        }
      }
    }
  } finally {
    await gym?.stop();
  }
  return records;
}

/** The in-process executor: `ask()` with approval given, signing as the gym expects. */
function inProcess(options: HarnessOptions): AskExecutor {
  return (request) => ask({
    ...request,
    brain: options.brain,
    gym: true,
    yes: true,
    ...(request.modality === 'cli' && options.awsCli ? { awsCli: options.awsCli } : {}),
    ...options.askOptions,
  });
}

/** One run on a fresh world: reset, set-up with the SDK, carry the request out, check with the SDK. */
export async function runTask(cloud: BenchCloud, task: BenchTask, phrasingIndex: number, modality: Modality, execute: AskExecutor): Promise<RunRecord> {
  const phrasing = task.phrasings[phrasingIndex]!;
  const base = {
    taskId: task.id, taskClass: task.taskClass, title: task.title, phrasingIndex, phrasing, modality,
    knownGap: gapApplies(task.knownGap, modality, phrasingIndex) ? task.knownGap!.reason : null,
  };
  const failed = (decision: RunRecord['decision'], reason: string, result?: AskResult): RunRecord => ({
    ...base, success: false, reason, decision,
    agentSteps: result?.outcome.agentSteps ?? 0, apiCalls: result?.outcome.apiCalls ?? 0, seconds: result?.outcome.seconds ?? 0,
  });
  let fixture: Fixture;
  try {
    await resetGym(cloud.endpoint);
    fixture = (await task.setup?.(cloud)) ?? {};
  } catch (error) {
    return failed('set-up-failed', `set-up failed: ${(error as Error).message}`);
  }
  let result: AskResult;
  const started = performance.now();
  try {
    result = await execute({ request: phrasing, modality, endpoint: cloud.endpoint, region: cloud.region });
  } catch (error) {
    return failed('crashed', `the request crashed: ${(error as Error).stack ?? String(error)}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const measured = { decision: result.decision, agentSteps: result.outcome.agentSteps, apiCalls: result.outcome.apiCalls, seconds };
  if (result.exitCode !== 0) {
    return { ...base, ...measured, success: false, reason: `${result.decision} (exit ${result.exitCode}): ${result.reason ?? lastLines(result.text)}` };
  }
  let problems: readonly string[];
  try {
    problems = await task.check(cloud, fixture, result);
  } catch (error) {
    problems = [`the check could not read the cloud: ${(error as Error).message}`];
  }
  return { ...base, ...measured, success: problems.length === 0, reason: problems.length ? problems.join('; ') : null };
}

/** The phrasing indexes a task runs: all, or `count` of them starting at a slot that rotates with the task. */
export function pickPhrasings(available: number, count: number | undefined, taskIndex: number): number[] {
  const take = Math.min(available, count ?? available);
  return Array.from({ length: take }, (_, offset) => (taskIndex + offset) % available).sort((a, b) => a - b);
}

/** The default clock speed per modality (see HarnessOptions.speed). */
export const DEFAULT_SPEED: Readonly<Record<Modality, number>> = { sdk: 600, cli: 120, iac: 600 };

/** The clock speed a modality runs at. */
export function clockSpeed(speed: HarnessOptions['speed'], modality: Modality): number {
  if (typeof speed === 'number') return speed;
  return speed?.[modality] ?? DEFAULT_SPEED[modality];
}

/** Sets the gym's clock speed through its admin API. */
export async function setClockSpeed(endpoint: string, speed: number): Promise<void> {
  const response = await fetch(`${endpoint}/_gym/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ speed }) });
  if (!response.ok) throw new Error(`the gym at ${endpoint} refused clock speed ${speed}: ${await response.text()}`);
}

function lastLines(text: string): string {
  return text.split('\n').filter(Boolean).slice(-2).join(' / ') || 'no output';
}
