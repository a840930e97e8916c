import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { ask, EXIT, type AskResult } from '../../src/agent/ask.js';
import { EmbeddedBrain } from '../../src/agent/brain/embedded-brain.js';
import { benchCloud, resetGym, type BenchCloud } from '../../src/bench/bench-cloud.js';
import { faultRules } from '../../src/bench/fault-mode.js';
import { launchInstances } from '../../src/bench/fixtures.js';
import type { Gym } from '../../src/gym/gym.js';
import { admin, startTestGym } from '../support/gym.js';

const INTERNAL_ERROR = { code: 'InternalError', message: 'We encountered an internal error. Please try again.', status: 500 };

/** Instance states by Name tag, read with the bench's own client (not Cirro's readers). */
async function statesByName(cloud: BenchCloud): Promise<Record<string, string>> {
  const output = await cloud.ec2.send(new DescribeInstancesCommand({}));
  const states: Record<string, string> = {};
  for (const instance of (output.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? [])) {
    const name = instance.Tags?.find((tag) => tag.Key === 'Name')?.Value ?? instance.InstanceId!;
    states[name] = instance.State?.Name ?? 'unknown';
  }
  return states;
}

describe('ask() when the cloud throttles and fails reads', () => {
  let gym: Gym;
  let cloud: BenchCloud;
  before(async () => {
    gym = await startTestGym({ speed: 120 });
    cloud = benchCloud(gym.endpoint);
  });
  after(async () => {
    await gym.stop();
  });
  beforeEach(async () => {
    await admin(gym, 'DELETE', '/_gym/faults');
    await resetGym(gym.endpoint);
    await launchInstances(cloud, [{ name: 'web-1' }, { name: 'web-2' }]);
  });

  const run = (request: string, extra: { locksDirectory?: string } = {}): Promise<AskResult> =>
    ask({ request, brain: new EmbeddedBrain(), modality: 'sdk', endpoint: gym.endpoint, gym: true, yes: true, pollMs: [20, 200], ...extra });

  it('reads through five 500s in a row on one call (the SDK default of 3 attempts gave up)', async () => {
    await admin(gym, 'POST', '/_gym/faults', { operation: 'DescribeSecurityGroups', count: 5, error: INTERNAL_ERROR });
    const result = await run('stop web-1');
    assert.equal(result.exitCode, EXIT.ok, result.text);
    assert.equal(result.outcome.status, 'succeeded');
    assert.equal((await statesByName(cloud))['web-1'], 'stopped');
    const faults = await admin(gym, 'GET', '/_gym/faults');
    assert.equal(faults.body.injected, 5, 'every injected fault was met and retried through');
  });

  // Seed 12 makes DescribeKeyPairs fail three times running: with the SDK's 3 attempts that escaped ask() as a CloudReadError.
  it('provisions under seeded rate faults (15% of all calls 500, 30% of changing calls throttled)', async () => {
    for (const rule of faultRules({ rate: 0.3, seed: 12 }, 'ask-read-faults')) await admin(gym, 'POST', '/_gym/faults', rule);
    const result = await run('launch 3 t3.micro instances named api');
    const faults = await admin(gym, 'GET', '/_gym/faults');
    assert.ok(faults.body.injected >= 3, `faults were injected (${faults.body.injected})`);
    await admin(gym, 'DELETE', '/_gym/faults');
    assert.equal(result.exitCode, EXIT.ok, result.text);
    const states = await statesByName(cloud);
    assert.deepEqual(Object.keys(states).filter((name) => name.startsWith('api')).length, 3, JSON.stringify(states));
  });

  it('a re-read under the locks that fails after its retries: exit 1, says what and why, nothing changed', async () => {
    // The first DescribeInstances (the inventory read) goes through; the re-read under the locks never does.
    await admin(gym, 'POST', '/_gym/faults', { operation: 'DescribeInstances', skip: 1, count: 1000, error: INTERNAL_ERROR });
    const result = await run('stop web-1', { locksDirectory: mkdtempSync(join(tmpdir(), 'cirro-locks-')) });
    await admin(gym, 'DELETE', '/_gym/faults');
    assert.equal(result.exitCode, EXIT.failed, result.text);
    assert.equal(result.decision, 'failed');
    assert.equal(result.outcome.status, 'not-run');
    assert.match(result.reason ?? '', /could not read what the plan touches from http:\/\/127\.0\.0\.1:\d+: DescribeInstances failed \(InternalError\)/);
    assert.match(result.reason ?? '', /Nothing was changed\. The cloud kept throttling or failing the call after 8 attempts; try again in a minute\./);
    assert.equal((await statesByName(cloud))['web-1'], 'running');
  });

  it('a verification read that fails after the plan ran: exit 1, reports the change as made but not verified', async () => {
    // DescribeVpcs is read once to plan and again only to verify.
    await admin(gym, 'POST', '/_gym/faults', { operation: 'DescribeVpcs', skip: 1, count: 1000, error: INTERNAL_ERROR });
    const result = await run('stop web-1');
    await admin(gym, 'DELETE', '/_gym/faults');
    assert.equal(result.exitCode, EXIT.failed, result.text);
    assert.equal(result.decision, 'executed');
    assert.equal(result.outcome.status, 'verification-failed');
    assert.ok(result.outcome.agentSteps >= 1, 'the steps that ran are counted');
    assert.match(result.reason ?? '', /could not read the cloud to verify the plan .*DescribeVpcs failed \(InternalError\).*The plan ran .*the change is NOT verified/);
    assert.equal((await statesByName(cloud))['web-1'], 'stopped', 'the change was made, and the result says so');
  });

  it('a first read that keeps failing: exit 1 with the call and the AWS error, not an exception', async () => {
    await admin(gym, 'POST', '/_gym/faults', { operation: 'DescribeSubnets', count: 1000, error: INTERNAL_ERROR });
    const result = await run('stop web-1');
    await admin(gym, 'DELETE', '/_gym/faults');
    assert.equal(result.exitCode, EXIT.failed);
    assert.match(result.reason ?? '', /^Stopped: could not read the cloud from .*DescribeSubnets failed \(InternalError\): We encountered an internal error.*Nothing was changed\./);
    assert.equal((await statesByName(cloud))['web-1'], 'running');
  });
});
