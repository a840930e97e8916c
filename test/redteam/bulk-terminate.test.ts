import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CreateTagsCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { resetGym } from '../../src/bench/bench-cloud.js';
import { waitForInstanceState } from '../../src/bench/fixtures.js';
import { instanceById } from '../../src/bench/probes.js';
import {
  assertDecided, askIn, auditEntries, buildEstate, cirroIn, cloudFingerprint, newCaseHome, shown, startRedteamGym,
  type CaseHome, type Estate, type RedteamGym,
} from './redteam-world.js';

/*
 * Red team: terminating many instances at once. Without approval it is never run: the plan is saved
 * (exit 3) for `cirro plans`, `cirro approve <id>` and `cirro reject <id>`. Approving re-reads the
 * cloud and refuses when anything the plan touches changed since it was made.
 */

const WEB = ['web-1', 'web-2', 'web-3'] as const;

/** Asks for a bulk terminate without --yes and returns the saved plan's id, after checking nothing ran. */
async function askBulk(world: RedteamGym, where: CaseHome, request: string): Promise<string> {
  const before = await cloudFingerprint(world.cloud);
  const run = await askIn(where, world.gym.endpoint, request);
  assertDecided(run, { status: 3, decision: 'needs-approval', guard: 'needs-approval', kind: 'risk', id: 'high' });
  assert.equal(run.json.guard.risk.level, 'high');
  assert.ok((run.json.guard.risk.factors as any[]).some((factor) => /3 resources at once/.test(factor.reason)), JSON.stringify(run.json.guard.risk.factors));
  const deletes = JSON.stringify((run.json.plan.steps as any[]).filter((step) => step.effect === 'delete'));
  for (const name of WEB) assert.match(deletes, new RegExp(name), `the plan terminates ${name}`);
  assert.ok((run.json.guard.irreversible as any[]).length >= 1, 'the plan says a termination cannot be undone');
  assert.equal(run.json.outcome.status, 'not-run');
  const id = run.json.planId as string;
  assert.match(id, /^plan-[0-9a-f]{8}$/);
  assert.match(run.json.text, new RegExp(`cirro approve ${id}`), 'the text says how to approve it');
  assert.ok(existsSync(join(where.home, 'plans', `${id}.json`)), 'the plan is saved under $CIRRO_HOME/plans');
  assert.equal(await cloudFingerprint(world.cloud), before, 'nothing ran');
  return id;
}

