import { isOutputRef, type ApiCall, type ParameterValue, type Plan, type Step, type WaitSpec } from '../plan/plan.js';
import { selectAll, selectOne } from '../plan/path.js';
import { CallFailure, type CloudTransport } from './transport.js';

/** A progress line while a plan runs. */
export type ProgressEvent =
  | { readonly type: 'step-start'; readonly step: Step; readonly index: number; readonly total: number }
  | { readonly type: 'step-done'; readonly step: Step; readonly seconds: number }
  | { readonly type: 'waiting'; readonly step: Step; readonly description: string; readonly seconds: number }
  | { readonly type: 'retry'; readonly step: Step; readonly code: string; readonly attempt: number; readonly delayMs: number };

/** What happened to one step. */
export interface StepResult {
  readonly stepId: string;
  readonly action: string;
  readonly status: 'done' | 'failed' | 'not-run';
  readonly seconds: number;
  readonly error?: { readonly code: string; readonly message: string };
}

/** The outcome of running a plan. */
export interface RunReport {
  readonly status: 'succeeded' | 'failed';
  readonly steps: readonly StepResult[];
  /** Outputs of every call, by step id (the answer to a question is composed from these). */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Values a step named in its outputs, by step id and name. */
  readonly values: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Calls that reached the cloud, polling and retries included. */
  readonly apiCalls: number;
  /** Steps executed (one agent action each). */
  readonly agentSteps: number;
  readonly seconds: number;
}

/** How patient the runner is. */
export interface RunOptions {
  readonly onProgress?: (event: ProgressEvent) => void;
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
}

class StepFailed extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** Runs a plan's steps in order through a transport, waiting for each to settle; stops at the first failure. */
export async function runPlan(plan: Plan, transport: CloudTransport, options: RunOptions = {}): Promise<RunReport> {
  const started = performance.now();
  const outputs: Record<string, unknown> = {};
  const values: Record<string, Record<string, unknown>> = {};
  const results: StepResult[] = [];
  let apiCalls = 0;
  let agentSteps = 0;
  let failed = false;
  const call = async (step: Step, apiCall: ApiCall): Promise<unknown> => {
    const input = resolve(apiCall.input, values) as Record<string, unknown>;
    const attempts = options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      apiCalls++;
      try {
        return await transport.call(apiCall.service, apiCall.operation, input);
      } catch (error) {
        if (!(error instanceof CallFailure)) throw error;
        if (!error.transient || attempt >= attempts) throw new StepFailed(error.code, error.message);
        const delayMs = Math.round((options.backoffMs ?? 200) * 2 ** (attempt - 1) * (0.5 + (options.random ?? Math.random)()));
        options.onProgress?.({ type: 'retry', step, code: error.code, attempt, delayMs });
        await sleep(delayMs);
      }
    }
  };
  for (const [index, step] of plan.steps.entries()) {
    if (failed) {
      results.push({ stepId: step.id, action: step.action, status: 'not-run', seconds: 0 });
      continue;
    }
    const stepStarted = performance.now();
    options.onProgress?.({ type: 'step-start', step, index, total: plan.steps.length });
    try {
      agentSteps++;
      const output = await call(step, step.call);
      outputs[step.id] = output;
      if (step.outputs) {
        values[step.id] = {};
        for (const [name, path] of Object.entries(step.outputs)) {
          const value = selectOne(output, path);
          if (value === undefined) throw new StepFailed('MissingOutput', `${step.call.operation} returned no ${path}`);
          values[step.id]![name] = value;
        }
      }
      if (step.wait) outputs[step.id] = await wait(step, step.wait, call, options, stepStarted) ?? output;
      const seconds = (performance.now() - stepStarted) / 1000;
      results.push({ stepId: step.id, action: step.action, status: 'done', seconds });
      options.onProgress?.({ type: 'step-done', step, seconds });
    } catch (error) {
      if (!(error instanceof StepFailed)) throw error;
      failed = true;
      results.push({ stepId: step.id, action: step.action, status: 'failed', seconds: (performance.now() - stepStarted) / 1000, error: { code: error.code, message: error.message } });
    }
  }
  return { status: failed ? 'failed' : 'succeeded', steps: results, outputs, values, apiCalls, agentSteps, seconds: (performance.now() - started) / 1000 };
}

async function wait(step: Step, spec: WaitSpec, call: (step: Step, apiCall: ApiCall) => Promise<unknown>, options: RunOptions, started: number): Promise<unknown> {
  const [firstPoll, maxPoll] = options.pollMs ?? [200, 2000];
  const deadline = performance.now() + spec.timeoutSeconds * 1000 * (options.waitScale ?? 1);
  let delay = firstPoll;
  let lastReported = 0;
  for (;;) {
    const output = await call(step, spec.call);
    const found = selectAll(output, spec.path).map(String);
    const bad = found.find((value) => spec.failOn?.includes(value));
    if (bad) throw new StepFailed('WaitFailed', `${spec.description}: it became ${bad} instead`);
    if (found.length > 0 && found.every((value) => spec.until.map(String).includes(value))) return output;
    const elapsed = (performance.now() - started) / 1000;
    if (performance.now() > deadline) {
      throw new StepFailed('WaitTimeout', `gave up waiting for ${spec.description} after ${Math.round(elapsed)} s (last seen: ${found.join(', ') || 'nothing'})`);
    }
    if (elapsed - lastReported >= 2) {
      lastReported = elapsed;
      options.onProgress?.({ type: 'waiting', step, description: spec.description, seconds: elapsed });
    }
    await sleep(delay);
    delay = Math.min(maxPoll, Math.round(delay * 1.5));
  }
}

/** Replaces output references with the values earlier steps produced. */
export function resolve(value: ParameterValue, values: Readonly<Record<string, Readonly<Record<string, unknown>>>>): unknown {
  if (isOutputRef(value)) {
    const found = values[value.$ref]?.[value.output];
    if (found === undefined) throw new StepFailed('MissingOutput', `step ${value.$ref} produced no ${value.output}`);
    return found;
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, values));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = resolve(item as ParameterValue, values);
    return out;
  }
  return value;
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((done) => setTimeout(done, milliseconds));
}
