import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from './builder.js';
import type { Intent, Target } from './intent.js';
import { isOutputRef, type ParameterValue, type Plan, type Step } from './plan.js';
import { irreversibleSteps, reversibilityGaps } from './reversibility.js';
import { REPRESENTATIVE_REQUESTS } from './testing/representative-requests.js';
import { samplePlanContext } from './testing/sample-context.js';

function planFor(intent: Intent): Plan {
  const outcome = buildPlan(intent, samplePlanContext());
  assert.equal(outcome.type, 'plan', `${JSON.stringify(intent)} gave ${JSON.stringify(outcome)}`);
  return (outcome as { plan: Plan }).plan;
}

function refsIn(value: ParameterValue | undefined): { $ref: string; output: string }[] {
  if (value === undefined || value === null || typeof value !== 'object') return [];
  if (isOutputRef(value)) return [value];
  return (Array.isArray(value) ? value : Object.values(value)).flatMap((item) => refsIn(item as ParameterValue));
}

/** An inverse may use outputs of its own step or earlier ones, never of a step that runs after it. */
function unresolvableRefs(plan: Plan, step: Step): string[] {
  const index = plan.steps.indexOf(step);
  return [...refsIn(step.inverse?.input), ...refsIn(step.inverseWait?.call.input)]
    .filter((ref) => {
      const source = plan.steps.findIndex((candidate) => candidate.id === ref.$ref);
      return source < 0 || source > index || !plan.steps[source]!.outputs?.[ref.output];
    })
    .map((ref) => `${ref.$ref}.${ref.output}`);
}

describe('every builder plans its own undo', () => {
  for (const [type, intents] of Object.entries(REPRESENTATIVE_REQUESTS)) {
    for (const intent of intents as readonly Intent[]) {
      it(`${type}: ${JSON.stringify(intent).slice(0, 110)}`, () => {
        const plan = planFor(intent);
        const gaps = reversibilityGaps(plan).map((gap) => `${gap.type}: ${gap.step.id} ${gap.step.call.operation} (${gap.step.action})`);
        assert.deepEqual(gaps, [], 'every change has an inverse or says why not, and nothing undoable follows the first irreversible step');
        for (const step of plan.steps) {
          assert.deepEqual(unresolvableRefs(plan, step), [], `${step.id} ${step.call.operation}: its inverse uses outputs it cannot have`);
          if (step.irreversible !== undefined) assert.ok(step.irreversible.length > 20, `${step.id}: "${step.irreversible}" says too little`);
        }
      });
    }
  }
});

const named = <K extends Target['kind']>(kind: K, name: string) => ({ kind, selector: { by: 'name' as const, name } });

describe('irreversibleSteps', () => {
  it('names the instance and the root volume a termination destroys', () => {
    const [terminate, ...rest] = irreversibleSteps(planFor({ type: 'instance-power', action: 'terminate', targets: named('instance', 'web-1') }));
    assert.equal(rest.length, 0);
    assert.equal(terminate!.call.operation, 'TerminateInstances');
    assert.match(terminate!.irreversible!, /cannot be restarted; web-1 \(i-0a1b2c3d4e5f60001\) with its root volume vol-0a1b2c3d4e5f60001 and its public address 54\.0\.0\.11 is gone for good/);
  });

  it('is empty for a plan that only creates, and for a question', () => {
    assert.deepEqual(irreversibleSteps(planFor({ type: 'create-vpc', name: 'lab', subnetCount: 2, publicSubnets: true })), []);
    assert.deepEqual(irreversibleSteps(planFor({ type: 'query', question: 'graph' })), []);
  });
});

describe('reversibilityGaps', () => {
  const step = (id: string, extra: Partial<Step>): Step => ({
    id, action: id, effect: 'update-live', resource: { kind: 'instance', id: 'i-1' }, dependsOn: [],
    call: { service: 'ec2', operation: 'StopInstances', input: { InstanceIds: ['i-1'] } }, ...extra,
  });
  const plan = (steps: Step[]): Plan => ({ intent: { type: 'query', question: 'status' }, summary: 'test', steps, advisories: [], postconditions: [] });
  const undo = { inverse: { service: 'ec2' as const, operation: 'StartInstances', input: { InstanceIds: ['i-1'] } } };

  it('reports a change that says nothing about its undo, and a reversible change after an irreversible one', () => {
    const gaps = reversibilityGaps(plan([step('s1', undo), step('s2', {}), step('s3', { irreversible: 'gone for good' }), step('s4', undo), step('s5', { effect: 'read' })]));
    assert.deepEqual(gaps.map((gap) => [gap.type, gap.step.id]), [['no-inverse', 's2'], ['reversible-after-irreversible', 's4']]);
  });

  it('accepts reads anywhere and irreversible steps in a row at the end', () => {
    assert.deepEqual(reversibilityGaps(plan([step('s1', { effect: 'read' }), step('s2', undo), step('s3', { irreversible: 'a' }), step('s4', { irreversible: 'b' }), step('s5', { effect: 'read' })])), []);
  });
});
