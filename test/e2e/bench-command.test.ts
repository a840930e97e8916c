import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AWS_CLI_INSTALL, findAwsCli } from '../support/aws-cli.js';
import { requireTool } from '../support/external-tool.js';
import { runCirro } from './cirro-process.js';

describe('cirro bench, as a process', () => {
  it('refuses bad flags with exit 2 and says what is wrong and what would be right', async () => {
    const missing = await runCirro(['bench']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--suite is required; the suites are study, all/);
    const bad = await runCirro(['bench', '--suite', 'study', '--modality', 'sdk,ftp', '--task', 'update-convert-to-spt', '--phrasings', '0']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--modality ftp: not a modality; use a comma-separated list of sdk, cli/);
    assert.match(bad.stderr, /--task update-convert-to-spt: the study suite has no such task \(did you mean update-convert-to-spot/);
    assert.match(bad.stderr, /--phrasings 0 is not a whole number from 1 to 100/);
    assert.equal(bad.stdout, '');
  });

  it('lists the suite with --list', async () => {
    const listed = await runCirro(['bench', '--suite', 'study', '--list']);
    assert.equal(listed.status, 0);
    for (const id of ['provision-one-vm', 'update-convert-to-spot', 'monitor-dependency-graph']) assert.match(listed.stdout, new RegExp(`^${id} `, 'm'));
  });

  it('runs one task in every phrasing through the SDK and prints the report as JSON', async () => {
    const run = await runCirro(['bench', '--suite', 'study', '--modality', 'sdk', '--task', 'monitor-public-ip', '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.json.suite, 'study');
    assert.equal(run.json.runs.length, 3);
    assert.deepEqual(run.json.rows.map((row: any) => [row.modality, row.taskClass, row.runs, row.successRate]), [['sdk', 'monitoring', 3, 1]]);
    assert.ok(run.json.rows[0].meanAgentSteps >= 1);
    assert.deepEqual(run.json.failures, []);
  });

  it('runs the CLI modality with the AWS CLI it names, and prints the study-shaped table', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const run = await runCirro(['bench', '--suite', 'study', '--modality', 'cli', '--task', 'update-tag', '--phrasings', '1']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /the cli modality runs \S+ \(aws-cli\/2\./);
    assert.match(run.stdout, /Agent\s+Updates SR\s+#steps/);
    assert.match(run.stdout, /cirro cli\s+1\.00 \(1\/1\)/);
    assert.match(run.stdout, /Failures: none\./);
  });
});
