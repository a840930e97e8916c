import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sampleInventory, SAMPLE_IDS } from '../cloud/testing/sample-inventory.js';
import type { Plan, Postcondition } from '../plan/plan.js';
import { verifyPlan } from './verify.js';

function planWith(postconditions: Postcondition[]): Plan {
  return { intent: { type: 'query', question: 'status' }, summary: 'test', steps: [], advisories: [], postconditions };
}

describe('verification against a fresh read', () => {
  it('compares lists as sets: rules and groups come back in any order', () => {
    const result = verifyPlan(planWith([
      { description: 'web-sg allows 80 and 443', resource: { kind: 'security-group', id: SAMPLE_IDS.webSg }, expect: { ingressRules: ['443/tcp from 0.0.0.0/0', '80/tcp from 0.0.0.0/0'] } },
    ]), sampleInventory());
    assert.equal(result.ok, true, JSON.stringify(result.checks));
  });

  it('fails with what it found instead when a fact does not hold', () => {
    const result = verifyPlan(planWith([
      { description: 'web-1 is stopped', resource: { kind: 'instance', name: 'web-1' }, expect: { state: 'stopped' } },
      { description: 'ghost exists', resource: { kind: 'instance', name: 'ghost' }, expect: { state: 'running' } },
    ]), sampleInventory());
    assert.equal(result.ok, false);
    assert.match(result.checks[0]!.detail!, /state is "running", expected "stopped"/);
    assert.match(result.checks[1]!.detail!, /no instance ghost was found/);
  });

  it('knows membership, attachment and absence', () => {
    const inventory = sampleInventory();
    const result = verifyPlan(planWith([
      { description: 'api-data on api-1', resource: { kind: 'volume', id: SAMPLE_IDS.apiData }, expect: { attachedTo: SAMPLE_IDS.api1 } },
      { description: 'old-1 is gone', resource: { kind: 'instance', id: SAMPLE_IDS.old1 }, expect: 'absent' },
      { description: 'logs is gone', resource: { kind: 'volume', id: SAMPLE_IDS.logs }, expect: 'absent' },
    ]), inventory);
    assert.deepEqual(result.checks.map((check) => check.ok), [true, true, false]);
  });
});
