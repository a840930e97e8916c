import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Gym } from '../../src/gym/gym.js';
import type { Plan } from '../../src/plan/plan.js';
import { volumeState } from '../../src/plan/waits.js';
import { runPlan, type ProgressEvent } from '../../src/exec/runner.js';
import { sdkTransport } from '../../src/exec/sdk-transport.js';
import { cliTransport } from '../../src/exec/cli-transport.js';
import { admin, startTestGym, TEST_CREDENTIALS } from '../support/gym.js';
import { AWS_CLI_INSTALL, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';

/** Create a volume, wait for it, tag it: three steps with an output passed along. */
function volumePlan(): Plan {
  return {
    intent: { type: 'create-volume', volume: { sizeGiB: 10 } },
    summary: 'create and tag a volume',
    steps: [
      {
        id: 's1', action: 'create a volume', effect: 'create', resource: { kind: 'volume', name: 'v' }, dependsOn: [],
        call: { service: 'ec2', operation: 'CreateVolume', input: { AvailabilityZone: 'us-east-1a', Size: 10, VolumeType: 'gp3' } },
        outputs: { volumeId: 'VolumeId' },
        wait: volumeState({ $ref: 's1', output: 'volumeId' }, 'available', 'v'),
        inverse: { service: 'ec2', operation: 'DeleteVolume', input: { VolumeId: { $ref: 's1', output: 'volumeId' } } },
      },
      {
        id: 's2', action: 'tag it', effect: 'update-live', resource: { kind: 'volume', name: 'v' }, dependsOn: ['s1'],
        call: { service: 'ec2', operation: 'CreateTags', input: { Resources: [{ $ref: 's1', output: 'volumeId' }], Tags: [{ Key: 'Name', Value: 'runner-test' }] } },
        inverse: { service: 'ec2', operation: 'DeleteTags', input: { Resources: [{ $ref: 's1', output: 'volumeId' }], Tags: [{ Key: 'Name' }] } },
      },
      {
        id: 's3', action: 'read it back', effect: 'read', resource: { kind: 'volume', name: 'v' }, dependsOn: ['s2'],
        call: { service: 'ec2', operation: 'DescribeVolumes', input: { VolumeIds: [{ $ref: 's1', output: 'volumeId' }] } },
      },
    ],
    advisories: [],
    postconditions: [],
  };
}

const fast = { backoffMs: 5, pollMs: [20, 100] as const };

describe('the plan runner, against a gym with injected faults', () => {
  let gym: Gym;
  before(async () => {
    gym = await startTestGym({ speed: 600 });
  });
  beforeEach(async () => {
    await admin(gym, 'DELETE', '/_gym/faults');
  });
  after(async () => {
    await gym.stop();
  });

  const transports = {
    sdk: () => sdkTransport({ endpoint: gym.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS }),
    cli: () => cliTransport({ endpoint: gym.endpoint, region: 'us-east-1', binary: findAwsCli()!, environment: { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' } }),
  };

  for (const modality of ['sdk', 'cli'] as const) {
    it(`${modality}: passes outputs between steps, waits for the volume, and retries throttling until it gets through`, async (context) => {
      if (modality === 'cli' && !requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
      await admin(gym, 'POST', '/_gym/faults', { operation: 'CreateVolume', count: 2, throttle: true });
      const events: ProgressEvent[] = [];
      const report = await runPlan(volumePlan(), transports[modality](), { ...fast, onProgress: (event) => events.push(event) });
      assert.equal(report.status, 'succeeded', JSON.stringify(report.steps));
      assert.equal(events.filter((event) => event.type === 'retry').length, 2);
      assert.ok(events.some((event) => event.type === 'retry' && event.code === 'RequestLimitExceeded'));
      const volume = (report.outputs['s3'] as { Volumes: { Tags: { Key: string; Value: string }[]; State: string }[] }).Volumes[0]!;
      assert.equal(volume.State, 'available');
      assert.deepEqual(volume.Tags, [{ Key: 'Name', Value: 'runner-test' }]);
      assert.equal(report.agentSteps, 3);
      assert.ok(report.apiCalls >= 6, `3 calls, 2 retries and at least one poll; got ${report.apiCalls}`);
    });

    it(`${modality}: stops at a step that keeps failing, reports what ran and what did not, and undoes what ran`, async (context) => {
      if (modality === 'cli' && !requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
      await admin(gym, 'POST', '/_gym/faults', { operation: 'CreateTags', count: 1, error: { code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', status: 403 } });
      const report = await runPlan(volumePlan(), transports[modality](), fast);
      assert.equal(report.status, 'rolled-back');
      assert.deepEqual(report.steps.map((step) => step.status), ['done', 'failed', 'not-run']);
      assert.equal(report.steps[1]!.error!.code, 'UnauthorizedOperation');
      assert.match(report.steps[1]!.error!.message, /not authorized/);
      assert.deepEqual(report.rollback?.steps.map((step) => [step.stepId, step.status]), [['s1', 'undone']]);
    });
  }

  it('cli: reports the AWS message of a call that stays throttled, without the CLI\'s retry note', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    await admin(gym, 'POST', '/_gym/faults', { operation: 'CreateVolume', count: 5, throttle: true });
    const report = await runPlan(volumePlan(), transports.cli(), { ...fast, maxAttempts: 2 });
    assert.equal(report.status, 'failed');
    assert.equal(report.steps[0]!.error!.code, 'RequestLimitExceeded');
    assert.equal(report.steps[0]!.error!.message, 'Request limit exceeded.');
  });

  it('gives up on a wait that never settles, saying what it last saw', async () => {
    await admin(gym, 'POST', '/_gym/clock', { freeze: true });
    try {
      const report = await runPlan(volumePlan(), transports.sdk(), { ...fast, waitScale: 0.0005, rollback: false });
      assert.equal(report.status, 'failed');
      assert.equal(report.steps[0]!.error!.code, 'WaitTimeout');
      assert.equal(report.steps[0]!.applied, true, 'the volume was created before the wait gave up');
      assert.match(report.steps[0]!.error!.message, /gave up waiting for v to be available .*last seen: creating/);
    } finally {
      await admin(gym, 'POST', '/_gym/clock', { freeze: false });
    }
  });
});
