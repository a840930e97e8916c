import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBrain } from '../../src/agent/brains.js';
import { renderGraphAnswer } from '../../src/agent/graph-answer.js';
import { runSuite, type RunRecord } from '../../src/bench/harness.js';
import { formatReport, summarize, TASK_CLASSES } from '../../src/bench/report.js';
import { studySuite } from '../../src/bench/suites/study.js';
import { AWS_CLI_INSTALL, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';

/** Asserts success rate 1.0 per task class, apart from runs the suite records as known gaps (which must show in the report). */
function assertEveryClassSucceeds(runs: readonly RunRecord[], report: string): void {
  for (const { taskClass } of TASK_CLASSES) {
    const cell = runs.filter((run) => run.taskClass === taskClass);
    assert.ok(cell.length > 0, `no ${taskClass} runs`);
    const unexpected = cell.filter((run) => !run.success && !run.knownGap);
    assert.deepEqual(unexpected.map((run) => `${run.taskId} [${run.modality}] "${run.phrasing}": ${run.reason}`), [], `${taskClass} success rate is below 1.0:\n${report}`);
  }
  for (const gap of runs.filter((run) => run.knownGap && !run.success)) assert.ok(report.includes(`known gap: ${gap.knownGap}`), `the report shows the known gap of ${gap.taskId}`);
}

describe('the study suite, in-process, against fresh gym worlds', () => {
  it('succeeds on every task class through the SDK, for every phrasing', async (context) => {
    const runs = await runSuite({ suite: studySuite, modalities: ['sdk'], brain: createBrain(), askOptions: { graph: renderGraphAnswer, pollMs: [20, 200] } });
    const report = formatReport(summarize(runs, { suite: 'study', brain: 'embedded', clock: { sdk: 600 }, awsCli: null }));
    for (const line of report.split('\n')) context.diagnostic(line);
    assert.equal(runs.length, studySuite.tasks.reduce((sum, task) => sum + task.phrasings.length, 0));
    assertEveryClassSucceeds(runs, report);
  });

  // The CLI costs about a second per call, so each task runs one phrasing here (rotating which); the
  // phrasings reach the same intents the SDK runs above cover, and `cirro bench` runs them all.
  it('succeeds on every task class through the AWS CLI, one phrasing per task', async (context) => {
    const cli = findAwsCli();
    if (!requireTool(context, !!cli, 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const runs = await runSuite({ suite: studySuite, modalities: ['cli'], brain: createBrain(), phrasingsPerTask: 1, awsCli: cli!, askOptions: { graph: renderGraphAnswer, pollMs: [20, 200] } });
    const report = formatReport(summarize(runs, { suite: 'study', brain: 'embedded', clock: { cli: 120 }, awsCli: cli! }));
    for (const line of report.split('\n')) context.diagnostic(line);
    assert.equal(runs.length, studySuite.tasks.length);
    assertEveryClassSucceeds(runs, report);
  });
});
