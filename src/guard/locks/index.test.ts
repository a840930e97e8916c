import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireResourceLocks, lockFileName, type HeldLocks, type LockHolder } from './index.js';

const moduleUrl = new URL('./index.js', import.meta.url).href;

function freshDirectory(): string {
  return join(mkdtempSync(join(tmpdir(), 'cirro-locks-')), 'locks');
}

async function mustAcquire(directory: string, ids: readonly string[], owner: string, timeoutMs = 5_000, onWait?: (holder: LockHolder) => void): Promise<HeldLocks> {
  const result = await acquireResourceLocks(directory, ids, { owner, timeoutMs, ...(onWait ? { onWait } : {}) });
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.value;
}

/** A pid that no process has: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

/** Runs a Node script (an ES module) as a real process; resolves to its stdout once it exits. */
function runScript(source: string, signalAfterStdout?: NodeJS.Signals): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (signalAfterStdout) child.kill(signalAfterStdout);
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

describe('acquireResourceLocks', () => {
  it('makes a second holder wait until the first releases, and says whom it waited for', async () => {
    const directory = freshDirectory();
    const first = await mustAcquire(directory, ['i-0abc'], 'plan-1');
    assert.equal(first.waitedMs, 0);
    assert.deepEqual(first.waitedFor, []);
    const seen: LockHolder[] = [];
    let secondDone = false;
    const second = mustAcquire(directory, ['i-0abc'], 'plan-2', 5_000, (holder) => seen.push(holder)).then((held) => {
      secondDone = true;
      return held;
    });
    await sleep(150);
    assert.equal(secondDone, false, 'the second holder must not get the lock while the first holds it');
    first.release();
    const held = await second;
    assert.ok(held.waitedMs >= 100, `waited ${held.waitedMs} ms`);
    assert.equal(held.waitedFor.length, 1);
    assert.equal(held.waitedFor[0]!.owner, 'plan-1');
    assert.equal(held.waitedFor[0]!.pid, process.pid);
    assert.ok(!Number.isNaN(Date.parse(held.waitedFor[0]!.since)));
    assert.deepEqual(seen, held.waitedFor, 'onWait is told once about the holder');
    held.release();
    assert.deepEqual(readdirSync(directory), [], 'released locks leave no files');
  });

  it('gives up after the timeout, names the holder, and keeps none of the locks it took', async () => {
    const directory = freshDirectory();
    const blocker = await mustAcquire(directory, ['vol-2'], 'plan-blocker');
    const started = Date.now();
    const result = await acquireResourceLocks(directory, ['vol-1', 'vol-2'], { owner: 'plan-late', timeoutMs: 120 });
    const elapsed = Date.now() - started;
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.holder.owner, 'plan-blocker');
    assert.equal(result.holder.pid, process.pid);
    assert.match(result.error, /vol-2 is locked by plan-blocker \(pid \d+, since .*\); gave up after 120 ms/);
    assert.ok(elapsed >= 100 && elapsed < 2_000, `gave up after ${elapsed} ms`);
    const free = await acquireResourceLocks(directory, ['vol-1'], { owner: 'plan-next', timeoutMs: 0 });
    assert.ok(free.ok, 'vol-1, taken before the timeout, was released');
    free.value.release();
    blocker.release();
  });

  it('takes over a lock whose holder died without releasing it', async () => {
    const directory = freshDirectory();
    await mustAcquire(directory, ['sg-1'], 'probe').then((held) => held.release());
    const pid = await deadPid();
    writeFileSync(join(directory, lockFileName('sg-1')), JSON.stringify({ owner: 'crashed-plan', pid, since: new Date().toISOString(), token: `${pid}-x` }));
    const started = Date.now();
    const held = await mustAcquire(directory, ['sg-1'], 'plan-after-crash', 1_000);
    assert.ok(Date.now() - started < 500, 'a dead holder is not waited for');
    assert.deepEqual(held.waitedFor, []);
    assert.match(readFileSync(join(directory, lockFileName('sg-1')), 'utf8'), /plan-after-crash/);
    held.release();
  });

  it('cannot deadlock: processes asking for [a, b] and [b, a] over and over all finish', async () => {
    const directory = freshDirectory();
    // Separate processes, because within one process taking free locks never yields between ids.
    const worker = (ids: string[], owner: string) => `
      import { acquireResourceLocks } from ${JSON.stringify(moduleUrl)};
      let rounds = 0;
      for (let round = 0; round < 40; round++) {
        const result = await acquireResourceLocks(${JSON.stringify(directory)}, ${JSON.stringify(ids)}, { owner: ${JSON.stringify(owner)}, timeoutMs: 3000 });
        if (!result.ok) { console.log(result.error); process.exit(1); }
        await new Promise((resolve) => setTimeout(resolve, 1));
        result.value.release();
        rounds += 1;
      }
      console.log(rounds);
    `;
    const runs = await Promise.all([runScript(worker(['a', 'b'], 'forward')), runScript(worker(['b', 'a', 'a'], 'backward'))]);
    assert.deepEqual(runs.map((run) => run.stdout.trim()), ['40', '40']);
  });

  it('release removes only the locks this holder still owns', async () => {
    const directory = freshDirectory();
    const held = await mustAcquire(directory, ['eni-1'], 'plan-1');
    const path = join(directory, lockFileName('eni-1'));
    // Someone else took the lock over (as they would from a holder thought dead).
    writeFileSync(path, JSON.stringify({ owner: 'plan-2', pid: process.pid, since: new Date().toISOString(), token: 'other' }));
    held.release();
    assert.ok(existsSync(path), 'the other holder keeps its lock');
    held.release();
  });

  it('names lock files safely for ARNs and keeps ids that sanitize alike apart', () => {
    const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-lb/50dc6c495c0c9188';
    const name = lockFileName(arn);
    assert.match(name, /^[A-Za-z0-9._-]+\.lock$/);
    assert.ok(name.length < 120);
    assert.notEqual(lockFileName('a:b'), lockFileName('a_b'));
    assert.equal(lockFileName(arn), name, 'the same id always maps to the same file');
  });

  it('serializes two real processes contending for the same resource', async () => {
    const directory = freshDirectory();
    const script = (owner: string) => `
      import { acquireResourceLocks } from ${JSON.stringify(moduleUrl)};
      const result = await acquireResourceLocks(${JSON.stringify(directory)}, ['i-shared', 'i-${owner}'], { owner: ${JSON.stringify(owner)}, timeoutMs: 10000 });
      if (!result.ok) { console.log(JSON.stringify({ error: result.error })); process.exit(1); }
      const start = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const end = Date.now();
      result.value.release();
      console.log(JSON.stringify({ owner: ${JSON.stringify(owner)}, start, end, waitedFor: result.value.waitedFor.map((holder) => holder.owner) }));
    `;
    const runs = await Promise.all([runScript(script('left')), runScript(script('right'))]);
    const reports = runs.map((run) => {
      assert.equal(run.code, 0, run.stdout);
      return JSON.parse(run.stdout) as { owner: string; start: number; end: number; waitedFor: string[] };
    });
    const [earlier, later] = reports.sort((a, b) => a.start - b.start);
    assert.ok(later!.start >= earlier!.end, `holds overlap: ${JSON.stringify(reports)}`);
    assert.deepEqual(later!.waitedFor, [earlier!.owner]);
    assert.deepEqual(readdirSync(directory), []);
  });

  it('frees a process\'s locks when it exits, and takes over those of a killed one', async () => {
    const directory = freshDirectory();
    const hold = (owner: string, then: string) => `
      import { acquireResourceLocks } from ${JSON.stringify(moduleUrl)};
      const result = await acquireResourceLocks(${JSON.stringify(directory)}, ['vpc-1'], { owner: ${JSON.stringify(owner)}, timeoutMs: 1000 });
      console.log(result.ok ? 'held' : result.error);
      ${then}
    `;
    const exited = await runScript(hold('exits', 'process.exit(0);'));
    assert.equal(exited.stdout.trim(), 'held');
    assert.deepEqual(readdirSync(directory), [], 'an orderly exit removes the lock');
    const killed = await runScript(hold('killed', 'setInterval(() => {}, 1000);'), 'SIGKILL');
    assert.equal(killed.stdout.trim(), 'held');
    assert.equal(readdirSync(directory).length, 1, 'a killed process leaves its lock behind');
    const held = await mustAcquire(directory, ['vpc-1'], 'after-kill', 1_000);
    assert.deepEqual(held.waitedFor, []);
    held.release();
  });
});
