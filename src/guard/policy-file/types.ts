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
  /** The lowest risk level that needs approval (default medium: low-risk plans run). */
  readonly approvalFrom: 'low' | 'medium' | 'high';
}
