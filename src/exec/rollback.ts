import type { ApiCall, Step } from '../plan/plan.js';
import type { ProgressEvent, RunOptions } from './runner.js';
import { StepFailed, type RetryPolicy, type StepCalls } from './step-calls.js';

/** One completed step as the journal keeps it: the call made and the call that undoes it, both resolved. */
export interface JournalEntry {
  readonly stepId: string;
  readonly action: string;
  readonly call: ApiCall;
  /** The undo, with references to the step's own outputs filled in; absent when there is none. */
  readonly inverse?: ApiCall;
  /** Why the step cannot be undone, when the plan says so. */
  readonly irreversible?: string;
}

/** A step that changed the cloud (its call succeeded), with its journal entry. */
export interface AppliedStep {
  readonly step: Step;
  readonly entry: JournalEntry;
  /** Why the inverse could not be resolved (the step did not return what it needs). */
  readonly inverseProblem?: string;
  /** The id of what the step made or changed, for the person who has to clean up. */
  readonly resource?: string;
}

/** What rollback did to one applied step. */
export interface UndoResult {
  readonly stepId: string;
  readonly action: string;
  readonly status: 'undone' | 'failed' | 'cannot-undo';
  readonly error?: { readonly code: string; readonly message: string };
  /** The id of what the step made or changed (what remains when it was not undone). */
  readonly resource?: string;
  /** The resolved undo call, so a person can run it by hand when it failed. */
  readonly inverse?: ApiCall;
}

/** What a rollback did, step by step, in the order it undid them (the reverse of the plan). */
export interface RollbackReport {
  readonly steps: readonly UndoResult[];
}

/**
 * Error codes an undo retries besides throttling and 5xx: AWS answers DependencyViolation while a
 * terminating instance still holds a group, and ResourceInUse while a deleted listener lets go of its
 * target group.
 */
const UNDO_RETRY_CODES = new Set(['DependencyViolation', 'ResourceInUse']);

/**
 * Error codes that mean the undo's work is already done: AWS deletes a stack's change sets once one of
 * them is executed, so deleting the change set a rolled-back plan made finds it gone.
 */
const ALREADY_UNDONE_CODES = new Set(['ChangeSetNotFound', 'ChangeSetNotFoundException']);

/** Undoes applied steps in reverse order: each inverse, then its wait; continues past failures. */
export async function rollBack(applied: readonly AppliedStep[], calls: StepCalls, options: RunOptions): Promise<RollbackReport> {
  const policy: RetryPolicy = {
    attempts: Math.max(options.maxAttempts ?? 5, 6),
    retryable: (failure) => failure.transient || UNDO_RETRY_CODES.has(failure.code),
  };
  const changing = applied.filter((done) => done.step.effect !== 'read');
  options.onProgress?.({ type: 'rollback-start', count: changing.length });
  const results: UndoResult[] = [];
  for (const done of [...changing].reverse()) results.push(await undo(done, calls, policy, options));
  return { steps: results };
}

async function undo(done: AppliedStep, calls: StepCalls, policy: RetryPolicy, options: RunOptions): Promise<UndoResult> {
  const { step, entry } = done;
  const base = { stepId: step.id, action: step.action, ...(done.resource ? { resource: done.resource } : {}) };
  const progress = (event: ProgressEvent) => options.onProgress?.(event);
  if (!entry.inverse) {
    const code = entry.irreversible ? 'Irreversible' : 'CannotUndo';
    const message = entry.irreversible ?? done.inverseProblem ?? `Cirro knows no call that undoes ${step.call.operation}`;
    progress({ type: 'undo-failed', step, code, message });
    return { ...base, status: 'cannot-undo', error: { code, message } };
  }
  const started = performance.now();
  try {
    await calls.call(step, entry.inverse, policy);
    if (step.inverseWait) await calls.wait(step, step.inverseWait, policy, started);
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    if (ALREADY_UNDONE_CODES.has(error.code)) return { ...base, status: 'undone', inverse: entry.inverse };
    progress({ type: 'undo-failed', step, code: error.code, message: error.message });
    return { ...base, status: 'failed', error: { code: error.code, message: error.message }, inverse: entry.inverse };
  }
  progress({ type: 'undo', step, call: entry.inverse, seconds: (performance.now() - started) / 1000 });
  return { ...base, status: 'undone', inverse: entry.inverse };
}
