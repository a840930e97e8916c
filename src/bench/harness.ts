import type { AskOptions } from '../agent/ask.js';
import type { Brain } from '../agent/brain/brain.js';
import type { Modality } from '../agent/router.js';
import type { TaskClass } from '../plan/intent.js';
import { Gym } from '../gym/gym.js';
import type { AgentRequest, AgentRun, BenchAgent, TokenCount } from './agents/bench-agent.js';
import { askAgent, type AskExecutor } from './agents/embedded-agent.js';
import { benchCloud, resetGym, type BenchCloud } from './bench-cloud.js';
import { armFaults, disarmFaults, faultRules, type FaultMode, type WireCount } from './fault-mode.js';
import { gapApplies, type BenchSuite, type BenchTask, type Fixture } from './task.js';
import { planTrials, type TrialMode } from './trials.js';

export type { AskExecutor } from './agents/embedded-agent.js';
export { pickPhrasings } from './trials.js';

/** One request to carry out, as the harness hands it to an executor. */
export type AskRequest = AgentRequest;

/** One trial of a task in a modality, as it went. */
export interface RunRecord {
  readonly taskId: string;
  readonly taskClass: TaskClass;
  readonly title: string;
  /** 0-based, per task and modality. */
  readonly trial: number;
  readonly phrasingIndex: number;
  readonly phrasing: string;
  readonly modality: Modality;
  readonly success: boolean;
  /** Why it failed (the agent's own reason, or what the independent check found). */
  readonly reason: string | null;
  /** The suite expects this run to fail, for this reason. */
  readonly knownGap: string | null;
  readonly decision: string;
  readonly agentSteps: number;
  /** API calls the agent counted. */
  readonly apiCalls: number;
  /** Requests the gym answered while the agent ran (retries included), and how many it failed on purpose. */
  readonly wire: WireCount | null;
  readonly tokens: TokenCount | null;
  readonly costUsd: number | null;
  /** Wall time of the agent's run alone (set-up and check excluded). */
  readonly seconds: number;
}

/** What to run, and with what. */
export interface HarnessOptions {
  readonly suite: BenchSuite;
  readonly modalities: readonly Modality[];
  /** The agent to run; without one, `ask()` with `brain` (the embedded brain, as `cirro ask`). */
  readonly agent?: BenchAgent;
  readonly brain?: Brain;
  /** Only these task ids (default: all). */
  readonly taskIds?: readonly string[];
  /** How each task's runs are chosen (default: every phrasing once, capped by phrasingsPerTask). */
  readonly trials?: TrialMode;
  /** Shorthand for `trials: { type: 'phrasings', phrasingsPerTask }`. */
  readonly phrasingsPerTask?: number;
  /** A run that takes more agent steps than this fails (default 100, the study's limit). */
  readonly stepLimit?: number;
  /** Throttle and fail a seeded share of calls while each agent runs. */
  readonly faults?: FaultMode;
  /** A gym to use; without one the harness starts its own, in-process. */
  readonly endpoint?: string;
  /**
   * Simulated seconds per real second while each modality runs (default: sdk 600, cli 120). The CLI
   * runs slower in real time, so a fast clock would let simulated time race ahead of it: AWS drops a
   * terminated instance from DescribeInstances after an hour, which is 6 real seconds at 600x, and a
   * CLI run of a replacement plan can take 30.
   */
  readonly speed?: number | Partial<Record<Modality, number>>;
  /** The aws binary for the CLI modality (for the default agent). */
  readonly awsCli?: string;
  /** Passed to every ask() of the default agent: graph answers and plan rendering. */
  readonly askOptions?: Pick<AskOptions, 'graph' | 'render' | 'pollMs'>;
  /** Replaces the default agent's in-process `ask()` (bench/ask runs `cirro ask` as a process). */
  readonly execute?: AskExecutor;
  /** Each run as it finishes (progress). */
  readonly onRun?: (run: RunRecord) => void;
}

/** The study's step limit: a run that needs more agent actions than this fails. */
export const DEFAULT_STEP_LIMIT = 100;

/** Tasks the options select, in suite order; throws for ids the suite does not have. */
export function selectTasks(suite: BenchSuite, taskIds: readonly string[] | undefined): BenchTask[] {
  if (!taskIds?.length) return [...suite.tasks];
  const unknown = taskIds.filter((id) => !suite.tasks.some((task) => task.id === id));
  if (unknown.length) throw new Error(`the ${suite.name} suite has no task ${unknown.join(', ')}; its tasks are ${suite.tasks.map((task) => task.id).join(', ')}`);
  return suite.tasks.filter((task) => taskIds.includes(task.id));
}

