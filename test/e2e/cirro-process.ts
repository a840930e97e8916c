import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { DescribeAddressesCommand, DescribeSecurityGroupsCommand, DescribeVolumesCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { BenchCloud } from '../../src/bench/bench-cloud.js';
import { instances, nameOf } from '../../src/bench/probes.js';
import { findAwsCli } from '../support/aws-cli.js';

/** This compiled file lives in <repo>/<dist>/test/e2e/: the build the child must run is that same <dist>. */
const distRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const repositoryRoot = dirname(distRoot);

/** What one `cirro` process did. */
export interface CirroRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON, when it is. */
  readonly json: any;
}

/** A home with no AWS configuration, so a developer's own profile never leaks into a test. */
const home = mkdtempSync(join(tmpdir(), 'cirro-e2e-home-'));

/**
 * Runs `node bin/cirro.js <args>` as a real process, on the build this test was compiled into
 * (CIRRO_DIST), with no terminal (stdin closed), an empty home and the AWS CLI v2 for the cli modality.
 * `cwd` is the project directory it runs in (where it looks for .cirro/policy.yaml); default the repository.
 */
export function runCirro(args: readonly string[], options: { environment?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CirroRun> {
  const cli = findAwsCli();
  const environment: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    CIRRO_DIST: basename(distRoot),
    AWS_CONFIG_FILE: join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
    ...(cli ? { CIRRO_AWS_CLI: cli } : {}),
    ...options.environment,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repositoryRoot, 'bin', 'cirro.js'), ...args], { cwd: options.cwd ?? repositoryRoot, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      let json: any;
      try {
        json = stdout.trim() ? JSON.parse(stdout) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ status: code ?? -1, stdout, stderr, json });
    });
  });
}

/** `cirro ask <request> --endpoint <gym> …` */
export function cirroAsk(endpoint: string, request: string, ...flags: string[]): Promise<CirroRun> {
  return runCirro(['ask', request, '--endpoint', endpoint, ...flags]);
}

const EFFECTS = ['read', 'create', 'update-live', 'update-stop-start', 'replace', 'delete'];
const DECISIONS = ['executed', 'dry-run', 'needs-approval', 'refused', 'failed'];

/**
 * Asserts the --json object has the shape the agent-core issue lists: { request, intent, plan: { steps:
 * [{ id, action, effect, resource, dependsOn }] }, advisories: [{ level, message }], decision, outcome:
 * { status, agentSteps, apiCalls, seconds }, answer, text }.
 */
export function assertAskShape(body: any, request: string): void {
  assert.ok(body && typeof body === 'object', 'stdout is one JSON object');
  for (const key of ['request', 'intent', 'plan', 'advisories', 'decision', 'outcome', 'answer', 'text']) assert.ok(key in body, `--json has ${key}`);
  assert.equal(body.request, request);
  assert.ok(body.intent === null || typeof body.intent === 'object');
  assert.ok(Array.isArray(body.plan.steps));
  for (const step of body.plan.steps) {
    assert.deepEqual(Object.keys(step).sort(), ['action', 'dependsOn', 'effect', 'id', 'resource']);
    assert.equal(typeof step.id, 'string');
    assert.equal(typeof step.action, 'string');
    assert.ok(EFFECTS.includes(step.effect), `effect ${step.effect}`);
    assert.ok(Array.isArray(step.dependsOn) && step.dependsOn.every((id: unknown) => typeof id === 'string'));
  }
  assert.ok(Array.isArray(body.advisories));
  for (const advisory of body.advisories) {
    assert.ok(['info', 'warning', 'danger'].includes(advisory.level));
    assert.equal(typeof advisory.message, 'string');
  }
  assert.ok(DECISIONS.includes(body.decision), `decision ${body.decision}`);
  assert.deepEqual(Object.keys(body.outcome).sort(), ['agentSteps', 'apiCalls', 'seconds', 'status']);
  for (const key of ['agentSteps', 'apiCalls', 'seconds']) assert.equal(typeof body.outcome[key], 'number');
  assert.equal(typeof body.text, 'string');
}

/** Everything a request could have changed, as comparable text: instances, volumes, groups, networks, balancers, addresses. */
export async function worldFingerprint(cloud: BenchCloud): Promise<string> {
  const [all, volumes, groups, vpcs, balancers, addresses] = await Promise.all([
    instances(cloud, { includeTerminated: true }),
    cloud.ec2.send(new DescribeVolumesCommand({})),
    cloud.ec2.send(new DescribeSecurityGroupsCommand({})),
    cloud.ec2.send(new DescribeVpcsCommand({})),
    cloud.elbv2.send(new DescribeLoadBalancersCommand({})),
    cloud.ec2.send(new DescribeAddressesCommand({})),
  ]);
  return JSON.stringify({
    instances: all.map((instance) => [instance.InstanceId, nameOf(instance), instance.State?.Name, instance.InstanceType, instance.Monitoring?.State, instance.Tags?.length]).sort(),
    volumes: (volumes.Volumes ?? []).map((volume) => [volume.VolumeId, volume.State, volume.Size]).sort(),
    groups: (groups.SecurityGroups ?? []).map((group) => [group.GroupId, JSON.stringify(group.IpPermissions)]).sort(),
    vpcs: (vpcs.Vpcs ?? []).map((vpc) => vpc.VpcId).sort(),
    balancers: (balancers.LoadBalancers ?? []).map((balancer) => balancer.LoadBalancerArn).sort(),
    addresses: (addresses.Addresses ?? []).map((address) => [address.AllocationId, address.InstanceId]).sort(),
  });
}
