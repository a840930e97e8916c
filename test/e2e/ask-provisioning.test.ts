import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Gym } from '../../src/gym/gym.js';
import { benchCloud, resetGym, type BenchCloud } from '../../src/bench/bench-cloud.js';
import { instances, nameOf } from '../../src/bench/probes.js';
import { startTestGym } from '../support/gym.js';
import { AWS_CLI_INSTALL, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';
import { assertAskShape, cirroAsk } from './cirro-process.js';

describe('cirro ask, provisioning, as a process', () => {
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
    await resetGym(gym.endpoint);
  });

  for (const modality of ['sdk', 'cli'] as const) {
    it(`launches one named VM through the ${modality} and reports it as --json, exit 0`, async (context) => {
      if (modality === 'cli' && !requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
      const request = 'launch a t3.micro instance called web-1';
      const run = await cirroAsk(gym.endpoint, request, '--yes', '--json', '--modality', modality);
      assert.equal(run.status, 0, run.stderr);
      assertAskShape(run.json, request);
      assert.equal(run.json.decision, 'executed');
      assert.equal(run.json.outcome.status, 'succeeded');
      assert.ok(run.json.outcome.agentSteps >= 1);
      assert.ok(run.json.outcome.apiCalls > run.json.outcome.agentSteps, 'reads and waits count as API calls too');
      assert.ok(run.json.plan.steps.some((step: any) => step.effect === 'create'));
      assert.match(run.json.text, /web-1/);
      const live = await instances(cloud);
      assert.deepEqual(live.map((instance) => [nameOf(instance), instance.InstanceType, instance.State?.Name]), [['web-1', 't3.micro', 'running']]);
    });
  }

  it('prints what it understood, the plan, progress and the verified outcome for a person (no --json)', async () => {
    const run = await cirroAsk(gym.endpoint, 'launch three VMs named web-1, web-2 and web-3 in the same network', '--yes', '--modality', 'sdk');
    assert.equal(run.status, 0, run.stderr);
    const understood = run.stdout.indexOf('Understood:');
    const plan = run.stdout.indexOf('Plan:');
    const progress = run.stdout.indexOf('[1/');
    const verified = run.stdout.indexOf('verified:');
    assert.ok(understood >= 0 && understood < plan && plan < progress && progress < verified, run.stdout);
    const live = await instances(cloud);
    assert.deepEqual(live.map(nameOf).sort(), ['web-1', 'web-2', 'web-3']);
    assert.equal(new Set(live.map((instance) => instance.SubnetId)).size, 1);
  });
});
