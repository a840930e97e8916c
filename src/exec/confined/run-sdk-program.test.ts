import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSdkProgram, type SdkProgramOptions } from './run-sdk-program.js';
import type { ConfinedResult } from './types.js';

/** Nothing listens here: these programs never reach a cloud. */
const OPTIONS: SdkProgramOptions = {
  endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'AKIDGATEWAYISSUED', secretAccessKey: 'issued-secret' },
  region: 'eu-west-1', timeoutMs: 10_000, maxOutputBytes: 4096,
};

function ran(result: ConfinedResult): Extract<ConfinedResult, { kind: 'ran' }> {
  assert.equal(result.kind, 'ran', JSON.stringify(result));
  return result as Extract<ConfinedResult, { kind: 'ran' }>;
}

describe('runSdkProgram', () => {
  const outside = join(tmpdir(), `cirro-escape-${process.pid}`);
  after(() => rmSync(outside, { force: true }));

  it('runs an ES module that imports the AWS SDK, with the gateway endpoint, keys and region in its environment', async () => {
    const result = ran(await runSdkProgram(`
      import { EC2Client } from '@aws-sdk/client-ec2';
      import { writeFileSync, readFileSync } from 'node:fs';
      const client = new EC2Client({});
      writeFileSync('notes.txt', 'scratch is writable');
      console.log(JSON.stringify({
        region: await client.config.region(), endpoint: process.env.AWS_ENDPOINT_URL, key: process.env.AWS_ACCESS_KEY_ID,
        notes: readFileSync('notes.txt', 'utf8'), path: process.env.PATH ?? null,
      }));`, OPTIONS));
    assert.equal(result.exitCode, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { region: 'eu-west-1', endpoint: 'http://127.0.0.1:9', key: 'AKIDGATEWAYISSUED', notes: 'scratch is writable', path: null });
  });

  it('cannot write a file outside its scratch folder', async () => {
    const result = ran(await runSdkProgram(`import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(outside)}, 'escaped');`, OPTIONS));
    assert.notEqual(result.exitCode, 0);
    assert.match(result.stderr, /ERR_ACCESS_DENIED/);
    assert.equal(existsSync(outside), false, 'nothing was written outside scratch');
  });

  it('cannot write into node_modules through the link it imports from', async () => {
    const result = ran(await runSdkProgram(`import { writeFileSync } from 'node:fs'; writeFileSync('../node_modules/cirro-escape', 'x');`, OPTIONS));
    assert.match(result.stderr, /ERR_ACCESS_DENIED/);
  });

  it('cannot read the host outside scratch and node_modules', async () => {
    const result = ran(await runSdkProgram(`import { readFileSync } from 'node:fs'; console.log(readFileSync('/etc/passwd', 'utf8'));`, OPTIONS));
    assert.match(result.stderr, /ERR_ACCESS_DENIED/);
    assert.doesNotMatch(result.stdout, /root:/);
  });

  it('cannot start a child process or a worker', async () => {
    const spawned = ran(await runSdkProgram(`import { execFileSync } from 'node:child_process'; console.log(String(execFileSync('sh', ['-c', 'echo escaped'])));`, OPTIONS));
    assert.match(spawned.stderr, /ERR_ACCESS_DENIED/);
    assert.doesNotMatch(spawned.stdout, /escaped/);
    const worker = ran(await runSdkProgram(`import { Worker } from 'node:worker_threads'; new Worker('console.log(1)', { eval: true });`, OPTIONS));
    assert.match(worker.stderr, /ERR_ACCESS_DENIED/);
  });

  it('is killed at the time limit', async () => {
    const started = Date.now();
    const result = ran(await runSdkProgram('for (;;) {}', { ...OPTIONS, timeoutMs: 1500 }));
    assert.equal(result.timedOut, true);
    assert.equal(result.exitCode, null);
    assert.ok(Date.now() - started < 8000, `killed promptly (took ${Date.now() - started} ms)`);
  });

  it('keeps only the first maxOutputBytes of huge output and says how much was cut', async () => {
    const result = ran(await runSdkProgram(`for (let i = 0; i < 2000; i++) process.stdout.write('x'.repeat(1000) + '\\n');`, OPTIONS));
    assert.ok(result.stdout.length < 4096 + 100, `stdout kept ${result.stdout.length} characters`);
    assert.match(result.stdout, /\[output cut: \d+ more bytes\]$/);
  });

  it('refuses an empty or non-string program without running anything', async () => {
    assert.equal((await runSdkProgram('  ', OPTIONS)).kind, 'refused');
    assert.equal((await runSdkProgram({ code: 'x' }, OPTIONS)).kind, 'refused');
  });

  it('names the program, not the scratch path, in stack traces', async () => {
    const result = ran(await runSdkProgram(`throw new Error('boom');`, OPTIONS));
    assert.equal(result.exitCode, 1);
    assert.match(result.stderr, /program\.mjs:1/);
    assert.doesNotMatch(result.stderr, /cirro-sdk-/);
  });
});
