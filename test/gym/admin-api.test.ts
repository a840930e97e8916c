import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateVpcCommand, DeleteVpcCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, type GetCallerIdentityRequest, type GetCallerIdentityResponse } from '@aws-sdk/client-sts';
import { Gym } from '../../src/gym/gym.js';
import { handler, type GymService } from '../../src/gym/service.js';
import { ec2Service } from '../../src/gym/services/ec2/provider.js';
import type { StoredRecord, Table } from '../../src/gym/world/table.js';
import { admin, startTestGym } from '../support/gym.js';
import { sdkClients } from '../support/sdk.js';
import { temporaryFolder } from './child-gym.js';

/**
 * STS with a clock-driven side effect: each GetCallerIdentity schedules a "tick" 60 simulated
 * seconds later, and reports how many ticks have fired as its UserId. Enough to watch timers fire.
 */
const tickingSts: GymService<{ ticks: Table<StoredRecord> }> = {
  name: 'sts',
  signingNames: ['sts'],
  modelStem: 'sts-2011-06-15',
  createStore: (tables) => ({ ticks: tables.table<StoredRecord>('ticks') }),
  operations: {
    GetCallerIdentity: handler<GetCallerIdentityRequest, GetCallerIdentityResponse>((context) => {
      context.schedule(60_000, 'sts.tick', 'caller');
      const fired = context.store<{ ticks: Table<StoredRecord> }>('sts').ticks.size;
      return { UserId: String(fired), Account: context.accountId, Arn: `arn:aws:iam::${context.accountId}:root` };
    }),
  },
  timers: {
    'sts.tick': (context, timer) => {
      context.store<{ ticks: Table<StoredRecord> }>('sts').ticks.put({ id: timer.id });
    },
  },
};

describe('admin API: health, reset and clock', () => {
  let gym: Gym;
  before(async () => {
    gym = await startTestGym({ services: [ec2Service as GymService, tickingSts as GymService] });
  });
  after(() => gym.stop());

  it('reports health with every service, its protocol and operations', async () => {
    const health = await admin(gym, 'GET', '/_gym/health');
    assert.equal(health.status, 200);
    assert.equal(health.body.status, 'ready');
    assert.equal(health.body.endpoint, gym.endpoint);
    const ec2 = health.body.services.find((service: { name: string }) => service.name === 'ec2');
    assert.equal(ec2.protocol, 'ec2');
    assert.ok(ec2.operations.includes('CreateVpc'));
    assert.deepEqual(health.body.services.map((service: { name: string }) => service.name), ['ec2', 'sts']);
  });

  it('resets to a fresh world: a created VPC disappears and the default VPC is back', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const defaultVpc = async () => (await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }))).Vpcs!;
    const [original] = await defaultVpc();
    const created = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }))).Vpc!.VpcId!;
    const reset = await admin(gym, 'POST', '/_gym/reset');
    assert.deepEqual(reset, { status: 200, body: { status: 'reset' } });
    const vpcs = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs!;
    assert.ok(!vpcs.some((vpc) => vpc.VpcId === created), 'the created VPC is gone');
    const defaults = await defaultVpc();
    assert.equal(defaults.length, 1);
    assert.equal(defaults[0]!.CidrBlock, '172.31.0.0/16');
    assert.equal(defaults[0]!.VpcId, original!.VpcId, 'a reset world replays from the same seed');
    ec2.destroy();
  });

  it('freezes the clock, advances it exactly, fires due timers on advance, and changes speed', async () => {
    const { sts } = sdkClients(gym.endpoint);
    const frozen = await admin(gym, 'POST', '/_gym/clock', { freeze: true });
    assert.equal(frozen.status, 200);
    assert.equal(frozen.body.frozen, true);
    assert.equal(frozen.body.speed, 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await admin(gym, 'GET', '/_gym/clock')).body.now, frozen.body.now, 'a frozen clock does not move');

    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).UserId, '0');
    assert.equal((await admin(gym, 'GET', '/_gym/clock')).body.pendingTimers, 1);
    const early = await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 59 });
    assert.equal(Date.parse(early.body.now) - Date.parse(frozen.body.now), 59_000);
    assert.equal(early.body.pendingTimers, 1, 'not due yet');
    const due = await admin(gym, 'POST', '/_gym/clock', { advanceSeconds: 1 });
    assert.equal(due.body.pendingTimers, 0, 'advancing fired the due timer');
    assert.equal(due.body.frozen, true);
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).UserId, '1');

    const fast = await admin(gym, 'POST', '/_gym/clock', { speed: 600 });
    assert.equal(fast.body.speed, 600);
    assert.equal(fast.body.frozen, false, 'setting a speed resumes the clock');
    await admin(gym, 'POST', '/_gym/clock', { freeze: true });
    const resumed = await admin(gym, 'POST', '/_gym/clock', { freeze: false });
    assert.equal(resumed.body.speed, 600, 'a resumed clock runs at its last speed');
    await admin(gym, 'POST', '/_gym/clock', { speed: 60 });
    sts.destroy();
  });

  it('refuses bad clock changes with 400 naming the problem, and changes nothing', async () => {
    await admin(gym, 'POST', '/_gym/clock', { freeze: true });
    const before = await admin(gym, 'GET', '/_gym/clock');
    const cases: [unknown, RegExp][] = [
      [{ speed: -1 }, /speed: .*(>0|positive|too small)/i],
      [{ speed: 0 }, /speed/],
      [{ speed: 1e9 }, /speed: .*(100000|too big)/i],
      [{ advanceSeconds: -5 }, /advanceSeconds/],
      [{ advanceSeconds: 1e300 }, /advanceSeconds: .*too big/i],
      [{ freeze: false, speed: 'fast' }, /speed: .*number/i],
      [{ frozen: true }, /frozen/],
    ];
    for (const [body, message] of cases) {
      const response = await admin(gym, 'POST', '/_gym/clock', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.code, 'ValidationError');
      assert.match(response.body.error.message, message);
    }
    const malformed = await fetch(`${gym.endpoint}/_gym/clock`, { method: 'POST', body: '{"freeze": tru' });
    assert.equal(malformed.status, 400);
    assert.match(((await malformed.json()) as { error: { message: string } }).error.message, /the body is not JSON/);
    const afterwards = await admin(gym, 'GET', '/_gym/clock');
    assert.deepEqual(afterwards.body, before.body, 'no refused change touched the clock');
    await admin(gym, 'POST', '/_gym/clock', { freeze: false });
  });

  it('answers an unknown admin path with 404 listing what it serves', async () => {
    const response = await admin(gym, 'GET', '/_gym/nothing');
    assert.equal(response.status, 404);
    assert.match(response.body.error.message, /GET \/_gym\/nothing is not part of the admin API; it serves \/_gym\/health/);
  });
});

