import type { ResourceKind } from '../../cloud/inventory.js';
import type { ViewOf } from '../../cloud/inventory-query.js';
import type { Severity } from '../decision.js';
import type { ProjectedState } from './projection.js';

/**
 * One compliance rule, as data (AWS CDK style): what it applies to, how bad a failure is, and a check
 * over one resource view of the projected state that names the problem, or says nothing when it passes.
 */
export interface ComplianceRule<K extends ResourceKind = ResourceKind> {
  /** Stable id (`CIRRO-EC2-001`); policy files override and waive rules by it. */
  readonly id: string;
  readonly severity: Severity;
  readonly kind: K;
  /** What the rule asks for, in one line. */
  readonly title: string;
  /** The same check in other scanners (Checkov `CKV_AWS_*`, Trivy `AVD-AWS-*`), for people who know those. */
  readonly equivalents: readonly string[];
  /** The problem in words, after the resource's label ("allows 0.0.0.0/0 on port 22 (SSH)"), or undefined when it passes. */
  check(view: ViewOf<K>, state: ProjectedState): string | undefined;
  /** What to do instead. */
  readonly fix: string;
  /** Puts the label and the problem together; by default "<label> <problem>". */
  readonly format?: (label: string, problem: string) => string;
}

/** Any rule, whatever kind it looks at (the table of built-in rules mixes kinds). */
export type AnyComplianceRule = { [K in ResourceKind]: ComplianceRule<K> }[ResourceKind];

/** Declares a rule with its view type inferred from its kind. */
export function defineRule<K extends ResourceKind>(rule: ComplianceRule<K>): AnyComplianceRule {
  return rule as unknown as AnyComplianceRule;
}
