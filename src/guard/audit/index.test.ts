import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAuditLog, type AuditLogFile } from './index.js';
import type { AuditEvent } from './types.js';

const moduleUrl = new URL('./index.js', import.meta.url).href;

function freshDirectory(): string {
  return join(mkdtempSync(join(tmpdir(), 'cirro-audit-')), 'audit');
}

/** A clock that starts at a fixed time and moves one minute per reading. */
function minuteClock(start = Date.parse('2025-06-01T12:00:00Z')): () => Date {
  let next = start;
  return () => {
    const now = new Date(next);
    next += 60_000;
    return now;
  };
}

function call(operation: string, resources: string[], planId?: string): AuditEvent {
  return { type: 'call', actor: 'gateway:agent-1', resources, ...(planId ? { planId } : {}), data: { operation, result: 'ok', ms: 12 } };
}

function logWith(count: number): { log: AuditLogFile; directory: string } {
  const directory = freshDirectory();
  const log = openAuditLog(directory, { now: minuteClock() });
  for (let index = 1; index <= count; index++) log.append(call(`Operation${index}`, [`i-${index}`]));
  return { log, directory };
}

function lines(log: AuditLogFile): string[] {
  return readFileSync(log.path, 'utf8').split('\n').filter((line) => line !== '');
}

function rewrite(log: AuditLogFile, edit: (lines: string[]) => string[]): void {
  writeFileSync(log.path, edit(lines(log)).map((line) => `${line}\n`).join(''));
}

/** The hash as the contract defines it, computed here independently of the module's own helper. */
function expectedHash(entry: Record<string, unknown>): string {
  const sorted = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(sorted);
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]));
  };
  const { hash: _hash, ...rest } = entry;
  return createHash('sha256').update(String(rest['prev']) + JSON.stringify(sorted(rest))).digest('hex');
}

