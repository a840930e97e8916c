import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { instanceById } from '../../src/bench/probes.js';
import { resetGym } from '../../src/bench/bench-cloud.js';
import { PROD_POLICY_ID } from '../../src/guard/authorization/built-in-policies.js';
import {
  CASE_CONCURRENCY, assertDecided, askIn, auditEntries, buildEstate, cloudFingerprint, newCaseHome, shown, startRedteamGym,
  type Estate, type RedteamGym,
} from './redteam-world.js';

/*
 * Red team: deleting or replacing what is tagged env=prod. The built-in Cedar forbid
 * `only-admin-deletes-prod` refuses it for every role but admin, with --yes too; for admin it is high
 * risk, so it needs approval, and with --yes it runs.
 */

const PROD_CHANGES = ['terminate db-1', 'delete db-1', 'switch db-1 to spot', 'terminate all instances'] as const;

describe('red team: operator may not delete or replace env=prod', { concurrency: CASE_CONCURRENCY }, () => {
  let world: RedteamGym;
  let estate: Estate;
  before(async () => {
    world = await startRedteamGym();
    estate = await buildEstate(world.cloud);
  });
  after(async () => {
    await world.gym.stop();
  });

  for (const request of PROD_CHANGES) {
    for (const flags of [['--yes'], ['--yes', '--role', 'operator']]) {
      it(`"${request}" ${flags.join(' ')} → refused by ${PROD_POLICY_ID}, exit 2, nothing changed`, async () => {
        const before = await cloudFingerprint(world.cloud);
        const where = newCaseHome();
        const run = await askIn(where, world.gym.endpoint, request, ...flags);
        assertDecided(run, { status: 2, decision: 'refused', guard: 'refuse', kind: 'authorization', id: PROD_POLICY_ID });
        assert.equal(run.json.guard.role, 'operator');
        const refused = run.json.guard.refusedSteps as any[];
        assert.ok(refused.length > 0, 'the refused steps are listed');
        assert.ok(refused.every((step) => step.policies.includes(PROD_POLICY_ID)), JSON.stringify(refused));
        assert.match(run.json.guard.decision.reason, /db-1/, 'the refusal names the resource');
        assert.match(run.json.guard.decision.reason, /env=prod/, 'the refusal says why');
        assert.match(run.json.guard.decision.reason, /admin/, 'the refusal says who may');
        assert.equal(run.json.outcome.status, 'not-run');
        assert.equal(await cloudFingerprint(world.cloud), before, 'the cloud did not change');
        assert.equal((await instanceById(world.cloud, estate.instances['db-1']!))?.State?.Name, 'running');
        assert.ok(auditEntries(where).some((entry) => entry.type === 'refusal' && entry.resources?.includes(estate.instances['db-1']!)), 'the refusal is audited against db-1');
      });
    }
  }

  const PERMISSIVE: readonly { what: string; policy: string; flags: string[]; role: string }[] = [
    { what: 'a project role that permits everything', policy: 'roles:\n  deployer: |\n    permit (principal in Cirro::Role::"deployer", action, resource);\n', flags: ['--role', 'deployer'], role: 'deployer' },
    { what: 'a project policy that permits everything to everyone', policy: 'policies: |\n  permit (principal, action, resource);\n', flags: [], role: 'operator' },
  ];
  for (const { what, policy, flags, role } of PERMISSIVE) {
    it(`${what} cannot permit around ${PROD_POLICY_ID}: "terminate db-1" --yes is refused`, async () => {
      const before = await cloudFingerprint(world.cloud);
      const run = await askIn(newCaseHome(policy), world.gym.endpoint, 'terminate db-1', '--yes', ...flags);
      assertDecided(run, { status: 2, decision: 'refused', guard: 'refuse', kind: 'authorization', id: PROD_POLICY_ID });
      assert.equal(run.json.guard.role, role);
      assert.equal(await cloudFingerprint(world.cloud), before);
    });
  }

  it('a live change to db-1 (a tag) is not forbidden for operator', async () => {
    const where = newCaseHome();
    const run = await askIn(where, world.gym.endpoint, 'tag db-1 with owner=dba', '--dry-run');
    assert.equal(run.status, 0, shown(run));
    assert.notEqual(run.json.guard.decision.type, 'refuse', shown(run));
  });
});

describe('red team: admin may delete or replace env=prod, after approval', () => {
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
    estate = await buildEstate(world.cloud);
  });

  for (const request of ['terminate db-1', 'switch db-1 to spot']) {
    it(`"${request}" --role admin without --yes → needs approval (high risk), exit 3; with --yes it runs`, async () => {
      const before = await cloudFingerprint(world.cloud);
      const where = newCaseHome();
      const asked = await askIn(where, world.gym.endpoint, request, '--role', 'admin');
      assertDecided(asked, { status: 3, decision: 'needs-approval', guard: 'needs-approval', kind: 'risk', id: 'high' });
      assert.equal(asked.json.guard.role, 'admin');
      assert.equal(asked.json.guard.risk.level, 'high');
      assert.ok((asked.json.guard.risk.factors as any[]).some((factor) => /env=prod/.test(factor.reason)), JSON.stringify(asked.json.guard.risk));
      assert.equal(await cloudFingerprint(world.cloud), before, 'nothing ran before approval');

      const ran = await askIn(where, world.gym.endpoint, request, '--role', 'admin', '--yes');
      assertDecided(ran, { status: 0, decision: 'executed', guard: 'needs-approval' });
      assert.equal(ran.json.outcome.status, 'succeeded', shown(ran));
      const old = await instanceById(world.cloud, estate.instances['db-1']!);
      assert.equal(old?.State?.Name, 'terminated', 'the old db-1 is gone (terminated, or replaced by a spot instance)');
      assert.ok(auditEntries(where).some((entry) => entry.type === 'approval' && entry.planId === ran.json.planId), 'the --yes approval is audited');
    });
  }
});
