import type { ApiCall, OutputCheck, Plan, Step } from '../plan/plan.js';
import { selectAll, selectOne } from '../plan/path.js';
import { rollBack, type AppliedStep, type JournalEntry, type RollbackReport } from './rollback.js';
import { resolve, StepCalls, StepFailed, StuckStop, type RetryPolicy } from './step-calls.js';
import { createStuckDetector, type StuckSignal } from './stuck.js';
import type { CloudTransport } from './transport.js';

export { resolve } from './step-calls.js';
export type { JournalEntry, RollbackReport, UndoResult } from './rollback.js';

/** A progress line while a plan runs or rolls back. */
export type ProgressEvent =
  | { readonly type: 'step-start'; readonly step: Step; readonly index: number; readonly total: number }
  | { readonly type: 'step-done'; readonly step: Step; readonly seconds: number }
  | { readonly type: 'waiting'; readonly step: Step; readonly description: string; readonly seconds: number }
  | { readonly type: 'retry'; readonly step: Step; readonly code: string; readonly attempt: number; readonly delayMs: number }
  | { readonly type: 'rollback-start'; readonly count: number }
  | { readonly type: 'undo'; readonly step: Step; readonly call: ApiCall; readonly seconds: number }
  | { readonly type: 'undo-failed'; readonly step: Step; readonly code: string; readonly message: string };

/** What happened to one step. */
export interface StepResult {
  readonly stepId: string;
  readonly action: string;
  readonly status: 'done' | 'failed' | 'not-run';
  readonly seconds: number;
  readonly error?: { readonly code: string; readonly message: string };
  /** On a failed step: its call went through (the wait or an output failed), so it changed the cloud. */
  readonly applied?: boolean;
}

/**
 * How a run ended: every step done; a step failed and nothing had changed (or rollback was off);
 * a step failed and every change was undone; or some change could not be undone.
 */
export type RunStatus = 'succeeded' | 'failed' | 'rolled-back' | 'rollback-failed';

/** The outcome of running a plan. */
export interface RunReport {
  readonly status: RunStatus;
  readonly steps: readonly StepResult[];
  /** Outputs of every call, by step id (the answer to a question is composed from these). */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Values a step named in its outputs, by step id and name. */
  readonly values: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Calls that reached the cloud, polling, retries and undo included. */
  readonly apiCalls: number;
  /** Steps executed (one agent action each). */
  readonly agentSteps: number;
  readonly seconds: number;
  /** What the rollback did, newest step first; present after a failure unless rollback was off (empty: nothing had changed). */
  readonly rollback?: RollbackReport;
  /** Present when the run stopped because it was going nowhere. */
  readonly stuck?: StuckSignal;
}

/** How patient the runner is, and what it does on failure. */
export interface RunOptions {
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Each step that changed the cloud, with its resolved undo, as soon as its call succeeded (for the audit log). */
  readonly onJournal?: (entry: JournalEntry) => void;
  /** Attempts per call for throttling and transient errors (default 5). */
  readonly maxAttempts?: number;
  /** First backoff delay; doubles each attempt, with jitter (default 200 ms). */
  readonly backoffMs?: number;
  /** Polling interval bounds for waits (default 200 ms growing to 2 s). */
  readonly pollMs?: readonly [number, number];
  /** Scales every wait's timeout (tests shorten them). */
  readonly waitScale?: number;
  /** Seeded randomness for jitter (default Math.random). */
  readonly random?: () => number;
  /** Undo the applied steps when a step fails for good (default true). */
  readonly rollback?: boolean;
  /**
   * Where undo calls go (default: the plan's own transport). Cirro passes the SDK when a plan runs
   * through the CLI: a rollback is Cirro's own transaction and must not hinge on the installed CLI
   * knowing every newer API member (DeregisterImage DeleteAssociatedSnapshots needs CLI 2.22 or later).
   */
  readonly undoTransport?: CloudTransport;
  /** When to stop a run as stuck (default: 8 identical failures, or 30 min without progress); false turns it off. */
  readonly stuck?: { readonly maxRepeats?: number; readonly stallSeconds?: number } | false;
  /** Milliseconds from a fixed origin, for stall detection (default performance.now). */
  readonly now?: () => number;
}

/** The runner's own stuck limits: above its retries, and longer than any wait it expects to settle. */
const STUCK_DEFAULTS = { maxRepeats: 8, stallSeconds: 30 * 60 } as const;

/**
 * Runs a plan's steps in order through a transport, waiting for each to settle. At the first step that
 * fails for good (or when the run is stuck) it stops and, unless told not to, undoes what it applied.
 */
