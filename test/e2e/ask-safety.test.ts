import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Gym } from '../../src/gym/gym.js';
import { benchCloud, resetGym, type BenchCloud } from '../../src/bench/bench-cloud.js';
import { launchInstances } from '../../src/bench/fixtures.js';
import { targetIds } from '../../src/bench/probes.js';
import { startTestGym } from '../support/gym.js';
import { AWS_CLI_INSTALL, findAwsCli, run as runProcess } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';
import { assertAskShape, cirroAsk, worldFingerprint } from './cirro-process.js';

/** The rendering `--show` printed between its markers. */
function shown(stdout: string): string {
  const start = stdout.search(/^--- plan as .* ---$/m);
  assert.ok(start >= 0, `no --show block in:\n${stdout}`);
  const body = stdout.slice(stdout.indexOf('\n', start) + 1);
  return body.slice(0, body.search(/^---$/m));
}

describe('cirro ask refuses, asks and previews without changing anything', () => {
  let gym: Gym;
  let cloud: BenchCloud;
  let ids: string[];
  before(async () => {
    gym = await startTestGym({ speed: 120 });
    cloud = benchCloud(gym.endpoint);
  });
  after(async () => {
    await gym.stop();
  });
  beforeEach(async () => {
    await resetGym(gym.endpoint);
    ids = await launchInstances(cloud, [{ name: 'web-1' }, { name: 'web-2' }, { name: 'web-3' }]);
  });

  it('without --yes and without a terminal, a changing plan needs approval: exit 3, nothing run', async () => {
    const before = await worldFingerprint(cloud);
    const request = 'stop web-1';
    const run = await cirroAsk(gym.endpoint, request, '--json');
    assert.equal(run.status, 3, run.stderr);
    assertAskShape(run.json, request);
    assert.equal(run.json.decision, 'needs-approval');
    assert.equal(run.json.outcome.status, 'not-run');
    assert.equal(run.json.outcome.agentSteps, 0);
    assert.ok(run.json.plan.steps.length > 0, 'the plan is still shown');
    assert.match(run.json.text, /--yes/);
    const plain = await cirroAsk(gym.endpoint, request);
    assert.equal(plain.status, 3, plain.stderr);
    assert.match(plain.stdout, /Plan:[\s\S]*needs approval[\s\S]*--yes/, 'a person sees the plan, then how to approve it');
    assert.equal(await worldFingerprint(cloud), before);
  });

  it('a name that matches nothing gets near matches and changes nothing', async () => {
    const before = await worldFingerprint(cloud);
    const run = await cirroAsk(gym.endpoint, 'stop web-9', '--yes', '--json');
    assert.notEqual(run.status, 0);
    assert.equal(run.json.decision, 'refused');
    assert.match(run.json.text, /web-9/);
    assert.match(run.json.text, /web-1|web-2|web-3/, 'suggests the names that do exist');
    assert.equal(await worldFingerprint(cloud), before);
  });

  it('an ambiguous name on a change is refused with the candidates, even with --yes', async () => {
    const [twin] = await launchInstances(cloud, [{ name: 'web-1' }]);
    const before = await worldFingerprint(cloud);
    const run = await cirroAsk(gym.endpoint, 'stop web-1', '--yes', '--json');
    assert.equal(run.status, 2, run.stderr);
    assert.equal(run.json.decision, 'refused');
    assert.ok(run.json.text.includes(ids[0]!) && run.json.text.includes(twin!), `both web-1s are named: ${run.json.text}`);
    assert.equal(await worldFingerprint(cloud), before);
  });

  it('nonsense gets a clear message and changes nothing', async () => {
    const before = await worldFingerprint(cloud);
    const request = 'purple monkey dishwasher';
    const run = await cirroAsk(gym.endpoint, request, '--yes', '--json');
    assert.equal(run.status, 2, run.stderr);
    assertAskShape(run.json, request);
    assert.equal(run.json.decision, 'refused');
    assert.equal(run.json.intent, null);
    assert.deepEqual(run.json.plan.steps, []);
    assert.ok(run.json.text.length > 20, `a message a person can act on: ${run.json.text}`);
    assert.doesNotMatch(run.stderr, /at .*\.js:\d+/, 'no stack trace');
    assert.equal(await worldFingerprint(cloud), before);
  });

  it('--dry-run shows the plan, exits 0 and changes nothing, even with --yes', async () => {
    const before = await worldFingerprint(cloud);
    const run = await cirroAsk(gym.endpoint, 'terminate web-2', '--dry-run', '--yes', '--json');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.json.decision, 'dry-run');
    assert.equal(run.json.outcome.status, 'not-run');
    assert.ok(run.json.plan.steps.some((step: any) => step.effect === 'delete' || step.effect === 'replace'));
    assert.equal(await worldFingerprint(cloud), before);
  });

  it('--show cli prints a shell script that bash -n accepts and that calls the AWS CLI', async () => {
    const run = await cirroAsk(gym.endpoint, 'put web-1, web-2 and web-3 behind a new load balancer on port 80', '--dry-run', '--show', 'cli');
    assert.equal(run.status, 0, run.stderr);
    const script = shown(run.stdout);
    assert.match(script, /elbv2 create-load-balancer /);
    assert.match(script, /elbv2 register-targets /);
    const checked = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
    assert.equal(checked.status, 0, `${checked.stderr}\n${script}`);
  });

  it('the --show cli script, pasted into bash, does what the plan says', async (context) => {
    const cli = findAwsCli();
    if (!requireTool(context, !!cli, 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const run = await cirroAsk(gym.endpoint, 'put web-1, web-2 and web-3 behind a new load balancer on port 80', '--dry-run', '--show', 'cli');
    assert.equal(run.status, 0, run.stderr);
    const executed = await runProcess('bash', ['-c', shown(run.stdout)], {
      PATH: `${dirname(cli!)}:${process.env['PATH'] ?? '/bin'}`, HOME: tmpdir(), AWS_ACCESS_KEY_ID: 'AKIDSCRIPT', AWS_SECRET_ACCESS_KEY: 'script-secret',
      AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    });
    assert.equal(executed.status, 0, executed.stderr);
    const balancers = (await cloud.elbv2.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
    assert.equal(balancers.length, 1);
    const groups = (await cloud.elbv2.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: balancers[0]!.LoadBalancerArn }))).TargetGroups ?? [];
    assert.deepEqual(await targetIds(cloud, groups[0]!.TargetGroupArn!), [...ids].sort());
  });

  it('--show sdk prints a program that node --check accepts and that uses the AWS SDK v3', async () => {
    const run = await cirroAsk(gym.endpoint, 'switch web-1 to spot', '--dry-run', '--show', 'sdk');
    assert.equal(run.status, 0, run.stderr);
    const program = shown(run.stdout);
    assert.match(program, /@aws-sdk\/client-ec2/);
    assert.match(program, /RunInstancesCommand/);
    const file = join(mkdtempSync(join(tmpdir(), 'cirro-show-')), 'plan.mjs');
    writeFileSync(file, program);
    const checked = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
    assert.equal(checked.status, 0, `${checked.stderr}\n${program}`);
  });
});
