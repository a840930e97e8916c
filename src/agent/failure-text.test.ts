import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunReport, StepResult } from '../exec/runner.js';
import { describeFailure } from './failure-text.js';

const steps: StepResult[] = [
  { stepId: 's1', action: 'launch web-1', status: 'done', seconds: 1 },
  { stepId: 's2', action: 'create volume data-1', status: 'done', seconds: 1 },
  { stepId: 's3', action: 'attach data-1 to web-1', status: 'failed', seconds: 1, error: { code: 'InvalidParameterValue', message: 'device /dev/sdf is taken' } },
  { stepId: 's4', action: 'tag web-1', status: 'not-run', seconds: 0 },
];

function report(fields: Partial<RunReport>): RunReport {
  return { status: 'failed', steps, outputs: {}, values: {}, apiCalls: 5, agentSteps: 3, seconds: 2, ...fields };
}

const text = (lines: readonly string[]) => lines.join('\n');

describe('the failure text', () => {
  it('says what failed, what was undone, and that the cloud is as it was', () => {
    const failure = describeFailure(report({
      status: 'rolled-back',
      rollback: { steps: [{ stepId: 's2', action: 'create volume data-1', status: 'undone', resource: 'vol-1' }, { stepId: 's1', action: 'launch web-1', status: 'undone', resource: 'i-1' }] },
    }));
    assert.equal(failure.status, 'rolled-back');
    assert.equal(failure.reason, 'Step s3 (attach data-1 to web-1) failed: InvalidParameterValue: device /dev/sdf is taken');
    assert.match(text(failure.lines), /Rolled back, newest first: undid s2 \(create volume data-1\); undid s1 \(launch web-1\)\./);
    assert.match(text(failure.lines), /The cloud is as it was before the plan\./);
    assert.match(text(failure.lines), /Not run: s4 tag web-1\./);
  });

  it('names what could not be undone by id, with a fix, and what remains', () => {
    const failure = describeFailure(report({
      status: 'rollback-failed',
      rollback: {
        steps: [
          { stepId: 's2', action: 'create volume data-1', status: 'failed', resource: 'vol-1', error: { code: 'UnauthorizedOperation', message: 'not allowed' }, inverse: { service: 'ec2', operation: 'DeleteVolume', input: { VolumeId: 'vol-1' } } },
          { stepId: 's1', action: 'launch web-1', status: 'cannot-undo', resource: 'i-1', error: { code: 'CannotUndo', message: 'Cirro knows no call that undoes RunInstances' } },
        ],
      },
    }));
    assert.equal(failure.status, 'rollback-failed');
    const all = text(failure.lines);
    assert.match(all, /Rollback could undo none of the changes\./);
    assert.match(all, /s2 create volume data-1 \(vol-1\): not allowed\. Fix: .*aws ec2 delete-volume --cli-input-json '\{"VolumeId":"vol-1"\}'/);
    assert.match(all, /s1 launch web-1 \(i-1\): Cirro knows no call that undoes RunInstances\. Fix: remove i-1 yourself/);
    assert.match(all, /What remains changed: vol-1, i-1/);
    assert.doesNotMatch(all, /as it was before/);
  });

  it('says when a step cannot be brought back at all', () => {
    const failure = describeFailure(report({
      status: 'rollback-failed',
      rollback: { steps: [{ stepId: 's1', action: 'terminate web-0', status: 'cannot-undo', resource: 'i-0', error: { code: 'Irreversible', message: 'a terminated instance cannot be restarted' } }] },
    }));
    assert.match(text(failure.lines), /i-0 cannot be brought back by Cirro/);
  });

  it('says nothing changed when the first change failed', () => {
    const failure = describeFailure(report({ steps: [{ ...steps[2]!, stepId: 's1' }], rollback: { steps: [] } }));
    assert.equal(failure.status, 'failed');
    assert.match(text(failure.lines), /Nothing had been changed when it failed: the cloud is as it was\./);
  });

  it('says the changes stay when rollback was off', () => {
    const failure = describeFailure(report({ steps: [steps[0]!, { ...steps[2]!, applied: true }] }));
    assert.equal(failure.status, 'failed');
    assert.match(text(failure.lines), /left in place \(rollback was off\): s1 launch web-1/);
    assert.match(text(failure.lines), /s3's own call went through/);
  });

  it('tells a stuck run apart and hands control back with where it stood', () => {
    const failure = describeFailure(report({
      status: 'rolled-back',
      stuck: { reason: 'no progress for 600 s', summary: '2 of 4 steps done; last error: none; was waiting for web-1 to be running' },
      rollback: { steps: [{ stepId: 's1', action: 'launch web-1', status: 'undone' }] },
    }));
    assert.equal(failure.reason, 'stopped: stuck (no progress for 600 s) — handing back to you');
    assert.match(text(failure.lines), /where it stood: 2 of 4 steps done; .*was waiting for web-1 to be running/);
  });
});
