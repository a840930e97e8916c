import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Brain, Understanding } from './brain.js';
import { CORPUS_CONTEXT } from './corpus/corpus-case.js';
import { EmbeddedBrain, understand } from './embedded-brain.js';

function intentOf(result: Understanding) {
  assert.equal(result.type, 'intent', JSON.stringify(result));
  return result as Extract<Understanding, { type: 'intent' }>;
}

describe('the embedded brain', () => {
  it('says in one line what it understood', () => {
    const lines: Record<string, string> = {
      'stop web-1': 'stop instance web-1',
      'put web-1..3 behind a load balancer': 'create application load balancer (HTTP:80) in front of instances web-1, web-2, web-3',
      'spin up three t3.small vms named app': 'launch 3 instances app-1, app-2, app-3 (t3.small)',
      'open 443 on web-sg': 'allow tcp/443 from 0.0.0.0/0 into security group web-sg',
      'stop all instances in vpc prod': 'stop all instances in VPC prod',
      'graph of vpc prod as dot': 'show the dependency graph of VPC prod as dot',
    };
    for (const [request, line] of Object.entries(lines)) assert.equal(intentOf(understand(request, CORPUS_CONTEXT)).understood, line, request);
  });

  it('notes every reading a person should know about', () => {
    const notes = (request: string) => intentOf(understand(request, CORPUS_CONTEXT)).notes.join(' | ');
    assert.match(notes('lauch a vm'), /read 'lauch' as 'launch'/);
    assert.match(notes('launch a few vms'), /'a few' read as 3/);
    assert.match(notes('attach a 20 GB ssd to web-1'), /'ssd' read as gp3/);
    assert.match(notes('open port 22 on web-sg'), /anywhere \(0\.0\.0\.0\/0\)/);
    assert.match(notes('enable boot diagnostics on web-1'), /no boot diagnostics/);
    assert.match(notes('launch an ubuntu vm'), /Ubuntu 24\.04/);
  });

  it('keeps names as written, and as the cloud spells the ones it knows', () => {
    assert.deepEqual(intentOf(understand('launch a vm called MyBox', CORPUS_CONTEXT)).intent, { type: 'create-instances', count: 1, names: ['MyBox'] });
    assert.deepEqual(intentOf(understand('stop WEB-1', CORPUS_CONTEXT)).intent, { type: 'instance-power', action: 'stop', targets: { kind: 'instance', selector: { by: 'name', name: 'web-1' } } });
  });

  it('reads the same request the same way every time (no model, no randomness)', () => {
    const first = understand('launch 3 vms behind an alb with health check /health', CORPUS_CONTEXT);
    const second = understand('launch 3 vms behind an alb with health check /health', CORPUS_CONTEXT);
    assert.deepEqual(first, second);
  });

  it('narrows "the web servers" to the names that start so, and "the prod instances" to the VPC', () => {
    assert.deepEqual(intentOf(understand('stop all the web servers', CORPUS_CONTEXT)).intent, { type: 'instance-power', action: 'stop', targets: { kind: 'instance', selector: { by: 'name', name: 'web-*' } } });
    assert.deepEqual(intentOf(understand('stop the prod instances', CORPUS_CONTEXT)).intent, {
      type: 'instance-power', action: 'stop', targets: { kind: 'instance', selector: { by: 'all', within: { kind: 'vpc', selector: { by: 'name', name: 'prod' } } } },
    });
  });

  it('works without any knowledge of the cloud', () => {
    const result = intentOf(understand('resize web-1 to m5.large', { resources: [] }));
    assert.deepEqual(result.intent, { type: 'resize', targets: { kind: 'instance', selector: { by: 'name', name: 'web-1' } }, instanceType: 'm5.large' });
  });

  it('folds a stop and start around a resize into the resize', () => {
    const result = intentOf(understand('stop web-1, resize it to t3.large and start it again', CORPUS_CONTEXT));
    assert.equal(result.intent.type, 'resize');
    assert.match(result.notes.join(' '), /stops and starts/);
  });

  it('implements the Brain interface, so an LLM brain can take its place', async () => {
    const brain: Brain = new EmbeddedBrain();
    const result = await brain.understand('is web-1 running?', CORPUS_CONTEXT);
    assert.deepEqual(intentOf(result).intent, { type: 'query', question: 'status', targets: { kind: 'instance', selector: { by: 'name', name: 'web-1' } } });
  });
});
