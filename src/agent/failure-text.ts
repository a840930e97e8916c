import type { RunReport } from '../exec/runner.js';

/** The lines that tell a person what a failed run did, what it did not, and where the cloud stands. */
export function describeFailure(report: RunReport): { readonly reason: string; readonly lines: readonly string[] } {
  const failedStep = report.steps.find((step) => step.status === 'failed')!;
  const done = report.steps.filter((step) => step.status === 'done');
  const notRun = report.steps.filter((step) => step.status === 'not-run');
  const reason = `Step ${failedStep.stepId} (${failedStep.action}) failed: ${failedStep.error?.code}: ${failedStep.error?.message}`;
  return {
    reason,
    lines: [
      reason,
      `Done before it: ${done.length ? done.map((step) => `${step.stepId} ${step.action}`).join('; ') : 'nothing'}.`,
      `Not run: ${notRun.length ? notRun.map((step) => `${step.stepId} ${step.action}`).join('; ') : 'nothing'}.`,
    ],
  };
}
