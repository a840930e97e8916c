import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateVpcCommand, DescribeImagesCommand, DescribeInstancesCommand, DescribeVpcsCommand, EC2Client, RunInstancesCommand, type Vpc,
} from '@aws-sdk/client-ec2';
import { startTestGym, TEST_CREDENTIALS } from '../support/gym.js';
import { runCirro, startChildGym, temporaryFolder, type ChildGym } from './child-gym.js';

function ec2(endpoint: string, region = 'us-east-1'): EC2Client {
  return new EC2Client({ endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

/** Every VPC of a region, by id, with the CIDR and Name tag a user would compare. */
async function vpcsById(endpoint: string, region = 'us-east-1'): Promise<Map<string, string>> {
  const client = ec2(endpoint, region);
  try {
    const { Vpcs } = await client.send(new DescribeVpcsCommand({}));
    return new Map((Vpcs ?? []).map((vpc: Vpc) => [vpc.VpcId!, `${vpc.CidrBlock} ${vpc.Tags?.find((tag) => tag.Key === 'Name')?.Value ?? '-'}`]));
  } finally {
    client.destroy();
  }
}

async function createVpc(client: EC2Client, cidr: string, name: string): Promise<string> {
  const { Vpc: vpc } = await client.send(new CreateVpcCommand({ CidrBlock: cidr, TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: name }] }] }));
  return vpc!.VpcId!;
}

