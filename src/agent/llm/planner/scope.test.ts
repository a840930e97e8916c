import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleInventory } from '../../../cloud/testing/sample-inventory.js';
import { buildPlan } from '../../../plan/builder.js';
import type { Intent } from '../../../plan/intent.js';
import { samplePlanContext } from '../../../plan/testing/sample-context.js';
import { EmbeddedBrain } from '../../brain/embedded-brain.js';
import { readsAsQuestion } from './request-reading.js';
import { reviewScope } from './scope.js';

const instance = (name: string) => ({ kind: 'instance' as const, selector: { by: 'name' as const, name } });
const allInstances = { kind: 'instance' as const, selector: { by: 'all' as const } };

async function verdict(request: string, intent: Intent) {
  const inventory = sampleInventory();
  const outcome = buildPlan(intent, samplePlanContext(inventory));
  assert.equal(outcome.type, 'plan', JSON.stringify(outcome));
  if (outcome.type !== 'plan') throw new Error('unreachable');
  return reviewScope(request, outcome.plan, inventory, new EmbeddedBrain());
}

describe('the scope check on a model plan', () => {
  it('tells questions from requests by their form, polite requests included', () => {
    for (const question of ['is web-1 running?', 'what is the public IP of web-1', 'show me the instances', 'how many volumes are there?', 'what happens if I stop web-1']) assert.equal(readsAsQuestion(question), true, question);
    for (const request of ['stop web-1', 'can you stop web-1?', 'please resize web-1 to t3.large', 'web-1 should be a t3.large']) assert.equal(readsAsQuestion(request), false, request);
  });

  it('lets a plan through that does what the request names, even phrased so the embedded brain misreads it', async () => {
    assert.deepEqual(await verdict('web-1 should be a t3.large', { type: 'resize', targets: instance('web-1'), instanceType: 't3.large' }), { type: 'within' });
    assert.deepEqual(await verdict('stop web-1..3', { type: 'instance-power', action: 'stop', targets: { kind: 'instance', selector: { by: 'names', names: ['web-1', 'web-2', 'web-3'] } } }), { type: 'within' });
    assert.deepEqual(await verdict('stop web-*', { type: 'instance-power', action: 'stop', targets: { kind: 'instance', selector: { by: 'name', name: 'web-*' } } }), { type: 'within' });
    assert.deepEqual(await verdict('stop all instances', { type: 'instance-power', action: 'stop', targets: allInstances }), { type: 'within' });
  });

  it('refuses any change for a question', async () => {
    const result = await verdict('is web-1 running?', { type: 'instance-power', action: 'terminate', targets: instance('web-1') });
    assert.equal(result.type, 'beyond');
    if (result.type !== 'beyond') return;
    assert.equal(result.ruleId, 'scope/question-changes');
    assert.match(result.reason, /question never changes anything[\s\S]*terminate/);
  });

  it('refuses a step more destructive than the request asks for', async () => {
    const result = await verdict('web-1 should be a t3.large', { type: 'instance-power', action: 'terminate', targets: instance('web-1') });
    assert.equal(result.type, 'beyond');
    if (result.type === 'beyond') assert.equal(result.ruleId, 'scope/more-destructive');
  });

  it('bounds the effect by the embedded brain\'s reading, not by a destructive verb used in another sense', async () => {
    const result = await verdict('remove web-1 from the target group', { type: 'instance-power', action: 'terminate', targets: instance('web-1') });
    assert.equal(result.type, 'beyond');
    if (result.type === 'beyond') assert.equal(result.ruleId, 'scope/more-destructive');
    assert.deepEqual(await verdict('terminate web-1', { type: 'instance-power', action: 'terminate', targets: instance('web-1') }), { type: 'within' });
  });

  it('refuses a change to a resource the request never named, naming it', async () => {
    const result = await verdict('resize web-1 to t3.large', { type: 'resize', targets: instance('web-2'), instanceType: 't3.large' });
    assert.equal(result.type, 'beyond');
    if (result.type !== 'beyond') return;
    assert.equal(result.ruleId, 'scope/unnamed-resources');
    assert.match(result.reason, /web-2/);
    assert.doesNotMatch(result.reason, /web-1 \(/);
  });

  it('refuses "stop everything" when the request named one instance', async () => {
    const result = await verdict('reboot web-1', { type: 'instance-power', action: 'reboot', targets: allInstances });
    assert.equal(result.type, 'beyond');
    if (result.type === 'beyond') assert.match(result.reason, /api-1|web-2/);
  });

  it('lets a change reach what belongs to a named resource (its disk)', async () => {
    assert.deepEqual(await verdict('take the data disk off api-1', { type: 'detach-volume', volume: { kind: 'volume', selector: { by: 'name', name: 'api-data' } } }), { type: 'within' });
  });
});
