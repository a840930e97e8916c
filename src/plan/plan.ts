import type { ResourceKind } from '../cloud/inventory.js';
import type { Intent } from './intent.js';

/** What a step does to the cloud, from harmless to destructive. */
export type Effect = 'read' | 'create' | 'update-live' | 'update-stop-start' | 'replace' | 'delete';

/** The AWS services plans call. */
export type ServiceName = 'ec2' | 'elbv2' | 'sts' | 'cloudformation';

/** A value taken from an earlier step's output at run time. */
export interface OutputRef {
  readonly $ref: string;
  readonly output: string;
}

/** A parameter value: literal JSON, or a reference to an earlier step's output, at any depth. */
export type ParameterValue = string | number | boolean | null | OutputRef | readonly ParameterValue[] | { readonly [key: string]: ParameterValue };

/** One AWS API call, in the SDK's own shapes (PascalCase members), which the CLI accepts too. */
export interface ApiCall {
  readonly service: ServiceName;
  readonly operation: string;
  readonly input: { readonly [key: string]: ParameterValue };
}

/** Polling after a step until a describe call shows the resource settled. */
export interface WaitSpec {
  readonly description: string;
  readonly call: ApiCall;
  /** A path into the describe output (dots and [] for "every item"), and the values that mean done. */
  readonly path: string;
  readonly until: readonly (string | number | boolean)[];
  /** Values that mean it will never get there (fail fast). */
  readonly failOn?: readonly string[];
  readonly timeoutSeconds: number;
}

/**
 * A condition a step's settled output must meet, else the step fails (and the plan rolls back): every
 * item at `items` whose `flag` is one of `flagged` must have its `key` among `allowed`. The IaC executor
 * uses it to review a change set: only the replacements the plan declared may appear in it.
 */
export interface OutputCheck {
  readonly description: string;
  readonly items: string;
  readonly key: string;
  readonly flag: string;
  readonly flagged: readonly string[];
  readonly allowed: readonly string[];
}

/** What a step touches: an existing resource by id, or one it makes (named). */
export interface ResourceRef {
  readonly kind: ResourceKind;
  readonly id?: string;
  readonly name?: string;
}

/** One step of a plan: a single API call with its effect, outputs, dependencies and settling wait. */
export interface Step {
  readonly id: string;
  /** What a person reads: "launch web-1 (t3.micro, Amazon Linux 2023) in subnet-…". */
  readonly action: string;
  readonly effect: Effect;
  readonly resource: ResourceRef;
  readonly call: ApiCall;
  /** Named values to keep from the output, by path (`Instances[0].InstanceId`). */
  readonly outputs?: Readonly<Record<string, string>>;
  readonly dependsOn: readonly string[];
  readonly wait?: WaitSpec;
  /** Checked on the step's output once it settled (after its wait); a failed check fails the step. */
  readonly check?: OutputCheck;
  /**
   * The call that undoes this step (for rollback), when one exists. Its input may reference this step's
   * own outputs (`{ $ref: <this step's id>, output }`): it is resolved after the step ran.
   */
  readonly inverse?: ApiCall;
  /** Polling after the inverse until the undo settled (a terminated instance before its group is deleted). */
  readonly inverseWait?: WaitSpec;
  /** Why this step cannot be undone, when it cannot (shown before approval). */
  readonly irreversible?: string;
  /**
   * For a step whose inverse only covers it failing midway (a CloudFormation update rolls itself back
   * when it fails, never once it completed): why it cannot be undone once it completed.
   */
  readonly irreversibleOnceDone?: string;
}

/** Something the user should know before approving. */
export interface Advisory {
  readonly level: 'info' | 'warning' | 'danger';
  readonly message: string;
  /**
   * Set when the text describes how Cirro's own calls carry out a replacement (image, relaunch, move):
   * an executor that replaces another way (CloudFormation) says what it does instead.
   */
  readonly mechanics?: 'sdk-replacement';
}

/** A fact the cloud must show once the plan ran, checked against a fresh read. */
export interface Postcondition {
  readonly description: string;
  readonly resource: ResourceRef;
  /** Fields of the resource view and the values they must have; 'absent' means it must be gone. */
  readonly expect: Readonly<Record<string, unknown>> | 'absent';
}

/** The metaprogram: typed steps with their effects and dependencies, checked before anything runs. */
export interface Plan {
  readonly intent: Intent;
  /** One line: what was understood. */
  readonly summary: string;
  readonly steps: readonly Step[];
  readonly advisories: readonly Advisory[];
  readonly postconditions: readonly Postcondition[];
}

/** True when running the plan changes anything. */
export function changesCloud(plan: Plan): boolean {
  return plan.steps.some((step) => step.effect !== 'read');
}

/** True when a value is a reference to an earlier step's output. */
export function isOutputRef(value: unknown): value is OutputRef {
  return typeof value === 'object' && value !== null && typeof (value as OutputRef).$ref === 'string';
}