describe('openAuditLog: appending', () => {
  it('writes one JSON line per event, numbered and chained from 64 zeros', () => {
    const { log } = logWith(3);
    const written = lines(log).map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(written.map((entry) => entry['seq']), [1, 2, 3]);
    assert.equal(written[0]!['prev'], '0'.repeat(64));
    assert.equal(written[1]!['prev'], written[0]!['hash']);
    assert.equal(written[2]!['prev'], written[1]!['hash']);
    for (const entry of written) assert.equal(entry['hash'], expectedHash(entry));
    assert.equal(written[0]!['time'], '2025-06-01T12:00:00.000Z');
    assert.deepEqual(written[1]!['data'], { operation: 'Operation2', result: 'ok', ms: 12 });
  });

  it('returns the entry it wrote, as read() finds it', () => {
    const log = openAuditLog(freshDirectory(), { now: minuteClock() });
    const entry = log.append({ type: 'plan', actor: 'cirro-ask', planId: 'plan-7', resources: ['i-1'], data: { steps: 2 } });
    assert.deepEqual(log.read(), [entry]);
  });

  it('creates the log readable by its owner only, in a directory only its owner can enter', () => {
    const { log, directory } = logWith(1);
    assert.equal(statSync(log.path).mode & 0o777, 0o600);
    assert.equal(statSync(directory).mode & 0o777, 0o700);
  });

  it('chains correctly when two handles in one process take turns', () => {
    const directory = freshDirectory();
    const first = openAuditLog(directory);
    const second = openAuditLog(directory);
    for (let round = 0; round < 5; round++) {
      first.append(call('DescribeInstances', []));
      second.append(call('RunInstances', []));
    }
    assert.deepEqual(first.verify(), { ok: true, entries: 10, tornLines: [] });
  });

  it('keeps the chain when several processes append at once', async () => {
    const directory = freshDirectory();
    const writer = (actor: string) => `
      import { openAuditLog } from ${JSON.stringify(moduleUrl)};
      const log = openAuditLog(${JSON.stringify(directory)});
      for (let index = 0; index < 300; index++) log.append({ type: 'call', actor: ${JSON.stringify(actor)}, data: { index } });
    `;
    const codes = await Promise.all(['gateway', 'ask-1', 'ask-2'].map((actor) => new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', writer(actor)], { stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('error', reject);
      child.on('exit', resolve);
    })));
    assert.deepEqual(codes, [0, 0, 0]);
    const log = openAuditLog(directory);
    assert.deepEqual(log.verify(), { ok: true, entries: 900, tornLines: [] });
    for (const actor of ['gateway', 'ask-1', 'ask-2']) {
      const indexes = log.read().filter((entry) => entry.actor === actor).map((entry) => entry.data['index']);
      assert.deepEqual(indexes, [...Array(300).keys()], `every entry of ${actor}, in its order`);
    }
  });

  it('takes over a lock left by a dead process, or held too long', async () => {
    const directory = freshDirectory();
    const log = openAuditLog(directory, { lockStaleMs: 100 });
    log.append(call('DescribeInstances', []));
    const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => dead.on('exit', resolve));
    writeFileSync(join(directory, 'audit.lock'), `${dead.pid} crashed-1`);
    log.append(call('RunInstances', []));
    // A live holder (the process that runs this test) whose lock is older than any append takes.
    writeFileSync(join(directory, 'audit.lock'), `${process.ppid} hung-1`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    log.append(call('TerminateInstances', []));
    assert.deepEqual(log.verify(), { ok: true, entries: 3, tornLines: [] });
    assert.ok(!existsSync(join(directory, 'audit.lock')), 'the lock is released after each append');
  });

  it('leaves only the log behind once closed, removing lock holder files of dead processes', async () => {
    const directory = freshDirectory();
    const killed = spawn(process.execPath, ['--input-type=module', '-e', `
      import { openAuditLog } from ${JSON.stringify(moduleUrl)};
      openAuditLog(${JSON.stringify(directory)}).append({ type: 'call', actor: 'killed', data: {} });
      process.kill(process.pid, 'SIGKILL');
    `], { stdio: 'ignore' });
    await new Promise((resolve) => killed.on('exit', resolve));
    assert.equal(readdirSync(directory).filter((name) => name.startsWith('audit.lock.holder-')).length, 1, 'a killed process leaves its holder file');
    const log = openAuditLog(directory);
    log.append(call('RunInstances', []));
    log.close();
    assert.deepEqual(readdirSync(directory), ['audit.jsonl']);
  });

  it('waits for a live holder of the lock instead of writing past it', async () => {
    const { log, directory } = logWith(1);
    const lockPath = join(directory, 'audit.lock');
    writeFileSync(lockPath, `${process.ppid} busy-1`);
    // Pipes are synchronous on Linux: 'trying' is out before the append blocks.
    const child = spawn(process.execPath, ['--input-type=module', '-e', `
      import { openAuditLog } from ${JSON.stringify(moduleUrl)};
      const log = openAuditLog(${JSON.stringify(directory)});
      console.log('trying');
      const started = Date.now();
      log.append({ type: 'call', actor: 'late', data: {} });
      console.log(Date.now() - started);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    const trying = new Promise<void>((resolve) => child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('trying')) resolve();
    }));
    await trying;
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(lines(log).length, 1, 'nothing is written while another process holds the lock');
    renameSync(lockPath, `${lockPath}.gone`);
    await new Promise((resolve) => child.on('exit', resolve));
    const waited = Number(stdout.replace('trying', '').trim());
    assert.ok(waited >= 200, `the append waited ${waited} ms`);
    assert.deepEqual(log.verify(), { ok: true, entries: 2, tornLines: [] });
  });

  it('follows the file when it is replaced behind an open handle', () => {
    const { log } = logWith(3);
    // An editor-style save: write a copy, rename it over the original.
    writeFileSync(`${log.path}.tmp`, readFileSync(log.path));
    renameSync(`${log.path}.tmp`, log.path);
    const entry = log.append(call('RebootInstances', []));
    assert.equal(entry.seq, 4);
    assert.deepEqual(log.verify(), { ok: true, entries: 4, tornLines: [] });
  });
});

describe('openAuditLog: a write cut short by a crash', () => {
  it('reports the torn last line, still reads every whole entry, and the next append continues on a fresh line', () => {
    const { log } = logWith(3);
    const goodHash = (JSON.parse(lines(log)[2]!) as { hash: string }).hash;
    appendFileSync(log.path, '{"seq":4,"time":"2025-06-01T12:0');
    const torn = log.verify();
    assert.equal(torn.ok, false);
    if (torn.ok) return;
    assert.equal(torn.brokenAt, 4);
    assert.equal(torn.entries, 3);
    assert.match(torn.reason, /line 4 is not valid JSON: a write cut short by a crash, or an edit; the next append continues the chain after entry 3/);
    assert.equal(log.read().length, 3);

    // A fresh process (a fresh handle) appends after the crash.
    const entry = openAuditLog(join(log.path, '..'), { now: minuteClock() }).append(call('StartInstances', []));
    assert.equal(entry.seq, 4);
    assert.equal(entry.prev, goodHash);
    const after = lines(log);
    assert.equal(after.length, 5);
    assert.equal(after[3], '{"seq":4,"time":"2025-06-01T12:0', 'the torn fragment stays, on its own line');
    assert.deepEqual(JSON.parse(after[4]!), entry);
    assert.deepEqual(log.verify(), { ok: true, entries: 4, tornLines: [4] });
    assert.deepEqual(log.read().map((read) => read.seq), [1, 2, 3, 4]);
  });

  it('continues correctly in the process that saw the file before the crash of another', () => {
    const { log } = logWith(2);
    appendFileSync(log.path, '{"seq":3,"ti');
    log.append(call('StopInstances', []));
    log.append(call('StartInstances', []));
    assert.deepEqual(log.verify(), { ok: true, entries: 4, tornLines: [3] });
  });
});

describe('openAuditLog: verify() and tampering', () => {
  it('says an untouched log is intact, and an absent one too (with no entries)', () => {
    assert.deepEqual(logWith(5).log.verify(), { ok: true, entries: 5, tornLines: [] });
    assert.deepEqual(openAuditLog(freshDirectory()).verify(), { ok: true, entries: 0, tornLines: [] });
  });

  it('does not depend on the order of keys in a line', () => {
    const { log } = logWith(3);
    rewrite(log, (all) => all.map((line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(Object.fromEntries(Object.entries(entry).reverse()));
    }));
    assert.deepEqual(log.verify(), { ok: true, entries: 3, tornLines: [] });
  });

  it('finds an edited entry', () => {
    const { log } = logWith(5);
    rewrite(log, (all) => all.map((line, index) => (index === 2 ? line.replace('"result":"ok"', '"result":"denied"') : line)));
    const result = log.verify();
    assert.deepEqual({ ...result, tornLines: undefined }, { ok: false, entries: 2, brokenAt: 3, reason: 'entry 3 (line 3) was edited: its content no longer matches its hash', tornLines: undefined });
  });

  it('finds an entry edited with its hash recomputed, at the next entry', () => {
    const { log } = logWith(5);
    rewrite(log, (all) => all.map((line, index) => {
      if (index !== 1) return line;
      const entry = JSON.parse(line) as Record<string, unknown>;
      const edited = { ...entry, data: { operation: 'Nothing', result: 'ok', ms: 12 } };
      return JSON.stringify({ ...edited, hash: expectedHash(edited) });
    }));
    const result = log.verify();
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.brokenAt, 3);
    assert.match(result.reason, /entry 3 \(line 3\) does not chain from entry 2: entry 2 was rewritten with a recomputed hash, or replaced/);
  });

  it('finds a deleted entry, several, and the first ones', () => {
    const one = logWith(5).log;
    rewrite(one, (all) => all.filter((_, index) => index !== 2));
    assert.deepEqual(pick(one.verify()), { brokenAt: 3, reason: 'entry 3 was deleted: entry 4 (line 3) follows entry 2' });
    const several = logWith(6).log;
    rewrite(several, (all) => all.filter((_, index) => index !== 1 && index !== 2));
    assert.deepEqual(pick(several.verify()), { brokenAt: 2, reason: 'entries 2 to 3 were deleted: entry 4 (line 2) follows entry 1' });
    const first = logWith(3).log;
    rewrite(first, (all) => all.slice(1));
    assert.deepEqual(pick(first.verify()), { brokenAt: 1, reason: 'entry 1 was deleted: entry 2 (line 1) follows nothing' });
  });

  it('finds reordered and repeated entries', () => {
    const swapped = logWith(5).log;
    rewrite(swapped, (all) => [all[0]!, all[2]!, all[1]!, all[3]!, all[4]!]);
    assert.deepEqual(pick(swapped.verify()), { brokenAt: 2, reason: 'entries are out of order: entry 3 (line 2) comes before entry 2 (line 3)' });
    const repeated = logWith(3).log;
    rewrite(repeated, (all) => [all[0]!, all[1]!, all[1]!, all[2]!]);
    assert.deepEqual(pick(repeated.verify()), { brokenAt: 3, reason: 'entry 2 (line 3) is repeated or out of order: it comes after entry 2' });
  });

  it('finds a line that is not JSON, or not an entry, in the middle', () => {
    const garbled = logWith(4).log;
    rewrite(garbled, (all) => all.map((line, index) => (index === 1 ? line.slice(0, 40) : line)));
    assert.deepEqual(pick(garbled.verify()), { brokenAt: 2, reason: 'line 2 is not valid JSON (edited or corrupted)' });
    const foreign = logWith(4).log;
    rewrite(foreign, (all) => all.map((line, index) => (index === 1 ? '{"note":"nothing happened"}' : line)));
    assert.deepEqual(pick(foreign.verify()), { brokenAt: 2, reason: 'line 2 is JSON but not an audit entry (no seq, time, type, prev or hash) (edited or corrupted)' });
  });
});

describe('openAuditLog: read(filter)', () => {
  it('filters by time, resource (an id matches its ARN too) and plan', () => {
    const log = openAuditLog(freshDirectory(), { now: minuteClock() });
    log.append(call('RunInstances', ['i-1'], 'plan-a'));
    log.append(call('CreateLoadBalancer', ['arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/i-1x'], 'plan-b'));
    log.append(call('RegisterTargets', ['arn:aws:ec2:us-east-1:123456789012:instance/i-1'], 'plan-b'));
    log.append(call('ModifyInstanceAttribute', ['i-10'], 'plan-c'));
    assert.deepEqual(log.read({ resource: 'i-1' }).map((entry) => entry.seq), [1, 3]);
    assert.deepEqual(log.read({ planId: 'plan-b' }).map((entry) => entry.seq), [2, 3]);
    assert.deepEqual(log.read({ since: new Date('2025-06-01T12:02:00Z') }).map((entry) => entry.seq), [3, 4]);
    assert.deepEqual(log.read({ since: new Date('2025-06-01T12:01:00Z'), planId: 'plan-b', resource: 'i-1' }).map((entry) => entry.seq), [3]);
    assert.deepEqual(openAuditLog(freshDirectory()).read(), []);
  });
});

function pick(result: ReturnType<AuditLogFile['verify']>): { brokenAt: number; reason: string } | 'intact' {
  return result.ok ? 'intact' : { brokenAt: result.brokenAt, reason: result.reason };
}
