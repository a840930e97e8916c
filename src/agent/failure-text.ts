import { cliOperation } from '../exec/cli-transport.js';
import type { ProgressEvent, RunReport, UndoResult } from '../exec/runner.js';

/** How a failed run left the cloud: as it was (rolled back), partly changed, or failed with nothing to undo. */
export type FailureStatus = 'rolled-back' | 'rollback-failed' | 'failed';

/** What a person reads after a failed run. */
export interface FailureDescription {
  readonly status: FailureStatus;
  /** One line: what failed and why (or that the run was stuck). */
  readonly reason: string;
  readonly lines: readonly string[];
}

/**
 * The lines that tell a person what failed and why, what was undone, what could not be undone (by id,
 * with the fix), and whether the cloud is as it was or what remains changed.
 */
export function describeFailure(report: RunReport): FailureDescription {
  const failedStep = report.steps.find((step) => step.status === 'failed');
  const done = report.steps.filter((step) => step.status === 'done');
  const notRun = report.steps.filter((step) => step.status === 'not-run');
  const failedText = failedStep ? `Step ${failedStep.stepId} (${failedStep.action}) failed: ${failedStep.error?.code}: ${failedStep.error?.message}` : 'The run failed';
  const reason = report.stuck ? `stopped: stuck (${report.stuck.reason}) — handing back to you` : failedText;
  const lines: string[] = [];
  if (report.stuck) lines.push(`${reason}.`, `  where it stood: ${report.stuck.summary}.`);
  lines.push(failedText);
  const status: FailureStatus = report.status === 'rolled-back' || report.status === 'rollback-failed' ? report.status : 'failed';
  const rollback = report.rollback;
  if (!rollback) {
    lines.push(`Done before it, and left in place (rollback was off): ${list(done)}.`);
    if (failedStep?.applied) lines.push(`${failedStep.stepId}'s own call went through before it failed, so its change is in place too.`);
  } else if (rollback.steps.length === 0) {
    lines.push('Nothing had been changed when it failed: the cloud is as it was.');
  } else {
    const undone = rollback.steps.filter((step) => step.status === 'undone');
    const left = rollback.steps.filter((step) => step.status !== 'undone');
    lines.push(undone.length ? `Rolled back, newest first: ${undone.map((step) => `undid ${step.stepId} (${step.action})`).join('; ')}.` : 'Rollback could undo none of the changes.');
    if (left.length === 0) {
      lines.push('The cloud is as it was before the plan.');
    } else {
      lines.push('Could not undo:');
      for (const step of left) lines.push(`  - ${step.stepId} ${step.action}${step.resource ? ` (${step.resource})` : ''}: ${step.error?.message ?? 'no undo'}. Fix: ${fixFor(step)}`);
      lines.push(`What remains changed: ${left.map((step) => step.resource ?? step.stepId).join(', ')}; everything else is as it was.`);
    }
  }
  if (notRun.length) lines.push(`Not run: ${list(notRun)}.`);
  return { status, reason, lines };
}

/** The progress line for a rollback event; undefined for the events of a forward run. */
export function rollbackProgressLine(event: ProgressEvent): string | undefined {
  switch (event.type) {
    case 'rollback-start': return `Rolling back ${event.count} applied step${event.count === 1 ? '' : 's'}, newest first`;
    case 'undo': return `      undid ${event.step.id} (${event.step.action}) with ${event.call.operation} (${event.seconds.toFixed(1)} s)`;
    case 'undo-failed': return `      could not undo ${event.step.id} (${event.step.action}): ${event.code}: ${event.message}`;
    default: return undefined;
  }
}

/** What a person does about a change Cirro could not undo. */
function fixFor(step: UndoResult): string {
  const what = step.resource ?? `what ${step.stepId} changed`;
  if (step.status === 'failed' && step.inverse) {
    const input = JSON.stringify(step.inverse.input).replace(/'/g, "'\\''");
    return `once the cause above is cleared, undo it yourself: aws ${step.inverse.service} ${cliOperation(step.inverse.operation)} --cli-input-json '${input}'`;
  }
  if (step.error?.code === 'Irreversible') return `${what} cannot be brought back by Cirro; recreate it (or restore it from a backup) if you need it.`;
  if (/^(launch|create|allocate|register|attach|add|open)/i.test(step.action)) return `remove ${what} yourself if you do not want it kept.`;
  return `check ${what} and change it back by hand if you need the old state.`;
}

function list(steps: readonly { stepId: string; action: string }[]): string {
  return steps.length ? steps.map((step) => `${step.stepId} ${step.action}`).join('; ') : 'nothing';
}