export async function runPlan(plan: Plan, transport: CloudTransport, options: RunOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const outputs: Record<string, unknown> = {};
  const calls = new StepCalls(transport, options, {});
  if (options.stuck !== false) calls.detector = createStuckDetector({ ...STUCK_DEFAULTS, ...options.stuck, ...(options.now ? { now: options.now } : {}) });
  const forward: RetryPolicy = { attempts: options.maxAttempts ?? 5, retryable: (failure) => failure.transient };
  const results: StepResult[] = [];
  const applied: AppliedStep[] = [];
  let agentSteps = 0;
  let failure: StepFailed | undefined;
  let waitingFor: string | undefined;
  for (const [index, step] of plan.steps.entries()) {
    if (failure) {
      results.push({ stepId: step.id, action: step.action, status: 'not-run', seconds: 0 });
      continue;
    }
    const stepStarted = performance.now();
    options.onProgress?.({ type: 'step-start', step, index, total: plan.steps.length });
    try {
      agentSteps++;
      const output = await calls.call(step, step.call, forward);
      outputs[step.id] = output;
      const missing = keepOutputs(step, output, calls.values);
      if (step.effect !== 'read') applied.push(journal(step, calls.values, options, missing));
      if (missing) throw missing;
      if (step.wait) {
        waitingFor = step.wait.description;
        outputs[step.id] = (await calls.wait(step, step.wait, forward, stepStarted)) ?? output;
        waitingFor = undefined;
      }
      if (step.check) checkOutput(step.check, outputs[step.id]);
      const done = applied.at(-1);
      if (step.irreversibleOnceDone && done?.step === step) {
        // Completed: the inverse that undid it failing midway no longer applies.
        const { inverse: _gone, ...entry } = done.entry;
        applied[applied.length - 1] = { ...done, entry: { ...entry, irreversible: step.irreversibleOnceDone } };
      }
      const seconds = (performance.now() - stepStarted) / 1000;
      results.push({ stepId: step.id, action: step.action, status: 'done', seconds });
      options.onProgress?.({ type: 'step-done', step, seconds });
    } catch (error) {
      if (!(error instanceof StepFailed)) throw error;
      failure = error;
      const seconds = (performance.now() - stepStarted) / 1000;
      const wasApplied = applied.at(-1)?.step === step;
      results.push({ stepId: step.id, action: step.action, status: 'failed', seconds, error: { code: error.code, message: error.message }, ...(wasApplied ? { applied: true } : {}) });
    }
  }
  calls.detector = undefined;
  const stuck = failure instanceof StuckStop ? stuckSummary(failure, results, plan.steps.length, waitingFor) : undefined;
  const rollback = failure && options.rollback !== false ? (applied.length > 0 ? await rollBack(applied, options.undoTransport ? new StepCalls(options.undoTransport, options, {}) : calls, options) : { steps: [] }) : undefined;
  return {
    status: runStatus(failure, rollback),
    steps: results,
    outputs,
    values: calls.values,
    apiCalls: calls.apiCalls,
    agentSteps,
    seconds: (performance.now() - started) / 1000,
    ...(rollback ? { rollback } : {}),
    ...(stuck ? { stuck } : {}),
  };
}

/** Fails the step when its output breaks the check (an item flagged that the plan did not allow). */
function checkOutput(check: OutputCheck, output: unknown): void {
  const offending = selectAll(output, check.items)
    .map((item) => ({ key: String(selectOne(item, check.key)), flag: String(selectOne(item, check.flag)) }))
    .filter((item) => check.flagged.includes(item.flag) && !check.allowed.includes(item.key))
    .map((item) => `${item.key} (${item.flag})`);
  if (offending.length > 0) throw new StepFailed('CheckFailed', `${check.description}: ${offending.join(', ')}`);
}

function runStatus(failure: StepFailed | undefined, rollback: RollbackReport | undefined): RunStatus {
  if (!failure) return 'succeeded';
  if (!rollback || rollback.steps.length === 0) return 'failed';
  return rollback.steps.every((step) => step.status === 'undone') ? 'rolled-back' : 'rollback-failed';
}

/** Records the step's named outputs; returns (not throws) the failure when one is missing, since the call already changed the cloud. */
function keepOutputs(step: Step, output: unknown, values: Record<string, Record<string, unknown>>): StepFailed | undefined {
  if (!step.outputs) return undefined;
  values[step.id] = {};
  for (const [name, path] of Object.entries(step.outputs)) {
    const value = selectOne(output, path);
    if (value === undefined) return new StepFailed('MissingOutput', `${step.call.operation} returned no ${path}`);
    values[step.id]![name] = value;
  }
  return undefined;
}

/** Journals an applied step with its undo resolved against what it returned, and hands the entry to the caller. */
function journal(step: Step, values: Record<string, Record<string, unknown>>, options: RunOptions, missing: StepFailed | undefined): AppliedStep {
  let inverse: ApiCall | undefined;
  let inverseProblem: string | undefined;
  if (step.inverse) {
    try {
      inverse = { ...step.inverse, input: resolve(step.inverse.input, values) as ApiCall['input'] };
    } catch (error) {
      if (!(error instanceof StepFailed)) throw error;
      inverseProblem = `its undo (${step.inverse.operation}) needs a value the step did not return: ${missing?.message ?? error.message}`;
    }
  }
  const entry: JournalEntry = {
    stepId: step.id,
    action: step.action,
    call: { ...step.call, input: resolve(step.call.input, values) as ApiCall['input'] },
    ...(inverse ? { inverse } : {}),
    ...(step.irreversible ? { irreversible: step.irreversible } : {}),
  };
  options.onJournal?.(entry);
  return { step, entry, ...(inverseProblem ? { inverseProblem } : {}), ...resourceOf(step, values) };
}

/** The id of what a step touched: the one it names, or the first id-like value it returned. */
function resourceOf(step: Step, values: Record<string, Record<string, unknown>>): { resource?: string } {
  if (step.resource.id) return { resource: step.resource.id };
  const made = Object.values(values[step.id] ?? {}).find((value) => typeof value === 'string' && /^(arn:|[a-z]+-[0-9a-f]{8,})/.test(value));
  return typeof made === 'string' ? { resource: made } : step.resource.name ? { resource: step.resource.name } : {};
}

/** Where a stuck run stood: steps done, the last error, what it waited for. */
function stuckSummary(stop: StuckStop, results: readonly StepResult[], total: number, waitingFor: string | undefined): StuckSignal {
  const done = results.filter((result) => result.status === 'done').length;
  return {
    reason: stop.signal.reason,
    summary: [`${done} of ${total} steps done`, stop.signal.summary, ...(waitingFor ? [`was waiting for ${waitingFor}`] : [])].join('; '),
  };
}
