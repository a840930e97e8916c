import type { ResourceKind } from '../../../cloud/inventory.js';
import type { Intent } from '../../../plan/intent.js';
import type { Effect, ParameterValue, Plan, ServiceName, Step } from '../../../plan/plan.js';

/** Compliance never reads a plan's intent; tests give their hand-made plans this one. */
const ANY_INTENT: Intent = { type: 'tag', targets: { kind: 'instance', selector: { by: 'only' } }, tags: {} };

/** What a hand-made step says beyond its call: its effect and resource (defaults: update-live, an instance). */
export interface StepOptions {
  readonly effect?: Effect;
  readonly kind?: ResourceKind;
  readonly id?: string;
  readonly name?: string;
  readonly service?: ServiceName;
  readonly outputs?: Readonly<Record<string, string>>;
}

/** One step calling `operation` with `input`, numbered by the plan it goes into. */
export function step(operation: string, input: { readonly [key: string]: ParameterValue }, options: StepOptions = {}): Omit<Step, 'id'> {
  return {
    action: `${operation} (test)`,
    effect: options.effect ?? 'update-live',
    resource: { kind: options.kind ?? 'instance', ...(options.id ? { id: options.id } : {}), ...(options.name ? { name: options.name } : {}) },
    call: { service: options.service ?? (/LoadBalancer|TargetGroup|Listener|Targets|^AddTags|^RemoveTags/.test(operation) ? 'elbv2' : 'ec2'), operation, input },
    dependsOn: [],
    ...(options.outputs ? { outputs: options.outputs } : {}),
  };
}

/** A plan of the given steps, with ids s1, s2, … in order (so `{ $ref: 's1', output }` names the first). */
export function planOf(...steps: Omit<Step, 'id'>[]): Plan {
  return { intent: ANY_INTENT, summary: 'a test plan', steps: steps.map((candidate, index) => ({ ...candidate, id: `s${index + 1}` })), advisories: [], postconditions: [] };
}

/** A reference to an earlier step's output. */
export function ref(stepId: string, output: string): { $ref: string; output: string } {
  return { $ref: stepId, output };
}
