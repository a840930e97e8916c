import { isOutputRef, type ApiCall, type ParameterValue, type Step, type WaitSpec } from '../plan/plan.js';
import { selectAll } from '../plan/path.js';
import type { ProgressEvent, RunOptions } from './runner.js';
import type { StuckDetector, StuckSignal } from './stuck.js';
import { CallFailure, type CloudTransport } from './transport.js';

/** A step (or an undo) that cannot go on: an AWS error after retries, a bad wait, a missing output. */
export class StepFailed extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** The run was stopped because the stuck detector fired; carries its signal. */
export class StuckStop extends StepFailed {
  constructor(readonly signal: StuckSignal) {
    super('Stuck', `stopped: stuck (${signal.reason})`);
  }
}

/** Which failures a call retries, and how often. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly retryable: (failure: CallFailure) => boolean;
}

/** Values a step named in its outputs, by step id and name. */
export type StepValues = Record<string, Record<string, unknown>>;

/**
 * Makes a run's calls: resolves output references, retries with jittered backoff, counts calls, tells
 * the stuck detector each outcome, and polls waits. Shared by the forward run and the rollback.
 */
export class StepCalls {
  apiCalls = 0;
  /** Set while going forward; the rollback runs without it (undoing is never "stuck", it is best effort). */
  detector: StuckDetector | undefined;

  constructor(
    private readonly transport: CloudTransport,
    private readonly options: RunOptions,
    readonly values: StepValues,
  ) {}

  /** Makes one call (inputs resolved against the recorded values) under a retry policy. */
  async call(step: Step, apiCall: ApiCall, policy: RetryPolicy, observe?: (output: unknown) => string): Promise<unknown> {
    const input = resolve(apiCall.input, this.values) as Record<string, unknown>;
    for (let attempt = 1; ; attempt++) {
      this.apiCalls++;
      try {
        const output = await this.transport.call(apiCall.service, apiCall.operation, input);
        this.watch(apiCall, input, { ok: true, ...(observe ? { observed: observe(output) } : {}) });
        return output;
      } catch (error) {
        if (!(error instanceof CallFailure)) throw error;
        this.watch(apiCall, input, { code: error.code, message: error.message });
        if (!policy.retryable(error) || attempt >= policy.attempts) throw new StepFailed(error.code, error.message);
        const delayMs = Math.round((this.options.backoffMs ?? 200) * 2 ** (attempt - 1) * (0.5 + (this.options.random ?? Math.random)()));
        this.options.onProgress?.({ type: 'retry', step, code: error.code, attempt, delayMs });
        await sleep(delayMs);
      }
    }
  }

  /** Polls a wait's describe call until it shows the values that mean done; throws when it never will. */
  async wait(step: Step, spec: WaitSpec, policy: RetryPolicy, started: number): Promise<unknown> {
    const [firstPoll, maxPoll] = this.options.pollMs ?? [200, 2000];
    const deadline = performance.now() + spec.timeoutSeconds * 1000 * (this.options.waitScale ?? 1);
    let delay = firstPoll;
    let lastReported = 0;
    for (;;) {
      const output = await this.call(step, spec.call, policy, (result) => selectAll(result, spec.path).map(String).join(', '));
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
        this.progress({ type: 'waiting', step, description: spec.description, seconds: elapsed });
      }
      await sleep(delay);
      delay = Math.min(maxPoll, Math.round(delay * 1.5));
    }
  }

  private progress(event: ProgressEvent): void {
    this.options.onProgress?.(event);
  }

  private watch(apiCall: ApiCall, input: Record<string, unknown>, outcome: Parameters<StuckDetector['record']>[1]): void {
    const signal = this.detector?.record({ service: apiCall.service, operation: apiCall.operation, input }, outcome);
    if (signal) throw new StuckStop(signal);
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

/** Waits a while (backoff and polling). */
export function sleep(milliseconds: number): Promise<void> {
  return new Promise((done) => setTimeout(done, milliseconds));
}
