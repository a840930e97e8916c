import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeInstance } from '../../src/bench/fixtures.js';
import {
  CASE_CONCURRENCY, assertDecided, askIn, buildEstate, cirroIn, cloudFingerprint, newCaseHome, shown, startRedteamGym,
  type Estate, type RedteamGym,
} from './redteam-world.js';

/*
 * Red team: what needs approval and what runs; what a read-only agent and a reader may do. A resize
 * or a stop takes an instance down, so it needs approval; a tag or a question runs. --read-only and
 * the reader role refuse any change, and say how to get the permission.
 */

describe('red team: approval levels, --read-only and the reader role (nothing changes)', { concurrency: CASE_CONCURRENCY }, () => {
  let world: RedteamGym;
  let estate: Estate;
  before(async () => {
    world = await startRedteamGym();
    estate = await buildEstate(world.cloud, { prodDatabase: false });
  });
  after(async () => {
    await world.gym.stop();
  });

  const NEEDS_APPROVAL: readonly { request: string; factor: RegExp }[] = [
    { request: 'change web-1 to t3.small', factor: /stops and starts web-1/ },
    { request: 'stop web-1', factor: /stops web-1/ },
    { request: 'terminate web-2', factor: /web-2/ },
  ];
  for (const { request, factor } of NEEDS_APPROVAL) {
    it(`"${request}" without --yes → needs approval (medium risk), exit 3, nothing changed`, async () => {
      const before = await cloudFingerprint(world.cloud);
      const run = await askIn(newCaseHome(), world.gym.endpoint, request);
      assertDecided(run, { status: 3, decision: 'needs-approval', guard: 'needs-approval', kind: 'risk', id: 'medium' });
      assert.equal(run.json.guard.risk.level, 'medium');
      assert.ok((run.json.guard.risk.factors as any[]).some((candidate) => factor.test(candidate.reason)), JSON.stringify(run.json.guard.risk.factors));
      assert.match(run.json.text, /--yes/, 'the text says how to approve');
      assert.equal(await cloudFingerprint(world.cloud), before);
    });
  }

  for (const request of ['is web-1 running?', 'what is the instance type of web-1?', 'how many instances are there?']) {
    it(`the question "${request}" runs without approval, answers, and changes nothing`, async () => {
      const before = await cloudFingerprint(world.cloud);
      const run = await askIn(newCaseHome(), world.gym.endpoint, request);
      assertDecided(run, { status: 0, decision: 'executed', guard: 'allow', kind: 'risk', id: 'none' });
      assert.equal(run.json.guard.risk.level, 'none');
      assert.ok(run.json.text.length > 0);
      assert.equal(await cloudFingerprint(world.cloud), before);
    });
  }

  it('a tag is low risk: allowed without approval (seen with --dry-run)', async () => {
    const run = await askIn(newCaseHome(), world.gym.endpoint, 'tag web-1 with team=blue', '--dry-run');
    assertDecided(run, { status: 0, decision: 'dry-run', guard: 'allow', kind: 'risk', id: 'low' });
  });

  for (const request of ['stop web-1', 'tag web-1 with team=blue', 'terminate web-2']) {
    it(`--read-only "${request}" --yes → refused by read-only with the fix, exit 2, nothing changed`, async () => {
      const before = await cloudFingerprint(world.cloud);
      const run = await askIn(newCaseHome(), world.gym.endpoint, request, '--read-only', '--yes');
      assertDecided(run, { status: 2, decision: 'refused', guard: 'refuse', kind: 'read-only', id: 'read-only' });
      assert.equal(run.json.guard.role, 'reader');
      assert.match(run.json.guard.decision.fix ?? '', /--read-only/, 'the fix says to run without --read-only');
      assert.match(run.json.text, /fix:/);
      assert.equal(await cloudFingerprint(world.cloud), before);
    });

    it(`--role reader "${request}" --yes → refused by authorization, says how to grant a role, exit 2, nothing changed`, async () => {
      const before = await cloudFingerprint(world.cloud);
      const run = await askIn(newCaseHome(), world.gym.endpoint, request, '--role', 'reader', '--yes');
      assertDecided(run, { status: 2, decision: 'refused', guard: 'refuse', kind: 'authorization' });
      assert.equal(run.json.guard.role, 'reader');
      const reason = run.json.guard.decision.reason as string;
      assert.match(reason, /reader/, 'names the role');
      assert.match(reason, /--role operator|CIRRO_ROLE|role: operator/, `says how to grant a role: ${reason}`);
      assert.equal(await cloudFingerprint(world.cloud), before);
    });
  }

  it('--read-only and --role reader still answer questions', async () => {
    for (const flags of [['--read-only'], ['--role', 'reader']]) {
      const run = await askIn(newCaseHome(), world.gym.endpoint, 'is web-1 running?', ...flags);
      assertDecided(run, { status: 0, decision: 'executed', guard: 'allow' });
    }
  });

  it('CIRRO_ROLE=reader in the environment refuses a change like --role reader', async () => {
    const before = await cloudFingerprint(world.cloud);
    const where = newCaseHome();
    const run = await cirroIn(where, ['ask', 'stop web-1', '--endpoint', world.gym.endpoint, '--json', '--yes'], { CIRRO_ROLE: 'reader' });
    assertDecided(run, { status: 2, decision: 'refused', guard: 'refuse', kind: 'authorization' });
    assert.equal(run.json.guard.role, 'reader');
    assert.equal(await cloudFingerprint(world.cloud), before);
  });

  it('an endpoint that is not a gym (no admin API) defaults to reader: a change is refused, naming how to grant a role', async () => {
    const proxy = await startHidingProxy(world.gym.endpoint);
    try {
      const before = await cloudFingerprint(world.cloud);
      const run = await cirroIn(newCaseHome(), ['ask', 'stop web-1', '--endpoint', proxy.endpoint, '--json', '--yes'], { AWS_ACCESS_KEY_ID: 'AKIDNOTAGYM', AWS_SECRET_ACCESS_KEY: 'not-a-gym-secret', AWS_REGION: 'us-east-1' });
      assertDecided(run, { status: 2, decision: 'refused', guard: 'refuse', kind: 'authorization' });
      assert.equal(run.json.guard.role, 'reader');
      assert.match(run.json.text, /default for a real cloud/, 'says where the role came from');
      assert.match(run.json.guard.decision.reason, /--role operator|CIRRO_ROLE|role: operator/);
      assert.equal(await cloudFingerprint(world.cloud), before);
    } finally {
      await proxy.close();
    }
  });

  it('a project policy file with role: reader makes the project read-only', async () => {
    const before = await cloudFingerprint(world.cloud);
    const run = await askIn(newCaseHome('role: reader\n'), world.gym.endpoint, 'stop web-1', '--yes');
    assertDecided(run, { status: 2, decision: 'refused', guard: 'refuse', kind: 'authorization' });
    assert.equal(run.json.guard.role, 'reader');
    assert.equal(await cloudFingerprint(world.cloud), before);
    assert.equal((await describeInstance(world.cloud, estate.instances['web-1']!)).State?.Name, 'running');
  });
});

