import type { Intent } from './intent.js';
import type { Advisory, ApiCall, Effect, OutputRef, Plan, Postcondition, ResourceRef, Step, WaitSpec } from './plan.js';

/** Why a plan could not be made: what a person should do about it. */
export type PlanProblem =
  | { readonly type: 'clarify'; readonly question: string; readonly candidates: readonly string[] }
  | { readonly type: 'not-found'; readonly message: string; readonly suggestions: readonly string[] }
  | { readonly type: 'invalid'; readonly message: string };

/** The plan builder's answer. */
export type PlanOutcome = { readonly type: 'plan'; readonly plan: Plan } | PlanProblem;

/** Thrown inside builders to stop with a problem; caught by buildPlan and returned as a value. */
export class PlanStop extends Error {
  constructor(readonly problem: PlanProblem) {
    super(problem.type === 'clarify' ? problem.question : problem.message);
  }
}

/** Stops planning: the request cannot be carried out as asked. */
export function invalid(message: string): never {
  throw new PlanStop({ type: 'invalid', message });
}

/** A step being added to a draft (id and dependencies are filled in by the draft). */
export interface StepInput {
  readonly action: string;
  readonly effect: Effect;
  readonly resource: ResourceRef;
  readonly call: ApiCall;
  readonly outputs?: Readonly<Record<string, string>>;
  readonly dependsOn?: readonly (Step | string)[];
  readonly wait?: WaitSpec;
  /** A wait that needs this step's own outputs (`volumeState(ref(self, 'volumeId'), …)`). */
  readonly waitFor?: (self: Step) => WaitSpec;
  /** The call that undoes the step; a function when it needs the step's own outputs (`ref(self, 'instanceId')`). */
  readonly inverse?: ApiCall | ((self: Step) => ApiCall);
  /** Polling after the inverse until the undo settled; a function when it needs the step's own outputs. */
  readonly inverseWait?: WaitSpec | ((self: Step) => WaitSpec);
  /** Why the step cannot be undone, naming what is lost. */
  readonly irreversible?: string;
}

/** Accumulates steps, advisories and post-conditions while a builder works. */
export class PlanDraft {
  private readonly steps: Step[] = [];
  private readonly advisories: Advisory[] = [];
  private readonly postconditions: Postcondition[] = [];

  constructor(private readonly intent: Intent) {}

  /** Adds a step and returns it (use it in dependsOn and refs). */
  step(input: StepInput): Step {
    const base: Step = {
      id: `s${this.steps.length + 1}`,
      action: input.action,
      effect: input.effect,
      resource: input.resource,
      call: input.call,
      outputs: input.outputs,
      dependsOn: (input.dependsOn ?? []).map((dependency) => (typeof dependency === 'string' ? dependency : dependency.id)),
      wait: input.wait,
    };
    const step: Step = {
      ...base,
      ...(input.waitFor ? { wait: input.waitFor(base) } : {}),
      ...(input.inverse ? { inverse: typeof input.inverse === 'function' ? input.inverse(base) : input.inverse } : {}),
      ...(input.inverseWait ? { inverseWait: typeof input.inverseWait === 'function' ? input.inverseWait(base) : input.inverseWait } : {}),
      ...(input.irreversible ? { irreversible: input.irreversible } : {}),
    };
    this.steps.push(step);
    return step;
  }

  /** A value from an earlier step's named output. */
  ref(step: Step, output: string): OutputRef {
    if (!step.outputs?.[output]) throw new Error(`step ${step.id} has no output ${output}`);
    return { $ref: step.id, output };
  }

  /** Adds something the user should know before approving (once, however often builders say it). */
  advise(level: Advisory['level'], message: string, mechanics?: Advisory['mechanics']): void {
    if (!this.advisories.some((advisory) => advisory.message === message)) this.advisories.push({ level, message, ...(mechanics ? { mechanics } : {}) });
  }

  /** Adds a fact the cloud must show once the plan ran. */
  expect(description: string, resource: ResourceRef, expect: Postcondition['expect']): void {
    this.postconditions.push({ description, resource, expect });
  }

  /** The finished plan. */
  finish(summary: string): Plan {
    return { intent: this.intent, summary, steps: this.steps, advisories: this.advisories, postconditions: this.postconditions };
  }
}

/** Tags in the SDK's shape for a TagSpecification. */
export function tagSpecification(resourceType: string, tags: Readonly<Record<string, string>>) {
  // aws:* tags belong to AWS (a stack's, a launch template's): EC2 refuses them in a request, so copies leave them out.
  return { ResourceType: resourceType, Tags: Object.entries(tags).filter(([Key]) => !Key.toLowerCase().startsWith('aws:')).map(([Key, Value]) => ({ Key, Value })) };
}
