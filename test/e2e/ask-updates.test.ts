import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Gym } from '../../src/gym/gym.js';
import { benchCloud, resetGym, type BenchCloud } from '../../src/bench/bench-cloud.js';
import { launchInstance } from '../../src/bench/fixtures.js';
import { instanceById, volumesOf } from '../../src/bench/probes.js';
import { startTestGym } from '../support/gym.js';
import { AWS_CLI_INSTALL, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';
import { assertAskShape, cirroAsk } from './cirro-process.js';

describe('cirro ask, updates, as a process', () => {
  let gym: Gym;
  let cloud: BenchCloud;
  let web1: string;
  before(async () => {
    gym = await startTestGym({ speed: 120 });
    cloud = benchCloud(gym.endpoint);
  });
  after(async () => {
    await gym.stop();
  });
  beforeEach(async () => {
    await resetGym(gym.endpoint);
    web1 = await launchInstance(cloud, { name: 'web-1' });
  });

  for (const modality of ['sdk', 'cli'] as const) {
    it(`attaches an extra disk to a running VM through the ${modality}, live, and verifies it`, async (context) => {
      if (modality === 'cli' && !requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
      const request = 'attach a 50 GB disk to web-1';
      const run = await cirroAsk(gym.endpoint, request, '--yes', '--json', '--modality', modality);
      assert.equal(run.status, 0, run.stderr);
      assertAskShape(run.json, request);
      assert.equal(run.json.decision, 'executed');
      assert.ok(run.json.plan.steps.every((step: any) => ['create', 'update-live', 'read'].includes(step.effect)), 'attaching a disk needs no stop');
      const volumes = await volumesOf(cloud, web1);
      const extra = volumes.find((volume) => volume.Size === 50);
      assert.equal(extra?.Attachments?.[0]?.State, 'attached');
      assert.equal((await instanceById(cloud, web1))?.State?.Name, 'running');
    });

    it(`resizes a VM through the ${modality}: stop, modify, start, same instance`, async (context) => {
      if (modality === 'cli' && !requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
      const run = await cirroAsk(gym.endpoint, 'resize web-1 to t3.large', '--yes', '--json', '--modality', modality);
      assert.equal(run.status, 0, run.stderr);
      assert.ok(run.json.plan.steps.some((step: any) => step.effect === 'update-stop-start'), 'a resize is a stop/start change');
      const after = await instanceById(cloud, web1);
      assert.equal(after?.InstanceType, 't3.large');
      assert.equal(after?.State?.Name, 'running');
    });
  }
});
