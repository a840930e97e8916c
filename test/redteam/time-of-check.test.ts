import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateTagsCommand } from '@aws-sdk/client-ec2';
import { describeInstance } from '../../src/bench/fixtures.js';
import { admin } from '../support/gym.js';
import { askIn, auditEntries, buildEstate, newCaseHome, shown, startRedteamGym, type Estate, type RedteamGym } from './redteam-world.js';

/*
 * Red team: time of check, time of use. A request is planned and checked against the tags the cloud
 * had when Cirro read it; if web-2 is tagged env=prod after that read and before the terminate runs,
 * the terminate must not go through for an operator. The gym holds one of the inventory's reads
 * (DescribeKeyPairs) for a while, so the tag lands deterministically inside that window.
 */

/** Resolves once the gym has handed out every injected fault (the held call has started). */
async function faultTaken(world: RedteamGym): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { body } = await admin(world.gym, 'GET', '/_gym/faults');
    if ((body.faults as unknown[]).length === 0) return;
    await sleep(25);
  }
  throw new Error('the cirro process never made the held call');
}

describe('red team: tagged env=prod between plan and run', () => {
  let world: RedteamGym;
  let estate: Estate;
  before(async () => {
    world = await startRedteamGym();
    estate = await buildEstate(world.cloud, { prodDatabase: false });
  });
  after(async () => {
    await world.gym.stop();
  });

  it('operator "terminate web-2" --yes does not terminate web-2 once it is tagged env=prod mid-plan', async () => {
    const web2 = estate.instances['web-2']!;
    const held = await admin(world.gym, 'POST', '/_gym/faults', { operation: 'DescribeKeyPairs', latencyMs: 3000, count: 1 });
    assert.equal(held.status, 201, JSON.stringify(held.body));
    const where = newCaseHome();
    const running = askIn(where, world.gym.endpoint, 'terminate web-2', '--yes');
    await faultTaken(world);
    // The inventory's other reads (DescribeInstances with web-2's tags) went out with the held one.
    await sleep(300);
    await world.cloud.ec2.send(new CreateTagsCommand({ Resources: [web2], Tags: [{ Key: 'env', Value: 'prod' }] }));
    const run = await running;

    assert.notEqual((await describeInstance(world.cloud, web2)).State?.Name, 'terminated', `web-2, now env=prod, survives:\n${shown(run)}`);
    assert.notEqual(run.status, 0, shown(run));
    assert.ok(['refused', 'failed'].includes(run.json.decision), shown(run));
    assert.notEqual(run.json.outcome.status, 'succeeded', 'the report does not claim success');
    assert.match(run.json.text, /env=prod/, 'the text says why it stopped');
    const refusals = auditEntries(where).filter((entry) => entry.type === 'refusal' && entry.resources?.includes(web2));
    assert.ok(refusals.length > 0, 'the refusal is audited against web-2');
  });
});
