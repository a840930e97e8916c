import type { ResourceRef } from '../plan/plan.js';

/** How bad a compliance finding is; the severity decides what happens to the plan. */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** One compliance rule failing on one resource of the state a plan would produce. */
export interface Finding {
  /** Stable id, e.g. `CIRRO-EC2-001`, with the Checkov/Trivy equivalent in `equivalents`. */
  readonly ruleId: string;
  readonly severity: Severity;
  readonly resource: ResourceRef;
  /** Names the resource and the problem: "web-sg allows 0.0.0.0/0 on port 22 (SSH)". */
  readonly message: string;
  /** What to do instead: "allow SSH from your address range only, or use SSM Session Manager". */
  readonly fix: string;
  /** Set when the project's policy file waives this rule for this resource; the reason is recorded. */
  readonly waived?: { readonly reason: string };
}

/** How much a plan could hurt, from its effects. */
export type RiskLevel = 'none' | 'low' | 'medium' | 'high';

/** Why a plan got its risk level: each factor names what raised it. */
export interface RiskAssessment {
  readonly level: RiskLevel;
  readonly factors: readonly { readonly level: RiskLevel; readonly reason: string }[];
}

/** What decided the outcome: a compliance rule, a Cedar policy, the risk level, the role, or the scope check on a model's plan. */
export interface DecisionSource {
  readonly kind: 'compliance' | 'authorization' | 'risk' | 'read-only' | 'scope';
  /** The rule id, Cedar policy id, or risk level that decided. */
  readonly id: string;
}

/** The guard's verdict on a plan (OpenAI Agents JS style: a discriminated union, never an exception). */
export type GuardDecision =
  | { readonly type: 'allow'; readonly reason: string; readonly decidedBy: DecisionSource }
  | { readonly type: 'needs-approval'; readonly reason: string; readonly decidedBy: DecisionSource }
  | { readonly type: 'refuse'; readonly reason: string; readonly decidedBy: DecisionSource; readonly fix?: string };