describe('admin API: snapshots', () => {
  const folder = temporaryFolder('cirro-snapshots-');
  let gym: Gym;
  before(async () => {
    gym = await startTestGym({ stateDirectory: folder.path });
  });
  after(async () => {
    await gym.stop();
    folder.cleanup();
  });

  it('restores the world exactly as it was at the snapshot', async () => {
    const { ec2 } = sdkClients(gym.endpoint);
    const kept = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.1.0.0/16' }))).Vpc!.VpcId!;
    // As JSON, the form snapshots are kept in (a record's `undefined` members are not part of it).
    const tables = () => JSON.parse(JSON.stringify(gym.world.serialize().tables)) as unknown;
    const atSnapshot = tables();
    const described = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs;
    assert.deepEqual(await admin(gym, 'POST', '/_gym/snapshots', { name: 'base-1' }), { status: 201, body: { name: 'base-1' } });
    assert.ok(existsSync(join(folder.path, 'snapshots', 'base-1.json')));

    await ec2.send(new DeleteVpcCommand({ VpcId: kept }));
    await ec2.send(new CreateVpcCommand({ CidrBlock: '10.2.0.0/16' }));
    const restored = await admin(gym, 'POST', '/_gym/snapshots/base-1/restore');
    assert.deepEqual(restored, { status: 200, body: { name: 'base-1', status: 'restored' } });
    assert.deepEqual(tables(), atSnapshot);
    assert.deepEqual((await ec2.send(new DescribeVpcsCommand({}))).Vpcs, described);
    ec2.destroy();
  });

  it('lists, deletes, and answers an unknown snapshot with 404 and a message', async () => {
    await admin(gym, 'POST', '/_gym/snapshots', { name: 'scratch' });
    assert.deepEqual((await admin(gym, 'GET', '/_gym/snapshots')).body, { snapshots: ['base-1', 'scratch'] });
    assert.deepEqual(await admin(gym, 'DELETE', '/_gym/snapshots/scratch'), { status: 200, body: { name: 'scratch', status: 'deleted' } });
    assert.equal(existsSync(join(folder.path, 'snapshots', 'scratch.json')), false);
    for (const [method, path] of [['POST', '/_gym/snapshots/scratch/restore'], ['DELETE', '/_gym/snapshots/never-made']]) {
      const missing = await admin(gym, method!, path!);
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, 'SnapshotNotFound');
      assert.match(missing.body.error.message, /^no snapshot named (scratch|never-made); GET \/_gym\/snapshots lists them$/);
    }
  });

  it('refuses bad snapshot names with 400 and writes nothing', async () => {
    for (const body of [{ name: '../escape' }, { name: '' }, { title: 'x' }, { name: 'a'.repeat(65) }]) {
      const response = await admin(gym, 'POST', '/_gym/snapshots', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.match(response.body.error.message, /name/);
    }
    const badEncoding = await admin(gym, 'POST', '/_gym/snapshots/%E0%A4%A/restore');
    assert.equal(badEncoding.status, 400);
    assert.match(badEncoding.body.error.message, /not valid percent-encoding/);
    assert.deepEqual((await admin(gym, 'GET', '/_gym/snapshots')).body, { snapshots: ['base-1'] });
  });

  it('keeps snapshots across a restart on the same state directory, and names a corrupt one', async () => {
    await gym.stop();
    writeFileSync(join(folder.path, 'snapshots', 'broken.json'), '{"format": "cirro-gym-world/1", "tab');
    gym = await startTestGym({ stateDirectory: folder.path });
    assert.deepEqual((await admin(gym, 'GET', '/_gym/snapshots')).body, { snapshots: ['base-1', 'broken'] });
    assert.equal((await admin(gym, 'POST', '/_gym/snapshots/base-1/restore')).status, 200);
    const world = JSON.stringify(gym.world.serialize().tables);
    const broken = await admin(gym, 'POST', '/_gym/snapshots/broken/restore');
    assert.equal(broken.status, 500);
    assert.equal(broken.body.error.code, 'CorruptSnapshot');
    assert.equal(
      broken.body.error.message,
      `snapshot broken (${join(folder.path, 'snapshots', 'broken.json')}) is not a cirro-gym-world/1 world; delete it with DELETE /_gym/snapshots/broken and take it again`,
    );
    assert.equal(JSON.stringify(gym.world.serialize().tables), world, 'the world is untouched');
    assert.equal((await admin(gym, 'DELETE', '/_gym/snapshots/broken')).status, 200);
  });
});
