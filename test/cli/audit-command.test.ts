import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAuditLog } from '../../src/guard/audit/index.js';
import { runCirro, type CirroRun } from '../e2e/cirro-process.js';

const MINUTE = 60_000;

/** A fresh CIRRO_HOME. */
function freshHome(): string {
  return mkdtempSync(join(tmpdir(), 'cirro-audit-home-'));
}

function audit(home: string, ...args: string[]): Promise<CirroRun> {
  return runCirro(['audit', ...args], { environment: { CIRRO_HOME: home } });
}

/**
 * A log like a guarded `cirro ask` leaves: a plan, its decision, two gateway calls and a verification,
 * written 3 h, 2 h, 20 min, 10 min and 5 min ago.
 */
function seedLog(home: string): string {
  const ages = [180, 120, 20, 10, 5].map((minutes) => new Date(Date.now() - minutes * MINUTE));
  const log = openAuditLog(join(home, 'audit'), { now: () => ages.shift()! });
  const balancer = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/web-lb/50dc6c495c0c9188';
  log.append({ type: 'plan', actor: 'cirro-ask', planId: 'plan-old', resources: ['i-0aaa'], data: { request: 'stop web-1', steps: 1 } });
  log.append({ type: 'decision', actor: 'cirro-ask', planId: 'plan-old', resources: ['i-0aaa'], data: { decision: 'allow', rule: 'risk-low' } });
  log.append({ type: 'call', actor: 'gateway:agent-1', planId: 'plan-new', resources: [balancer], data: { operation: 'CreateLoadBalancer', result: 'ok', ms: 41 } });
  log.append({ type: 'call', actor: 'gateway:agent-1', planId: 'plan-new', resources: ['i-0bbb', 'i-0ccc'], data: { operation: 'RegisterTargets', result: 'ok', ms: 12 } });
  log.append({ type: 'verification', actor: 'cirro-ask', planId: 'plan-new', data: { passed: true, checks: ['web-lb active', 'targets healthy'] } });
  log.close();
  return log.path;
}

function seqs(run: CirroRun): number[] {
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim().split('\n').filter((line) => line !== '').map((line) => (JSON.parse(line) as { seq: number }).seq);
}

describe('cirro audit', () => {
  it('says there is no log yet, and succeeds', async () => {
    const home = freshHome();
    for (const args of [[], ['verify']]) {
      const run = await audit(home, ...args);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^no audit log yet: Cirro starts .*audit\.jsonl when it runs a plan or its gateway serves a call\n$/);
    }
  });

  it('shows one line per entry: time, number, type, actor, plan, resources and details', async () => {
    const home = freshHome();
    seedLog(home);
    const run = await audit(home);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0]!, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z +#1 +plan +cirro-ask +plan-old +i-0aaa +request="stop web-1" steps=1$/);
    assert.match(lines[3]!, /#4 +call +gateway:agent-1 +plan-new +i-0bbb,i-0ccc +operation=RegisterTargets result=ok ms=12$/);
    assert.match(lines[4]!, /#5 +verification +cirro-ask +plan-new +- +passed=true checks=\["web-lb active","targets healthy"\]$/);
    // Columns line up: every line has its number at the same place.
    assert.equal(new Set(lines.map((line) => line.indexOf(' #'))).size, 1);
  });

  it('filters by time, resource (an id finds its ARN) and plan; --json prints the stored entries', async () => {
    const home = freshHome();
    const path = seedLog(home);
    assert.deepEqual(seqs(await audit(home, '--since', '30m', '--json')), [3, 4, 5]);
    assert.deepEqual(seqs(await audit(home, '--since', '150m', '--json')), [2, 3, 4, 5]);
    const since = new Date(Date.now() - 15 * MINUTE).toISOString();
    assert.deepEqual(seqs(await audit(home, '--since', since, '--json')), [4, 5]);
    assert.deepEqual(seqs(await audit(home, '--resource', 'i-0ccc', '--json')), [4]);
    assert.deepEqual(seqs(await audit(home, '--resource', '50dc6c495c0c9188', '--json')), [3]);
    assert.deepEqual(seqs(await audit(home, '--plan', 'plan-old', '--json')), [1, 2]);
    assert.deepEqual(seqs(await audit(home, '--plan', 'plan-new', '--since', '12m', '--json')), [4, 5]);
    const stored = readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown);
    const all = await audit(home, '--json');
    assert.deepEqual(all.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown), stored);
    const none = await audit(home, '--plan', 'plan-x');
    assert.equal(none.status, 0);
    assert.equal(none.stdout, 'no audit entries match plan plan-x (the log has 5 entries)\n');
  });

  it('refuses a --since it cannot read, and unknown words, with exit 2', async () => {
    const home = freshHome();
    seedLog(home);
    const bad = await audit(home, '--since', 'yesterday');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /cirro audit: --since 'yesterday' is neither a duration nor a time: use 30m, 2h, 7d, or an ISO time like 2025-06-01T12:00:00Z/);
    const unit = await audit(home, '--since', '5y');
    assert.equal(unit.status, 2);
    const word = await audit(home, 'check');
    assert.equal(word.status, 2);
    assert.match(word.stderr, /unexpected 'check': the only subcommand is verify/);
    const help = await audit(home, '--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: cirro audit \[--since WHEN\]/);
  });
});

describe('cirro audit verify', () => {
  it('says an untouched log is intact', async () => {
    const home = freshHome();
    seedLog(home);
    const run = await audit(home, 'verify');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'audit log intact: 5 entries\n');
  });

  it('finds an entry whose details were edited in place, as with a text editor', async () => {
    const home = freshHome();
    const path = seedLog(home);
    writeFileSync(path, readFileSync(path, 'utf8').replace('"decision":"allow"', '"decision":"refuse"'));
    const run = await audit(home, 'verify');
    assert.equal(run.status, 1);
    assert.match(run.stdout, /^audit log broken at entry 2: entry 2 \(line 2\) was edited: its content no longer matches its hash\n1 entry before it is intact; the log is .*audit\.jsonl\n$/);
    const json = await audit(home, 'verify', '--json');
    assert.equal(json.status, 1);
    assert.equal(json.json.ok, false);
    assert.equal(json.json.brokenAt, 2);
  });

  it('finds a deleted line', async () => {
    const home = freshHome();
    const path = seedLog(home);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.splice(2, 1);
    writeFileSync(path, lines.join('\n'));
    const run = await audit(home, 'verify');
    assert.equal(run.status, 1);
    assert.match(run.stdout, /^audit log broken at entry 3: entry 3 was deleted: entry 4 \(line 3\) follows entry 2\n2 entries before it are intact/);
  });

  it('reports a line cut short by a crash, and the chain continuing after the next append', async () => {
    const home = freshHome();
    const path = seedLog(home);
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"seq":6,"time":"20`);
    const torn = await audit(home, 'verify');
    assert.equal(torn.status, 1);
    assert.match(torn.stdout, /^audit log broken at entry 6: line 6 is not valid JSON: a write cut short by a crash, or an edit/);
    assert.equal(seqs(await audit(home, '--json')).length, 5, 'the whole entries still show');
    openAuditLog(join(home, 'audit')).append({ type: 'call', actor: 'gateway:agent-1', data: { operation: 'DescribeInstances' } });
    const recovered = await audit(home, 'verify');
    assert.equal(recovered.status, 0, recovered.stdout);
    assert.equal(recovered.stdout, 'audit log intact: 6 entries (line 6: a write cut short by a crash, which the next entry chains across)\n');
  });
});