/** The agent the options name: theirs, or `ask()` with their brain. */
function agentOf(options: HarnessOptions): BenchAgent {
  if (options.agent) return options.agent;
  if (!options.brain && !options.execute) throw new Error('runSuite needs an agent, a brain or an executor');
  return askAgent({
    brain: options.brain!,
    ...(options.awsCli ? { awsCli: options.awsCli } : {}),
    ...(options.askOptions ? { askOptions: options.askOptions } : {}),
    ...(options.execute ? { execute: options.execute } : {}),
  });
}

/**
 * Runs every selected task × trial × modality against a fresh gym world each: reset, set-up with the
 * SDK, the agent's run (with faults armed in fault mode), then the independent check.
 */
export async function runSuite(options: HarnessOptions): Promise<RunRecord[]> {
  const tasks = selectTasks(options.suite, options.taskIds);
  const agent = agentOf(options);
  const mode: TrialMode = options.trials ?? { type: 'phrasings', phrasingsPerTask: options.phrasingsPerTask };
  const gym = options.endpoint ? undefined : await Gym.start({ port: 0, host: '127.0.0.1' });
  const endpoint = options.endpoint ?? gym!.endpoint;
  const cloud = benchCloud(endpoint);
  const records: RunRecord[] = [];
  try {
    for (const modality of options.modalities) {
      await setClockSpeed(endpoint, clockSpeed(options.speed, modality));
      for (const [taskIndex, task] of tasks.entries()) {
        for (const { trial, phrasingIndex } of planTrials(task, taskIndex, mode)) {
          const record = await runTask(cloud, task, { trial, phrasingIndex, modality, agent, stepLimit: options.stepLimit ?? DEFAULT_STEP_LIMIT, ...(options.faults ? { faults: options.faults } : {}) });
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

/** One run to make. */
export interface TaskRun {
  readonly trial: number;
  readonly phrasingIndex: number;
  readonly modality: Modality;
  readonly agent: BenchAgent;
  readonly stepLimit: number;
  readonly faults?: FaultMode;
}

/** One run on a fresh world: reset, set-up with the SDK, the agent's run, check with the SDK. */
export async function runTask(cloud: BenchCloud, task: BenchTask, run: TaskRun): Promise<RunRecord> {
  const { trial, phrasingIndex, modality } = run;
  const phrasing = task.phrasings[phrasingIndex]!;
  const base = {
    taskId: task.id, taskClass: task.taskClass, title: task.title, trial, phrasingIndex, phrasing, modality,
    knownGap: gapApplies(task.knownGap, modality, phrasingIndex) ? task.knownGap!.reason : null,
  };
  const failed = (decision: string, reason: string, wire: WireCount | null = null, seconds = 0): RunRecord => ({
    ...base, success: false, reason, decision, agentSteps: 0, apiCalls: 0, wire, tokens: null, costUsd: null, seconds,
  });
  let fixture: Fixture;
  try {
    await resetGym(cloud.endpoint);
    fixture = (await task.setup?.(cloud)) ?? {};
    await armFaults(cloud.endpoint, run.faults ? faultRules(run.faults, task.id, modality, trial) : []);
  } catch (error) {
    return failed('set-up-failed', `set-up failed: ${(error as Error).message}`);
  }
  let result: AgentRun;
  const started = performance.now();
  try {
    result = await run.agent.run({ request: phrasing, modality, endpoint: cloud.endpoint, region: cloud.region });
  } catch (error) {
    // A crash is a failed run, not a broken benchmark: keep what it cost and go on.
    const seconds = (performance.now() - started) / 1000;
    return failed('crashed', `the request crashed: ${(error as Error).stack ?? String(error)}`, await disarmFaults(cloud.endpoint).catch(() => null), seconds);
  }
  const wire = await disarmFaults(cloud.endpoint);
  const measured = {
    decision: result.decision, agentSteps: result.agentSteps, apiCalls: result.apiCalls, wire, tokens: result.tokens, costUsd: result.costUsd, seconds: result.seconds,
  };
  if (result.exitCode !== 0) {
    return { ...base, ...measured, success: false, reason: `${result.decision} (exit ${result.exitCode}): ${result.reason ?? 'no reason given'}` };
  }
  if (result.agentSteps > run.stepLimit) {
    return { ...base, ...measured, success: false, reason: `took ${result.agentSteps} agent steps, over the limit of ${run.stepLimit}` };
  }
  let problems: readonly string[];
  try {
    problems = await task.check(cloud, fixture, result);
  } catch (error) {
    problems = [`the check could not read the cloud: ${(error as Error).message}`];
  }
  return { ...base, ...measured, success: problems.length === 0, reason: problems.length ? problems.join('; ') : null };
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