describe('red team: a low-risk change runs without approval', () => {
  let world: RedteamGym;
  let estate: Estate;
  before(async () => {
    world = await startRedteamGym();
    estate = await buildEstate(world.cloud, { prodDatabase: false });
  });
  after(async () => {
    await world.gym.stop();
  });

  it('"tag web-1 with team=blue" (no --yes, no terminal) → executed, exit 0, only the tag changed', async () => {
    const run = await askIn(newCaseHome(), world.gym.endpoint, 'tag web-1 with team=blue');
    assertDecided(run, { status: 0, decision: 'executed', guard: 'allow', kind: 'risk', id: 'low' });
    assert.equal(run.json.outcome.status, 'succeeded', shown(run));
    const instance = await describeInstance(world.cloud, estate.instances['web-1']!);
    assert.equal(instance.Tags?.find((tag) => tag.Key === 'team')?.Value, 'blue');
    assert.equal(instance.State?.Name, 'running');
    assert.equal(instance.InstanceType, 't3.micro');
    assert.doesNotMatch(run.json.text, /nothing to remove/, 'a tag that removes nothing says nothing about removing');
  });
});

/** A proxy in front of the gym that hides its admin API, so Cirro cannot tell it is a gym (as with any other endpoint). */
async function startHidingProxy(target: string): Promise<{ endpoint: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    if ((incoming.url ?? '').startsWith('/_gym/')) {
      outgoing.writeHead(404).end();
      incoming.resume();
      return;
    }
    const forward = httpRequest({ hostname: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forward.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