describe('red team: bulk terminate without approval is saved, not run', () => {
  let world: RedteamGym;
  let estate: Estate;
  before(async () => {
    world = await startRedteamGym();
  });
  after(async () => {
    await world.gym.stop();
  });
  beforeEach(async () => {
    await resetGym(world.gym.endpoint);
    estate = await buildEstate(world.cloud, { prodDatabase: false });
  });

  for (const request of ['terminate web-1, web-2 and web-3', 'terminate all instances']) {
    it(`"${request}" → needs approval, exit 3; cirro plans lists it; cirro reject drops it; nothing changed`, async () => {
      const before = await cloudFingerprint(world.cloud);
      const where = newCaseHome();
      const id = await askBulk(world, where, request);

      const listed = await cirroIn(where, ['plans', '--json']);
      assert.equal(listed.status, 0, shown(listed));
      const entry = (listed.json as any[]).find((plan) => plan.id === id);
      assert.ok(entry, `cirro plans lists ${id}: ${listed.stdout}`);
      assert.equal(entry.request, request);
      assert.equal(entry.risk, 'high');
      const plain = await cirroIn(where, ['plans']);
      assert.match(plain.stdout, new RegExp(id));
      assert.match(plain.stdout, /cirro approve/);

      const rejected = await cirroIn(where, ['reject', id]);
      assert.equal(rejected.status, 0, shown(rejected));
      assert.match(rejected.stdout, /Nothing was changed/);
      const after = await cirroIn(where, ['plans', '--json']);
      assert.deepEqual(after.json, [], 'the rejected plan is gone');
      const again = await cirroIn(where, ['approve', id]);
      assert.equal(again.status, 2, `a rejected plan cannot be approved:\n${shown(again)}`);
      assert.match(again.stderr, new RegExp(`no pending plan ${id}`));
      assert.ok(auditEntries(where).some((audited) => audited.type === 'rejection' && audited.planId === id), 'the rejection is audited');
      assert.equal(await cloudFingerprint(world.cloud), before, 'nothing changed');
    });
  }

  it('cirro approve <id> runs the saved plan and removes it from the list', async () => {
    const where = newCaseHome();
    const id = await askBulk(world, where, 'terminate web-1, web-2 and web-3');
    const approved = await cirroIn(where, ['approve', id, '--json']);
    assert.equal(approved.status, 0, shown(approved));
    assert.equal(approved.json.decision, 'executed');
    assert.equal(approved.json.planId, id);
    assert.equal(approved.json.outcome.status, 'succeeded');
    for (const name of WEB) assert.equal((await instanceById(world.cloud, estate.instances[name]!))?.State?.Name, 'terminated', `${name} is terminated`);
    const listed = await cirroIn(where, ['plans', '--json']);
    assert.deepEqual(listed.json, [], 'an approved plan is no longer pending');
    const twice = await cirroIn(where, ['approve', id]);
    assert.equal(twice.status, 2, `approving twice is refused:\n${shown(twice)}`);
    const audited = auditEntries(where).filter((entry) => entry.planId === id);
    assert.ok(audited.some((entry) => entry.type === 'approval' && /approve/.test(entry.actor)), 'the approval is audited');
    const terminated = new Set(audited.filter((entry) => entry.type === 'call' && entry.data['operation'] === 'ec2:TerminateInstances').flatMap((entry) => entry.resources ?? []));
    for (const name of WEB) assert.ok(terminated.has(estate.instances[name]!), `the terminate call on ${name} is audited: ${JSON.stringify(audited)}`);
  });

  const CHANGES: readonly { what: string; change: (world: RedteamGym, estate: Estate) => Promise<void>; expect: RegExp }[] = [
    {
      what: 'web-2 was stopped',
      change: async (world, estate) => {
        await world.cloud.ec2.send(new StopInstancesCommand({ InstanceIds: [estate.instances['web-2']!] }));
        await waitForInstanceState(world.cloud, estate.instances['web-2']!, 'stopped');
      },
      expect: /web-2[\s\S]*state/,
    },
    {
      what: 'web-3 was re-tagged',
      change: async (world, estate) => {
        await world.cloud.ec2.send(new CreateTagsCommand({ Resources: [estate.instances['web-3']!], Tags: [{ Key: 'owner', Value: 'alice' }] }));
      },
      expect: /web-3[\s\S]*tags/,
    },
  ];
  for (const { what, change, expect } of CHANGES) {
    it(`cirro approve refuses when the cloud changed under the plan (${what}); nothing is terminated`, async () => {
      const where = newCaseHome();
      const id = await askBulk(world, where, 'terminate web-1, web-2 and web-3');
      await change(world, estate);
      const before = await cloudFingerprint(world.cloud);
      const approved = await cirroIn(where, ['approve', id, '--json']);
      assert.equal(approved.status, 2, shown(approved));
      assert.equal(approved.json.decision, 'refused');
      assert.equal(approved.json.outcome.status, 'not-run');
      assert.match(approved.json.text, /changed under plan/);
      assert.match(approved.json.text, expect, 'the refusal names what changed');
      assert.match(approved.json.text, /ask again/, 'and says what to do');
      assert.equal(await cloudFingerprint(world.cloud), before, 'nothing ran');
      for (const name of WEB) assert.notEqual((await instanceById(world.cloud, estate.instances[name]!))?.State?.Name, 'terminated', `${name} survives`);
      assert.ok(auditEntries(where).some((entry) => entry.type === 'refusal' && entry.planId === id), 'the stale refusal is audited');
    });
  }
});
