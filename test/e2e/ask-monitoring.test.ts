import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Gym } from '../../src/gym/gym.js';
import { benchCloud, type BenchCloud } from '../../src/bench/bench-cloud.js';
import { attachNewVolume, describeInstance, launchInstances } from '../../src/bench/fixtures.js';
import { mentions } from '../../src/bench/probes.js';
import { startTestGym } from '../support/gym.js';
import { AWS_CLI_INSTALL, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';
import { assertAskShape, cirroAsk, worldFingerprint } from './cirro-process.js';

describe('cirro ask, monitoring questions, as a process', () => {
  let gym: Gym;
  let cloud: BenchCloud;
  let web1: string;
  let data: string;
  before(async () => {
    gym = await startTestGym({ speed: 120 });
    cloud = benchCloud(gym.endpoint);
    [web1] = (await launchInstances(cloud, [{ name: 'web-1' }, { name: 'web-2', stopped: true }])) as [string, string];
    data = await attachNewVolume(cloud, web1, 100, 'gp2', '/dev/sdf', 'web-1-data');
  });
  after(async () => {
    await gym.stop();
  });

  for (const modality of ['sdk', 'cli'] as const) {
    it(`answers "what is the public IP of web-1?" through the ${modality} with the address DescribeInstances reports, and changes nothing`, async (context) => {
      if (modality === 'cli' && !requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
      const before = await worldFingerprint(cloud);
      const request = 'what is the public IP of web-1?';
      const run = await cirroAsk(gym.endpoint, request, '--json', '--modality', modality);
      assert.equal(run.status, 0, run.stderr);
      assertAskShape(run.json, request);
      assert.equal(run.json.decision, 'executed', 'a question needs no approval');
      assert.ok(run.json.plan.steps.every((step: any) => step.effect === 'read'));
      const address = (await describeInstance(cloud, web1)).PublicIpAddress!;
      assert.ok(mentions(run.json.text, address), `${address} in ${run.json.text}`);
      assert.ok(JSON.stringify(run.json.answer).includes(address));
      assert.equal(await worldFingerprint(cloud), before);
    });

    it(`lists web-1's disks with size and type through the ${modality}`, async (context) => {
      if (modality === 'cli' && !requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
      const run = await cirroAsk(gym.endpoint, 'what disks are attached to web-1?', '--modality', modality);
      assert.equal(run.status, 0, run.stderr);
      const line = run.stdout.split('\n').find((candidate) => candidate.includes(data)) ?? '';
      assert.ok(mentions(line, '100') && line.includes('gp2'), `the line for ${data}: ${line}`);
    });
  }

  it('says a stopped VM is stopped', async () => {
    const run = await cirroAsk(gym.endpoint, 'is web-2 running?', '--modality', 'sdk');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /web-2[^\n]*\bstopped\b/);
    assert.doesNotMatch(run.stdout, /web-2[^\n]*\bis running\b/);
  });
});
