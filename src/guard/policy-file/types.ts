import type { Severity } from '../decision.js';

/** A rule the project adds: a predicate over one resource view of the projected state, as data. */
export interface CustomRule {
  readonly id: string;
  readonly severity: Severity;
  /** The resource kind it applies to (`instance`, `security-group`, …). */
  readonly kind: string;
  /** Field path (dots) → condition; every condition must hold for the rule to fire. */
  readonly when: Readonly<Record<string, FieldCondition>>;
  readonly message: string;
  readonly fix: string;
}

/** A condition on one field of a resource view. */
export type FieldCondition =
  | string | number | boolean
  | { readonly in: readonly (string | number | boolean)[] }
  | { readonly notIn: readonly (string | number | boolean)[] }
  | { readonly exists: boolean }
  | { readonly matches: string };

/** A project's `.cirro/policy.yaml`, validated. */
export interface PolicyFile {
  /** Where it was read from (undefined for the built-in defaults). */
  readonly path: string | undefined;
  /** The role agents run as in this project unless a flag says otherwise. */
  readonly role: string | undefined;
  /** Project-defined roles: name → Cedar policy text. */
  readonly roles: Readonly<Record<string, string>>;
  /** Extra Cedar policies applied to every role (e.g. forbid deleting anything tagged team=payments). */
  readonly policies: string | undefined;
  /** Overrides of built-in rules (severity, or disabled). */
  readonly overrides: readonly { readonly ruleId: string; readonly severity?: Severity; readonly disabled?: boolean }[];
  readonly rules: readonly CustomRule[];
  /** One rule waived for one resource (by id or Name), with the reason recorded in the audit log. */
  readonly waivers: readonly { readonly ruleId: string; readonly resource: string; readonly reason: string }[];
  /** What cirro drift does not report as drift: ignore rules and accepted baselines. */
  readonly drift: DriftPolicy;
  /** The lowest risk level that needs approval (default medium: low-risk plans run). */
  readonly approvalFrom: 'low' | 'medium' | 'high';
}

/** Drift findings a project does not want reported, each with the reason shown beside it. */
export interface DriftPolicy {
  /** Findings matching every field a rule sets are ignored (stack, resource by logical id, physical id or Name, type, property path prefix). */
  readonly ignore: readonly DriftIgnoreRule[];
  /** Differences accepted as they are now; a later change to another value is drift again. */
  readonly baseline: readonly DriftBaselineEntry[];
}

/** One ignore rule under `drift.ignore`. */
export interface DriftIgnoreRule {
  readonly stack?: string;
  /** Logical id, physical id or Name tag. */
  readonly resource?: string;
  /** CloudFormation type (AWS::EC2::Instance). */
  readonly type?: string;
  /** A property path prefix: /Tags covers /Tags/0/Value. */
  readonly property?: string;
  readonly reason: string;
}

/** One accepted difference under `drift.baseline`. */
export interface DriftBaselineEntry {
  readonly stack: string;
  /** Logical id, physical id or Name tag. */
  readonly resource: string;
  /** The exact property path (/InstanceType). */
  readonly property: string;
  /** The accepted actual value (text, or the value a JSON actual parses to). */
  readonly actual: unknown;
  readonly reason: string;
}
