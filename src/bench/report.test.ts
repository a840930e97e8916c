import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord } from './harness.js';
import { formatReport, summarize } from './report.js';

const run = (overrides: Partial<RunRecord>): RunRecord => ({
  taskId: 'provision-one-vm', taskClass: 'provisioning', title: 'one VM', phrasingIndex: 0, phrasing: 'launch web-1', modality: 'sdk',
  success: true, reason: null, knownGap: null, decision: 'executed', agentSteps: 2, apiCalls: 10, seconds: 0.5, ...overrides,
});

describe('the bench report', () => {
  const runs = [
    run({ agentSteps: 2 }),
    run({ agentSteps: 4, phrasingIndex: 1 }),
    run({ success: false, reason: 'web-1 is pending, expected running', agentSteps: 9, phrasingIndex: 2 }),
    run({ taskClass: 'monitoring', taskId: 'monitor-status', agentSteps: 1 }),
    run({ modality: 'cli', agentSteps: 3, seconds: 4 }),
  ];
  const report = summarize(runs, { suite: 'study', brain: 'embedded', clock: { sdk: 600, cli: 60 }, awsCli: '/usr/bin/aws (aws-cli/2.9.19)' });

  it('gives success rate per class and modality, and mean steps over successful runs only (as the study counts them)', () => {
    const provisioning = report.rows.find((row) => row.modality === 'sdk' && row.taskClass === 'provisioning')!;
    assert.equal(provisioning.runs, 3);
    assert.equal(provisioning.successes, 2);
    assert.equal(provisioning.successRate, 0.667);
    assert.equal(provisioning.meanAgentSteps, 3);
    assert.equal(report.rows.find((row) => row.modality === 'sdk' && row.taskClass === 'update'), undefined);
    assert.equal(report.rows.find((row) => row.modality === 'cli' && row.taskClass === 'provisioning')!.meanSeconds, 4);
  });

  it('prints the table, the clock and the CLI used, and every failure with its reason', () => {
    const text = formatReport(report);
    assert.match(text, /Agent\s+Provisioning SR\s+#steps\s+Monitoring SR\s+#steps\n/, 'a class nobody ran (updates) gets no column');
    assert.match(text, /cirro sdk\s+0\.67 \(2\/3\)\s+3\.0\s+1\.00 \(1\/1\)\s+1\.0\n/);
    assert.match(text, /cirro cli\s+1\.00 \(1\/1\)\s+3\.0\s+-\s+-\n/);
    assert.match(text, /600x for sdk, 60x for cli/);
    assert.match(text, /aws-cli\/2\.9\.19/);
    assert.match(text, /Failures \(1\):\n {2}provision-one-vm \[sdk\] "launch web-1": web-1 is pending, expected running/);
  });
});