describe('a gym killed with SIGKILL keeps everything it acknowledged', () => {
  const home = temporaryFolder('cirro-persist-');
  const running: ChildGym[] = [];
  const start = async (stateDirectory: string) => {
    const gym = await startChildGym(stateDirectory, home.path);
    running.push(gym);
    return gym;
  };
  after(async () => {
    for (const gym of running) if (gym.child.exitCode === null && gym.child.signalCode === null) await gym.kill();
    home.cleanup();
  });

  it('replays the checkpoint and the journal: resources from before a clean stop and from before a kill, same ids', async () => {
    const state = join(home.path, 'replay');
    const first = await start(state);
    const client = ec2(first.endpoint);
    const stopped = await createVpc(client, '10.1.0.0/16', 'before-stop');
    client.destroy();
    const beforeStop = await vpcsById(first.endpoint);
    const stop = await first.stop('SIGTERM');
    assert.equal(stop.code, 0);
    assert.equal(existsSync(join(state, 'journal.jsonl')), false, 'a clean stop leaves everything in the checkpoint');

    const second = await start(state);
    assert.deepEqual(await vpcsById(second.endpoint), beforeStop);
    const clock = await (await fetch(`${second.endpoint}/_gym/clock`)).json() as { now: string };
    const client2 = ec2(second.endpoint);
    const killedA = await createVpc(client2, '10.2.0.0/16', 'before-kill-a');
    const killedB = await createVpc(client2, '10.3.0.0/16', 'before-kill-b');
    client2.destroy();
    const beforeKill = await vpcsById(second.endpoint);
    const killed = await second.kill();
    assert.equal(killed.signal, 'SIGKILL');
    assert.ok(statSync(join(state, 'journal.jsonl')).size > 0, 'the kill left acknowledged writes in the journal only');

    const third = await start(state);
    const after = await vpcsById(third.endpoint);
    assert.deepEqual(after, beforeKill);
    for (const id of [stopped, killedA, killedB]) assert.ok(after.has(id), `${id} survived`);
    const later = await (await fetch(`${third.endpoint}/_gym/clock`)).json() as { now: string };
    assert.ok(Date.parse(later.now) >= Date.parse(clock.now), `simulated time went backwards: ${clock.now} then ${later.now}`);
    const client3 = ec2(third.endpoint);
    const fresh = await createVpc(client3, '10.4.0.0/16', 'after-restart');
    client3.destroy();
    assert.ok(!after.has(fresh), 'a restarted gym never hands out an id it already used');
    await third.stop();
  });

  it('keeps instances and their pending state transitions across a kill', async () => {
    const state = join(home.path, 'instances');
    const gym = await start(state);
    // Frozen, so the launch is still pending at the kill and only its persisted timer can finish it.
    assert.equal((await postJson(`${gym.endpoint}/_gym/clock`, { freeze: true })).frozen, true);
    const client = ec2(gym.endpoint);
    const images = await client.send(new DescribeImagesCommand({ Owners: ['amazon'], Filters: [{ Name: 'architecture', Values: ['x86_64'] }] }));
    const launched = await client.send(new RunInstancesCommand({
      ImageId: images.Images![0]!.ImageId!, InstanceType: 't3.micro', MinCount: 2, MaxCount: 2,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] }],
    }));
    const ids = launched.Instances!.map((instance) => instance.InstanceId!);
    const before = await client.send(new DescribeInstancesCommand({ InstanceIds: ids }));
    client.destroy();
    await gym.kill();

    const restarted = await start(state);
    const after = ec2(restarted.endpoint);
    const described = await after.send(new DescribeInstancesCommand({ InstanceIds: ids }));
    assert.deepEqual(described.Reservations, before.Reservations, 'the same instances, ids, addresses and state');
    assert.deepEqual(described.Reservations!.flatMap((reservation) => reservation.Instances!.map((instance) => instance.State!.Name)), ['pending', 'pending']);
    const clock = await (await fetch(`${restarted.endpoint}/_gym/clock`)).json() as { frozen: boolean; pendingTimers: number };
    assert.equal(clock.frozen, true, 'a frozen clock stays frozen across a restart');
    assert.ok(clock.pendingTimers >= 2, `the boot timers survived (${clock.pendingTimers} pending)`);
    await postJson(`${restarted.endpoint}/_gym/clock`, { advanceSeconds: 600 });
    const running = await after.send(new DescribeInstancesCommand({ InstanceIds: ids }));
    assert.deepEqual(running.Reservations!.flatMap((reservation) => reservation.Instances!.map((instance) => instance.State!.Name)), ['running', 'running']);
    after.destroy();
    await restarted.stop();
  });

  it('keeps every write acknowledged before a kill in the middle of a burst', async () => {
    const state = join(home.path, 'burst');
    const gym = await start(state);
    // Spread over regions so per-region VPC quotas never refuse a write; four VPCs beside each default.
    const regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-central-1', 'ap-south-1'];
    const clients = new Map(regions.map((region) => [region, ec2(gym.endpoint, region)]));
    const acknowledged: [string, string][] = [];
    let failed = 0;
    let killing: Promise<unknown> | undefined;
    // One writer per region, each sending its next write as soon as the last is acknowledged, so
    // writes are in flight in every region when the kill lands.
    const writes = regions.map(async (region, regionIndex) => {
      for (const index of [0, 1, 2, 3]) {
        try {
          const id = await createVpc(clients.get(region)!, `10.${regionIndex * 4 + index}.0.0/16`, `burst-${regionIndex}-${index}`);
          acknowledged.push([region, id]);
          if (acknowledged.length === 8) killing = gym.kill();
        } catch {
          failed++;
        }
      }
    });
    await Promise.all(writes);
    await killing;
    for (const client of clients.values()) client.destroy();
    assert.ok(acknowledged.length >= 8 && failed > 0, `the kill should land mid-burst: ${acknowledged.length} acknowledged, ${failed} failed`);

    const restarted = await start(state);
    for (const region of regions) {
      const found = await vpcsById(restarted.endpoint, region);
      for (const [ackRegion, id] of acknowledged) if (ackRegion === region) assert.ok(found.has(id), `acknowledged ${id} in ${region} was lost`);
    }
    // Unacknowledged writes may or may not have landed, but nothing is duplicated or half-made.
    const all = await vpcsById(restarted.endpoint, 'us-east-1');
    assert.equal(new Set(all.values()).size, all.size);
    await restarted.stop();
    assert.equal(failed + acknowledged.length, 32);
  });

  it('ignores a torn last journal line, and refuses a corrupt middle line naming the file and line', async () => {
    const state = join(home.path, 'torn');
    const gym = await start(state);
    const client = ec2(gym.endpoint);
    const kept = await createVpc(client, '10.5.0.0/16', 'kept');
    await createVpc(client, '10.6.0.0/16', 'second');
    client.destroy();
    await gym.kill();
    const journal = join(state, 'journal.jsonl');
    const intact = readFileSync(journal, 'utf8');

    appendFileSync(journal, '{"changes":[["us-east-1/ec2/vpcs","vpc-0');
    const recovered = await start(state);
    assert.ok((await vpcsById(recovered.endpoint)).has(kept));
    await recovered.kill();

    const lines = intact.split('\n');
    lines[1] = `${lines[1]!.slice(0, 30)}`;
    writeFileSync(journal, lines.join('\n'));
    const refused = await runCirro(['gym', 'start', '--port', '0', '--state-dir', state], home.path);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`${escape(journal)}:2: line 2 is corrupt and is not the last line`));
    assert.match(refused.stderr, /move the state directory aside/);
    assert.equal(refused.stdout.includes('serving'), false);
    assert.equal(existsSync(join(state, 'gym.lock')), false, 'a gym that failed to open does not keep the directory locked');
    rmSync(journal);
  });

  it('refuses a second gym on the same state directory and leaves the first one serving', async () => {
    const state = join(home.path, 'shared');
    const first = await start(state);
    const client = ec2(first.endpoint);
    const id = await createVpc(client, '10.7.0.0/16', 'mine');
    client.destroy();

    const second = await runCirro(['gym', 'start', '--port', '0', '--state-dir', state], home.path);
    assert.equal(second.code, 1);
    assert.match(second.stderr, new RegExp(`a gym \\(pid ${first.pid}\\) already serves ${escape(state)} at ${escape(first.endpoint)}; stop it first`));

    // Without the registration file the lock still holds: two gyms must never share one journal.
    rmSync(join(state, 'gym.json'));
    const third = await runCirro(['gym', 'start', '--port', '0', '--state-dir', state], home.path);
    assert.equal(third.code, 1);
    assert.match(third.stderr, new RegExp(`the state directory ${escape(state)} is in use by another gym \\(pid ${first.pid}, since `));

    assert.ok((await vpcsById(first.endpoint)).has(id), 'the first gym still serves its world');
    await first.kill();
    const reopened = await start(state);
    assert.ok((await vpcsById(reopened.endpoint)).has(id), 'the refused gyms did not overwrite the state');
    await reopened.stop();
  });

  it('never lets a stopped gym write to a state directory another gym has taken over', async () => {
    const state = join(home.path, 'handover');
    const first = await startTestGym({ stateDirectory: state });
    await first.stop();
    const second = await startTestGym({ stateDirectory: state });
    let id: string;
    try {
      const client = ec2(second.endpoint);
      id = await createVpc(client, '10.9.0.0/16', 'second');
      client.destroy();
      await first.stop();
      const late = await first.handle({
        method: 'POST', path: '/', headers: {}, body: Buffer.alloc(0),
        params: new URLSearchParams('Action=CreateVpc&Version=2016-11-15&CidrBlock=10.10.0.0/16'),
      });
      assert.equal(late.status, 500, 'a stopped gym refuses to change state it no longer owns');
    } finally {
      await second.stop();
    }
    const third = await startTestGym({ stateDirectory: state });
    try {
      const vpcs = await vpcsById(third.endpoint);
      assert.ok(vpcs.has(id), "the second gym's acknowledged VPC survived");
      assert.equal([...vpcs.values()].filter((value) => value.startsWith('10.10.0.0/16')).length, 0);
    } finally {
      await third.stop();
    }
  });
});

async function postJson(url: string, body: unknown): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(response.status, 200);
  return response.json();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
