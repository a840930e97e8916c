import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord } from '../harness.js';
import { summarize } from '../report.js';
import { escapeHtml } from './escape-html.js';
import { renderHtmlReport } from './html-report.js';

const run = (overrides: Partial<RunRecord>): RunRecord => ({
  taskId: 'provision-one-vm', taskClass: 'provisioning', title: 'one VM', trial: 0, phrasingIndex: 0, phrasing: 'launch web-1', modality: 'sdk',
  success: true, reason: null, knownGap: null, decision: 'executed', agentSteps: 2, apiCalls: 10, wire: { calls: 12, injected: 0 }, tokens: null, costUsd: null, seconds: 0.5, ...overrides,
});

describe('the HTML report', () => {
  const hostile = '<script>alert("x")</script> & \'quotes\'';
  const report = summarize(
    [run({}), run({ trial: 1, phrasing: hostile, success: false, reason: `refused: ${hostile}` }), run({ modality: 'cli', taskClass: 'monitoring', taskId: 'monitor-status' })],
    { suite: 'study', brain: 'embedded', clock: { sdk: 600, cli: 120 }, awsCli: null, trials: { mode: 'trials', trials: 2, seed: 1, k: 2 }, context: { command: `cirro bench --task "${hostile}"`, machine: 'AMD EPYC, 2 cores', date: '2026-01-01' } },
  );
  const html = renderHtmlReport(report);

  it('escapes every value from the run: phrasings, reasons and the command line', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.ok(!html.includes('<script'), 'no script element, from the run or otherwise');
    assert.ok(!html.includes(hostile));
    assert.ok(html.includes(escapeHtml(hostile)));
    assert.ok(html.includes(`<code>${escapeHtml(`cirro bench --task "${hostile}"`)}</code>`));
  });

  it('is self-contained: no external stylesheet, script, image or font', () => {
    assert.doesNotMatch(html, /<link\b|<script\b|<img\b|@import|url\(|src=/i);
    assert.match(html, /<style>/);
    assert.match(html, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it('has a row per class and modality with its figures, the study\'s rows, and a bar per agent and class', () => {
    assert.match(html, /<tr data-modality="sdk" data-class="provisioning"><td class="text">cirro sdk<\/td><td class="text">Provisioning<\/td><td data-metric="successRate">0\.50<\/td><td data-metric="successes">1\/2<\/td>/);
    assert.match(html, /<td data-metric="passAtK">1\.00<\/td><td data-metric="passHatK">0\.00<\/td>/);
    assert.match(html, /<tr class="study"><td class="text">study: SDK agent<\/td><td>0\.67<\/td><td>4\.50<\/td>/);
    assert.match(html, /<rect class="bar" data-group="Provisioning" data-series="cirro sdk" data-value="0\.5"/);
    assert.match(html, /<rect class="bar reference" data-group="Monitoring" data-series="study: CLI agent" data-value="0\.8"/);
    assert.equal((html.match(/<tr class="(pass|fail)"/g) ?? []).length, 3, 'every run is listed');
  });
});
