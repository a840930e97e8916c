import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { taskClassOf, type Intent } from '../../plan/intent.js';
import type { Understanding } from './brain.js';
import { CORPUS_CONTEXT, type CorpusCase } from './corpus/corpus-case.js';
import { MONITORING } from './corpus/monitoring.js';
import { NEGATIVES } from './corpus/negatives.js';
import { PROVISIONING } from './corpus/provisioning.js';
import { UPDATES } from './corpus/updates.js';
import { understand } from './embedded-brain.js';

function shown(result: Understanding): string {
  if (result.type === 'intent') return JSON.stringify(result.intent);
  return `${result.type}: ${result.type === 'clarify' ? result.question : result.type === 'answer' ? result.text : result.message.split('\n')[0]}`;
}

const GROUPS: readonly (readonly [string, 'provisioning' | 'update' | 'monitoring', readonly CorpusCase[]])[] = [
  ['provisioning', 'provisioning', PROVISIONING],
  ['updates', 'update', UPDATES],
  ['monitoring', 'monitoring', MONITORING],
];

describe('the phrasing corpus: every phrasing of a task yields exactly its intent', () => {
  for (const [group, taskClass, cases] of GROUPS) {
    describe(group, () => {
      for (const corpusCase of cases) {
        it(corpusCase.task, () => {
          assert.ok(corpusCase.phrasings.length >= 6, `${corpusCase.task}: at least 6 phrasings`);
          assert.equal(taskClassOf(corpusCase.expected), taskClass, `${corpusCase.task} belongs to ${group}`);
          for (const phrasing of corpusCase.phrasings) {
            const result = understand(phrasing, CORPUS_CONTEXT);
            assert.equal(result.type, 'intent', `"${phrasing}" gave ${shown(result)}`);
            if (result.type !== 'intent') continue;
            assert.deepEqual(result.intent, corpusCase.expected, `"${phrasing}"`);
            assert.match(result.understood, /\S/, `"${phrasing}" says what it understood`);
          }
        });
      }
    });
  }

  it('covers every task class of issue 3', () => {
    const all = [...PROVISIONING, ...UPDATES, ...MONITORING].map((corpusCase) => corpusCase.expected);
    const has = (predicate: (intent: Intent) => boolean) => all.some(predicate);
    const required: Record<string, (intent: Intent) => boolean> = {
      'one VM': (intent) => intent.type === 'create-instances' && intent.count === 1,
      'several VMs in one network': (intent) => intent.type === 'create-instances' && intent.count > 1,
      'VMs behind a new load balancer': (intent) => intent.type === 'create-load-balancer' && 'type' in intent.instances,
      'a VPC with subnets': (intent) => intent.type === 'create-vpc' && intent.subnetCount > 0,
      'a subnet': (intent) => intent.type === 'create-subnet',
      'a security group with rules': (intent) => intent.type === 'create-security-group' && intent.rules.length > 0,
      'a volume': (intent) => intent.type === 'create-volume',
      'an elastic IP': (intent) => intent.type === 'allocate-address',
      'attach a disk': (intent) => intent.type === 'attach-volume',
      'detailed monitoring': (intent) => intent.type === 'set-monitoring' && intent.enabled,
      resize: (intent) => intent.type === 'resize',
      stop: (intent) => intent.type === 'instance-power' && intent.action === 'stop',
      start: (intent) => intent.type === 'instance-power' && intent.action === 'start',
      reboot: (intent) => intent.type === 'instance-power' && intent.action === 'reboot',
      terminate: (intent) => intent.type === 'instance-power' && intent.action === 'terminate',
      tag: (intent) => intent.type === 'tag',
      'open a port': (intent) => intent.type === 'change-ports' && intent.action === 'open',
      'close a port': (intent) => intent.type === 'change-ports' && intent.action === 'close',
      'convert to spot': (intent) => intent.type === 'set-market' && intent.market === 'spot',
      'into a target group': (intent) => intent.type === 'target-membership' && intent.action === 'add',
      'out of a target group': (intent) => intent.type === 'target-membership' && intent.action === 'remove',
    };
    for (const question of ['status', 'public-ip', 'private-ip', 'disks', 'count', 'network-peers', 'lb-members', 'graph'] as const) {
      required[`question ${question}`] = (intent) => intent.type === 'query' && intent.question === question;
    }
    for (const format of ['text', 'dot', 'json'] as const) {
      required[`graph as ${format}`] = (intent) => intent.type === 'query' && intent.question === 'graph' && intent.format === format;
    }
    const missing = Object.entries(required).filter(([, predicate]) => !has(predicate)).map(([name]) => name);
    assert.deepEqual(missing, []);
  });
});

describe('requests that must not become changes', () => {
  for (const negative of NEGATIVES) {
    it(`"${negative.request}" → ${negative.outcome}`, () => {
      const result = understand(negative.request, CORPUS_CONTEXT);
      const outcome = result.type === 'intent' ? (result.intent.type === 'query' ? 'query' : `change (${result.understood})`) : result.type;
      assert.equal(outcome, negative.outcome, shown(result));
    });
  }

  it('says what it can do when it does not understand', () => {
    const result = understand('asdf qwerty', CORPUS_CONTEXT);
    assert.equal(result.type, 'not-understood');
    if (result.type !== 'not-understood') return;
    assert.match(result.message, /asdf qwerty/);
    assert.match(result.message, /Nothing was changed/);
    assert.match(result.message, /launch 3 t3\.micro/);
    assert.match(result.message, /is web-1 running\?/);
  });
});

describe('clarifying questions', () => {
  it('offers the next sizes up for "make web-1 bigger", from its current type', () => {
    const result = understand('make web-1 bigger', CORPUS_CONTEXT);
    assert.equal(result.type, 'clarify');
    if (result.type !== 'clarify') return;
    assert.match(result.question, /t3\.micro/);
    assert.deepEqual(result.options, ['t3.small', 't3.medium', 't3.large']);
  });

  it('offers the changes it can make for "update web-1"', () => {
    const result = understand('update web-1', CORPUS_CONTEXT);
    assert.equal(result.type, 'clarify');
    if (result.type !== 'clarify') return;
    assert.match(result.question, /web-1/);
    assert.ok((result.options ?? []).length >= 5);
  });

  // `cirro ask` answers a question by appending the chosen option to the request: each option must complete it.
  for (const request of ['make web-1 bigger', 'update web-1', 'give web-2 more storage', 'label api-1 as production', 'stop it', 'how do I stop web-1', 'launch a centos vm', 'resize api-1']) {
    it(`every option offered for "${request}" completes the request`, () => {
      const result = understand(request, CORPUS_CONTEXT);
      assert.equal(result.type, 'clarify');
      if (result.type !== 'clarify') return;
      assert.ok((result.options ?? []).length > 0, 'offers options');
      for (const option of result.options ?? []) {
        const answered = understand(`${request} ${option}`, CORPUS_CONTEXT);
        assert.equal(answered.type, 'intent', `"${request} ${option}" gave ${shown(answered)}`);
      }
    });
  }
});
