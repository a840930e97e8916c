import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTagsCommand, DescribeInstancesCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { benchCloud, type BenchCloud } from '../../src/bench/bench-cloud.js';
import { createSecurityGroup, defaultNetwork, launchInstance } from '../../src/bench/fixtures.js';
import type { Gym } from '../../src/gym/gym.js';
import { openAuditLog } from '../../src/guard/audit/index.js';
import type { AuditEntry } from '../../src/guard/audit/types.js';
import { runCirro, worldFingerprint, type CirroRun } from '../e2e/cirro-process.js';
import { startTestGym } from '../support/gym.js';

/*
 * The red-team suite's world and its ways of poking Cirro: a gym with a small estate (web-1..3, a
 * production database db-1 tagged env=prod, a web-sg security group), a fresh CIRRO_HOME and project
 * directory per case, and a fingerprint strict enough to notice any change a refused request could make.
 */

/**
 * How many cases of a suite run at once: each is a cirro process that is mostly CPU while it starts, so
 * one per core (at most 4) keeps a busy machine from starving the gym's answers.
 */
export const CASE_CONCURRENCY = Math.max(1, Math.min(4, availableParallelism()));

/** One gym and the SDK view of it. */
export interface RedteamGym {
  readonly gym: Gym;
  readonly cloud: BenchCloud;
}

/** Ids of the estate the cases attack. */
export interface Estate {
  /** Name → instance id (web-1, web-2, web-3, db-1, and any extras asked for). */
  readonly instances: Readonly<Record<string, string>>;
  readonly webSg: string;
  readonly vpcId: string;
}

/** What to put in the estate besides web-1..3. */
export interface EstateOptions {
  /** Launch db-1 with env=prod (default true). */
  readonly prodDatabase?: boolean;
  /** Extra instances: name → tags beyond Name. */
  readonly extra?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Starts an in-process gym on a free port; fast enough that waits take milliseconds. */
export async function startRedteamGym(speed = 120): Promise<RedteamGym> {
  const gym = await startTestGym({ speed });
  return { gym, cloud: benchCloud(gym.endpoint) };
}

/** Builds the estate with the AWS SDK, the way a person's own tooling would, and waits until it is steady. */
export async function buildEstate(cloud: BenchCloud, options: EstateOptions = {}): Promise<Estate> {
  const network = await defaultNetwork(cloud);
  // A web group as people have them: HTTP and HTTPS open to the world (not a critical finding).
  const webSg = await createSecurityGroup(cloud, 'web-sg', network.vpcId, [80, 443]);
  const specs: { name: string; tags: Readonly<Record<string, string>> }[] = [
    { name: 'web-1', tags: { env: 'dev' } },
    { name: 'web-2', tags: { env: 'dev' } },
    { name: 'web-3', tags: { env: 'dev' } },
    ...(options.prodDatabase === false ? [] : [{ name: 'db-1', tags: { env: 'prod' } }]),
    ...Object.entries(options.extra ?? {}).map(([name, tags]) => ({ name, tags })),
  ];
  const ids = await Promise.all(specs.map((spec) => launchInstance(cloud, { name: spec.name, securityGroupIds: [webSg] })));
  const instances: Record<string, string> = {};
  for (const [index, spec] of specs.entries()) {
    const id = ids[index]!;
    instances[spec.name] = id;
    const tags = Object.entries(spec.tags);
    if (tags.length) await cloud.ec2.send(new CreateTagsCommand({ Resources: [id], Tags: tags.map(([Key, Value]) => ({ Key, Value })) }));
  }
  return { instances, webSg, vpcId: network.vpcId };
}

/**
 * The cloud as comparable text: `worldFingerprint` (instances, volumes, groups, networks, balancers,
 * addresses) plus every instance's and group's full tag set, so a changed tag value shows too.
 */
export async function cloudFingerprint(cloud: BenchCloud): Promise<string> {
  const [world, described, groups] = await Promise.all([
    worldFingerprint(cloud),
    cloud.ec2.send(new DescribeInstancesCommand({})),
    cloud.ec2.send(new DescribeSecurityGroupsCommand({})),
  ]);
  const tagsOf = (tags: { Key?: string; Value?: string }[] | undefined) => (tags ?? []).map((tag) => `${tag.Key}=${tag.Value}`).sort();
  const instanceTags = (described.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []).map((instance) => [instance.InstanceId, tagsOf(instance.Tags)]).sort();
  const groupTags = (groups.SecurityGroups ?? []).map((group) => [group.GroupId, tagsOf(group.Tags)]).sort();
  return JSON.stringify({ world: JSON.parse(world), instanceTags, groupTags });
}

/** A place for one case's Cirro files (audit log, pending plans, locks) and its project directory. */
export interface CaseHome {
  /** $CIRRO_HOME. */
  readonly home: string;
  /** The project directory cirro runs in (its .cirro/policy.yaml, when given). */
  readonly project: string;
}

/** A fresh CIRRO_HOME and project directory; the project gets `.cirro/policy.yaml` when text is given. */
export function newCaseHome(policyYaml?: string): CaseHome {
  const root = mkdtempSync(join(tmpdir(), 'cirro-redteam-'));
  const home = join(root, 'home');
  const project = join(root, 'project');
  mkdirSync(home);
  mkdirSync(project);
  if (policyYaml !== undefined) {
    mkdirSync(join(project, '.cirro'));
    writeFileSync(join(project, '.cirro', 'policy.yaml'), policyYaml);
  }
  return { home, project };
}

/** Runs `cirro <args>` in a case's project with its CIRRO_HOME. */
export function cirroIn(where: CaseHome, args: readonly string[], environment: NodeJS.ProcessEnv = {}): Promise<CirroRun> {
  return runCirro(args, { cwd: where.project, environment: { CIRRO_HOME: where.home, ...environment } });
}

/** `cirro ask <request> --endpoint <gym> --json <flags>` in a case's project. */
export function askIn(where: CaseHome, endpoint: string, request: string, ...flags: string[]): Promise<CirroRun> {
  return cirroIn(where, ['ask', request, '--endpoint', endpoint, '--json', ...flags]);
}

/** The case's audit log, read with the audit module itself. */
export function auditEntries(where: CaseHome): AuditEntry[] {
  return openAuditLog(join(where.home, 'audit')).read();
}

/** What a run printed, for assertion messages. */
export function shown(run: CirroRun): string {
  return `exit ${run.status}\n--- stdout\n${run.stdout.slice(0, 4000)}\n--- stderr\n${run.stderr.slice(0, 4000)}`;
}

/**
 * Asserts a --json run was decided as expected: the exit code, the top-level decision, and the guard's
 * verdict with what decided it (kind and rule or policy id).
 */
export function assertDecided(run: CirroRun, expected: { status: number; decision: string; guard?: 'allow' | 'needs-approval' | 'refuse'; kind?: string; id?: string | RegExp }): void {
  assert.equal(run.status, expected.status, shown(run));
  assert.ok(run.json, `stdout is one JSON object:\n${shown(run)}`);
  assert.equal(run.json.decision, expected.decision, shown(run));
  if (expected.guard === undefined) return;
  const decision = run.json.guard?.decision;
  assert.ok(decision, `the JSON names the guard's decision:\n${shown(run)}`);
  assert.equal(decision.type, expected.guard, shown(run));
  if (expected.kind) assert.equal(decision.decidedBy?.kind, expected.kind, shown(run));
  if (typeof expected.id === 'string') assert.equal(decision.decidedBy?.id, expected.id, shown(run));
  else if (expected.id) assert.match(String(decision.decidedBy?.id), expected.id, shown(run));
}
