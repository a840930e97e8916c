import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { resetGym } from '../../src/bench/bench-cloud.js';
import { describeInstance, launchInstance } from '../../src/bench/fixtures.js';
import type { CirroRun } from '../e2e/cirro-process.js';
import type { AuditEntry } from '../../src/guard/audit/types.js';
import { admin } from '../support/gym.js';
import { askIn, auditEntries, cirroIn, newCaseHome, shown, startRedteamGym, type RedteamGym } from '../redteam/redteam-world.js';

/*
 * Two real `cirro ask` processes change the same instance at once, sharing one CIRRO_HOME (locks, audit
 * log) and one gym: one resizes web-1, the other tags it. The resource lock serializes them; the one
 * that waited sees that web-1 changed and plans again. Both must succeed, the end state must hold both
 * changes, each must report what really happened, and the shared audit log must still verify.
 */

const RESIZE = 'change web-1 to t3.small';
const TAG = 'tag web-1 with team=blue';
const ROUNDS = 3;

/** The lines that say a process waited for the other's lock. */
const WAITED = /Waiting: .* is changing the same resources/;
/** The lines that say a process saw web-1 change under its plan and planned again. */
const REPLANNED = /cloud changed[\s\S]*planning again/;

describe('concurrency: a resize and a tag of the same instance at once', () => {
  let world: RedteamGym;
  before(async () => {
    // Slow enough that the resize (stop, modify, start) takes a while, so the two runs overlap.
    world = await startRedteamGym(30);
  });
  after(async () => {
    await world.gym.stop();
  });

  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: both exit 0, web-1 ends t3.small, tagged and running; the waiter says so; both report truthfully; the audit log verifies`, async (context) => {
      await resetGym(world.gym.endpoint);
      const id = await launchInstance(world.cloud, { name: 'web-1', instanceType: 't3.micro' });
      // A tag that takes 1.5 s (as a slow API can) keeps the tagger's lock long enough that the two runs
      // overlap however the machine schedules them: the resize cannot start reading after the tag is done.
      const slowTag = await admin(world.gym, 'POST', '/_gym/faults', { operation: 'CreateTags', latencyMs: 1500, count: 1 });
      assert.equal(slowTag.status, 201, JSON.stringify(slowTag.body));
      const where = newCaseHome();
      const ask = (request: string) => cirroIn(where, ['ask', request, '--endpoint', world.gym.endpoint, '--json', '--yes']);
      // Alternate which process is spawned first, to catch order effects.
      const [resize, tag] = round % 2 === 1
        ? await Promise.all([ask(RESIZE), ask(TAG)])
        : await Promise.all([ask(TAG), ask(RESIZE)]).then(([tagged, resized]) => [resized, tagged] as const);

      assert.equal(resize.status, 0, `resize:\n${shown(resize)}`);
      assert.equal(tag.status, 0, `tag:\n${shown(tag)}`);

      const instance = await describeInstance(world.cloud, id);
      assert.equal(instance.InstanceType, 't3.small', 'the resize took effect');
      assert.equal(instance.Tags?.find((entry) => entry.Key === 'team')?.Value, 'blue', 'the tag took effect');
      assert.equal(instance.State?.Name, 'running', 'the instance runs again');

      const entries = auditEntries(where);
      const both = `--- resize\n${resize.json.text}\n--- tag\n${tag.json.text}`;
      for (const [run, other] of [[resize, tag], [tag, resize]] as const) {
        assert.deepEqual(appliedBlind(entries, run.json.planId, other.json.planId), [], `${run.json.request}: never applied blind:\n${both}`);
      }
      // Whichever order they ran in, the second one's plan was made before the first one changed web-1
      // (or it waited for the lock): it must say it waited, or at least that web-1 changed and it planned again.
      const waiters = [resize, tag].filter((run) => WAITED.test(run.json.text));
      const replanned = [resize, tag].filter((run) => REPLANNED.test(run.json.text));
      assert.ok(waiters.length + replanned.length >= 1, `at least one process says it waited for the other, or that web-1 changed under its plan:\n${both}`);
      context.diagnostic(`waited: ${waiters.map((run) => (run === resize ? 'resize' : 'tag')).join(', ') || 'none'}; re-planned: ${replanned.map((run) => (run === resize ? 'resize' : 'tag')).join(', ') || 'none'}`);
      for (const waiter of waiters) {
        assert.match(waiter.json.text, REPLANNED, `the waiter saw web-1 change under it and planned again:\n${waiter.json.text}`);
      }

      assertTruthful(resize, 'resize', { plan: /t3\.small/, checks: /t3\.small/ });
      assertTruthful(tag, 'tag', { plan: /team=blue/, checks: /web-1[\s\S]*tags/ });

      for (const run of [resize, tag]) {
        const verified = entries.filter((entry) => entry.type === 'verification' && entry.planId === run.json.planId);
        assert.equal(verified.length, 1, `one verification is audited for ${run.json.request}`);
        assert.equal(verified[0]!.data['ok'], true);
      }
      const check = await cirroIn(where, ['audit', 'verify']);
      assert.equal(check.status, 0, `cirro audit verify:\n${shown(check)}`);
    });
  }
});

describe('concurrency: a change that lands while a plan is still being made', () => {
  let world: RedteamGym;
  before(async () => {
    world = await startRedteamGym();
  });
  after(async () => {
    await world.gym.stop();
  });

  it('the resize notices web-1 changed after it read the cloud, and plans again instead of applying blind', async () => {
    const id = await launchInstance(world.cloud, { name: 'web-1', instanceType: 't3.micro' });
    // The resize looks up its instance type after reading the inventory; the gym holds that call, and
    // another tool tags web-1 meanwhile. No lock is involved: nobody else is running Cirro.
    const held = await admin(world.gym, 'POST', '/_gym/faults', { operation: 'DescribeInstanceTypes', latencyMs: 2500, count: 1 });
    assert.equal(held.status, 201, JSON.stringify(held.body));
    const where = newCaseHome();
    const running = askIn(where, world.gym.endpoint, RESIZE, '--yes');
    for (let attempt = 0; (await admin(world.gym, 'GET', '/_gym/faults')).body.faults.length > 0; attempt++) {
      assert.ok(attempt < 400, 'the resize never looked up its instance type');
      await sleep(25);
    }
    await world.cloud.ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'team', Value: 'blue' }] }));
    const run = await running;
    assert.equal(run.status, 0, shown(run));
    const instance = await describeInstance(world.cloud, id);
    assert.equal(instance.InstanceType, 't3.small');
    assert.equal(instance.Tags?.find((tag) => tag.Key === 'team')?.Value, 'blue', 'the other change survives');
    assert.match(run.json.text, REPLANNED, `the resize says web-1 changed under its plan and planned again:\n${run.json.text}`);
    assert.ok(auditEntries(where).some((entry) => entry.type === 'plan' && entry.planId === run.json.planId && entry.data['replanned'] === true), 'the re-plan is audited');
  });
});

/** A run says it succeeded, its verification passed on every check, and its plan and checks are about what it was asked. */
function assertTruthful(run: CirroRun, label: string, about: { plan: RegExp; checks: RegExp }): void {
  assert.equal(run.json.decision, 'executed', `${label}:\n${shown(run)}`);
  assert.equal(run.json.outcome.status, 'succeeded', `${label}:\n${shown(run)}`);
  assert.ok(run.json.outcome.agentSteps > 0, `${label} ran steps`);
  const verification = run.json.verification;
  assert.ok(verification?.ok === true, `${label} verification: ${JSON.stringify(verification)}`);
  assert.ok(verification.checks.length > 0 && verification.checks.every((check: any) => check.ok), `${label} checks: ${JSON.stringify(verification.checks)}`);
  assert.match(JSON.stringify(verification.checks), about.checks, `${label}: the checks are about ${about.checks}`);
  assert.match(JSON.stringify(run.json.plan), about.plan, `${label}: the reported plan is the one that ran`);
  assert.match(run.json.text, /Done in/);
}

/**
 * The other run's writes that landed after this run made its plan and before this run's own first write,
 * when this run did not plan again after them: a plan applied to a cloud that changed since it was made.
 */
function appliedBlind(entries: readonly AuditEntry[], planId: string, otherPlanId: string): string[] {
  // The gateway's entries carry the call's effect; the runner's journal entries are the plan's applied (changing) steps.
  const isWrite = (entry: AuditEntry) => entry.type === 'call' && entry.data['effect'] !== 'read';
  const planned = entries.filter((entry) => entry.type === 'plan' && entry.planId === planId);
  const firstWrite = entries.find((entry) => entry.planId === planId && isWrite(entry));
  if (planned.length === 0 || !firstWrite) return [];
  const madeAt = planned[0]!.seq;
  const lastPlan = planned.filter((entry) => entry.seq < firstWrite.seq).at(-1)!.seq;
  return entries
    .filter((entry) => entry.planId === otherPlanId && isWrite(entry) && entry.seq > madeAt && entry.seq < firstWrite.seq && entry.seq > lastPlan)
    .map((entry) => `#${entry.seq} ${String(entry.data['operation'])} of ${otherPlanId} landed after ${planId} was planned (#${madeAt}) and before its first write (#${firstWrite.seq}), with no re-plan`);
}
