import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord } from './harness.js';
import { formatReport, summarize } from './report.js';

const run = (overrides: Partial<RunRecord>): RunRecord => ({
  taskId: 'provision-one-vm', taskClass: 'provisioning', title: 'one VM', phrasingIndex: 0, phrasing: 'launch web-1', modality: 'sdk',
  trial: 0, success: true, reason: null, knownGap: null, decision: 'executed', agentSteps: 2, apiCalls: 10, wire: { calls: 12, injected: 0 }, tokens: null, costUsd: null,
  seconds: 0.5, ...overrides,
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

  it('GIVEN trials THEN it reports pass@k and pass^k per class, averaged over tasks, and the study\'s rows beside ours', () => {
    const trials = [
      run({ trial: 0 }), run({ trial: 1, success: false, reason: 'no' }),
      run({ taskId: 'provision-three-vms', trial: 0 }), run({ taskId: 'provision-three-vms', trial: 1 }),
    ];
    const withTrials = summarize(trials, { suite: 'study', brain: 'embedded', clock: { sdk: 600 }, awsCli: null, trials: { mode: 'trials', trials: 2, seed: 1, k: 2 } });
    const row = withTrials.rows[0]!;
    assert.equal(row.tasks, 2);
    assert.equal(row.passAtK, 1, 'each task passed at least once in its 2 trials');
    assert.equal(row.passHatK, 0.5, 'one task of two passed both');
    const text = formatReport(withTrials);
    assert.match(text, /pass@2 \(some of 2 trials passes\) and pass\^2 \(all 2 pass\)/);
    assert.match(text, /cirro sdk\s+1\.00\s+0\.50\n/);
    assert.match(text, /study: SDK agent\s+0\.67\s+4\.50\n/);
    assert.match(text, /trial 2 "launch web-1": no/);
  });

  it('GIVEN a fault-mode run and its clean baseline THEN it shows the extra requests and seconds recovery cost', () => {
    const clean = [run({ wire: { calls: 10, injected: 0 }, seconds: 1 })];
    const faulted = [run({ wire: { calls: 14, injected: 3 }, seconds: 1.5 })];
    const withFaults = summarize(faulted, { suite: 'study', brain: 'embedded', clock: { sdk: 600 }, awsCli: null, faults: { rate: 0.1, seed: 1 }, baselineRuns: clean });
    assert.equal(withFaults.rows[0]!.meanWireCalls, 14);
    assert.equal(withFaults.baseline![0]!.meanWireCalls, 10);
    const text = formatReport(withFaults);
    assert.match(text, /10% of changing calls throttled, 5% of calls failing with 500, seed 1/);
    assert.match(text, /cirro sdk\s+provisioning\s+1\.00\s+1\.00\s+10\.0\s+14\.0\s+\+4\.0\s+3\.0\s+1\.00\s+1\.50\s+\+0\.50/);
  });
});
