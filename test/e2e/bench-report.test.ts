import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AWS_CLI_INSTALL, findAwsCli } from '../support/aws-cli.js';
import { chromiumAvailable, CHROMIUM_INSTALL, launchChromium } from '../support/chromium.js';
import { requireTool } from '../support/external-tool.js';
import { runCirro } from './cirro-process.js';

const TASKS = 'provision-one-vm,update-tag,monitor-status';

describe('cirro bench with trials, pass@k and the HTML report', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'cirro-bench-report-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('runs 2 trials of 3 tasks with the embedded brain and writes a report that opens in Chromium with the same numbers', async (context) => {
    const html = join(folder, 'x.html');
    const run = await runCirro(['bench', '--suite', 'study', '--modality', 'sdk', '--task', TASKS, '--trials', '2', '--seed', '5', '--report', html, '--json']);
    assert.equal(run.status, 0, run.stderr);
    const report = run.json;
    assert.equal(report.runs.length, 6);
    assert.deepEqual(report.trials, { mode: 'trials', trials: 2, seed: 5, k: 2 });
    assert.deepEqual(report.rows.map((row: any) => [row.taskClass, row.tasks, row.runs, row.successRate, row.passAtK, row.passHatK]), [
      ['provisioning', 1, 2, 1, 1, 1], ['update', 1, 2, 1, 1, 1], ['monitoring', 1, 2, 1, 1, 1],
    ]);
    for (const row of report.rows) assert.ok(row.meanWireCalls >= row.meanApiCalls * 0.5 && row.meanWireCalls > 0, 'the gym counted the requests');
    assert.match(report.context.command, /^cirro bench --suite study .*--trials 2/);
    assert.match(readFileSync(html, 'utf8'), /^<!doctype html>/);

    if (!requireTool(context, chromiumAvailable(), 'Chromium', CHROMIUM_INSTALL)) return;
    const chromium = await launchChromium();
    try {
      const page = await chromium.browser.newPage();
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      await page.goto(pathToFileURL(html).href);
      assert.deepEqual(requested, [pathToFileURL(html).href], 'the page loads nothing besides itself');
      assert.match(await page.title(), /cirro bench --suite study: embedded/);
      for (const row of report.rows) {
        const cells = page.locator(`#metrics tr[data-modality="sdk"][data-class="${row.taskClass}"] td`);
        const metric = async (name: string) => (await page.locator(`#metrics tr[data-modality="sdk"][data-class="${row.taskClass}"] td[data-metric="${name}"]`).innerText()).trim();
        assert.equal(await cells.count(), 13);
        assert.equal(await metric('successRate'), row.successRate.toFixed(2));
        assert.equal(await metric('successes'), `${row.successes}/${row.runs}`);
        assert.equal(await metric('meanAgentSteps'), row.meanAgentSteps.toFixed(1));
        assert.equal(await metric('meanApiCalls'), row.meanApiCalls.toFixed(1));
        assert.equal(await metric('meanWireCalls'), row.meanWireCalls.toFixed(1));
        assert.equal(await metric('passAtK'), row.passAtK.toFixed(2));
        assert.equal(await metric('passHatK'), row.passHatK.toFixed(2));
        assert.equal(await metric('meanTokens'), '–', 'the embedded brain uses no tokens');
      }
      assert.equal(await page.locator('#runs tr.pass').count(), 6);
      assert.equal(await page.locator('#study tr.study').count(), 1, "the study's SDK agent beside ours");
      const bars = page.locator('#chart svg rect.bar');
      assert.equal(await bars.count(), 6, 'a bar for cirro sdk and one for the study per class');
      for (const taskClass of ['Provisioning', 'Updates', 'Monitoring']) {
        const ours = page.locator(`#chart rect.bar[data-series="cirro sdk"][data-group="${taskClass}"]`);
        assert.equal(await ours.getAttribute('data-value'), '1');
        const box = await ours.boundingBox();
        assert.ok(box && box.height > 100 && box.width > 4, `the ${taskClass} bar is drawn full height: ${JSON.stringify(box)}`);
        const study = await page.locator(`#chart rect.bar.reference[data-series="study: SDK agent"][data-group="${taskClass}"]`).boundingBox();
        assert.ok(study && study.height > 0 && study.height < box.height, 'the study\'s lower SR is a shorter bar');
      }
    } finally {
      await chromium.close();
    }
  });

  it('draws the same phrasings again for the same seed, and writes the JSON report', async () => {
    const json = join(folder, 'x.json');
    const first = await runCirro(['bench', '--suite', 'study', '--modality', 'sdk', '--task', 'monitor-status,monitor-public-ip', '--trials', '3', '--seed', '9', '--report', json, '--json']);
    assert.equal(first.status, 0, first.stderr);
    const again = await runCirro(['bench', '--suite', 'all', '--modality', 'sdk', '--task', 'monitor-public-ip', '--trials', '3', '--seed', '9', '--json']);
    assert.equal(again.status, 0, again.stderr);
    const phrasings = (report: any, task: string) => report.runs.filter((run: any) => run.taskId === task).map((run: any) => run.phrasingIndex);
    assert.deepEqual(phrasings(again.json, 'monitor-public-ip'), phrasings(first.json, 'monitor-public-ip'), 'the other task in the first run does not change this one\'s draws');
    assert.deepEqual(JSON.parse(readFileSync(json, 'utf8')).rows, first.json.rows);
  });

  it('in fault mode, recovers from throttled and failed calls and reports the extra requests it took', async () => {
    const run = await runCirro(['bench', '--suite', 'study', '--modality', 'sdk', '--task', 'update-convert-to-spot,update-tag', '--trials', '2', '--faults', '--json']);
    assert.equal(run.status, 0, run.stderr);
    const [faulted] = run.json.rows;
    const [clean] = run.json.baseline;
    assert.deepEqual(run.json.faults, { rate: 0.1, seed: 1 });
    assert.equal(faulted.successRate, 1, 'every run recovered');
    assert.equal(clean.meanInjectedFaults, 0);
    assert.ok(faulted.meanInjectedFaults > 0, 'the gym injected faults');
    assert.ok(faulted.meanWireCalls > clean.meanWireCalls, `more requests with faults (${faulted.meanWireCalls}) than without (${clean.meanWireCalls})`);
    assert.equal(run.json.runs.length, 4);
    assert.ok(run.json.runs.every((entry: any) => entry.wire.calls > 0));
  });

  it('runs the modality agents on a scripted model (the oracle over the OpenAI wire API) through the CLI and the SDK, one task per class', async (context) => {
    if (!requireTool(context, !!findAwsCli(), 'AWS CLI v2', AWS_CLI_INSTALL)) return;
    const run = await runCirro(['bench', '--suite', 'study', '--brain', 'scripted', '--modality', 'cli,sdk', '--task', TASKS, '--phrasings', '1', '--json']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.json.brain, /^scripted/);
    assert.deepEqual(run.json.rows.map((row: any) => [row.modality, row.taskClass, row.successRate]), [
      ['cli', 'provisioning', 1], ['cli', 'update', 1], ['cli', 'monitoring', 1], ['sdk', 'provisioning', 1], ['sdk', 'update', 1], ['sdk', 'monitoring', 1],
    ]);
    for (const entry of run.json.runs) {
      assert.ok(entry.tokens.inputTokens > 0 && entry.tokens.outputTokens > 0, 'tokens counted from the wire API\'s usage');
      assert.ok(entry.agentSteps >= 1 && entry.wire.calls > 0);
    }
  });

  it('refuses bad trial, brain, fault and report options with exit 2, naming each', async () => {
    const bad = await runCirro(['bench', '--suite', 'study', '--trials', '2', '--k', '3', '--fault-rate', '0.9', '--report', 'x.pdf', '--brain', 'opnai:gpt-4o', '--phrasings', '1']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--k 3 is more than --trials 2/);
    assert.match(bad.stderr, /--fault-rate 0\.9 is not a share above 0 and at most 0\.5/);
    assert.match(bad.stderr, /--report x\.pdf: name a \.json file .* or an \.html file/);
    assert.match(bad.stderr, /--brain opnai:gpt-4o: unknown provider 'opnai'.*did you mean openai/);
    assert.match(bad.stderr, /--phrasings and --trials choose runs two ways/);
    const embeddedModality = await runCirro(['bench', '--suite', 'study', '--agent', 'modality']);
    assert.equal(embeddedModality.status, 2);
    assert.match(embeddedModality.stderr, /--agent modality needs a model/);
  });
});
