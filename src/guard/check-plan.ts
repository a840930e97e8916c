import type { Inventory } from '../cloud/inventory.js';
import { changesCloud, type Plan } from '../plan/plan.js';
import { authorizePlan } from './authorization/plan-authorization.js';
import type { AuthorizationResult, Authorizer } from './authorization/types.js';
import { checkCompliance } from './compliance/index.js';
import type { Finding, GuardDecision, RiskAssessment, RiskLevel } from './decision.js';
import type { PolicyFile } from './policy-file/types.js';
import { assessRisk } from './risk/index.js';

/** Everything the guard found out about a plan before it runs, and what it decided. */
export interface PlanCheck {
  readonly findings: readonly Finding[];
  readonly authorization: readonly { readonly stepId: string; readonly result: AuthorizationResult }[];
  readonly risk: RiskAssessment;
  /** Steps a rollback could not undo, with why (shown before approval). */
  readonly irreversible: readonly { readonly stepId: string; readonly action: string; readonly why: string }[];
  readonly decision: GuardDecision;
}

/** Who runs the plan and under which project rules. */
export interface CheckOptions {
  readonly policy: PolicyFile;
  readonly authorizer: Authorizer;
  readonly role: string;
  readonly agent: string;
  /** --read-only: anything that changes the cloud is refused. */
  readonly readOnly?: boolean;
}

const RISK_ORDER: Readonly<Record<RiskLevel, number>> = { none: 0, low: 1, medium: 2, high: 3 };

/**
 * Runs every check on a plan and decides: refused (read-only, a role or Cedar policy forbids a step, a
 * critical compliance finding not waived), needs approval (a high finding, or risk at or above the
 * project's approval level), or allowed. Refusals come first, so `--yes` can never override them.
 */
export function checkPlan(plan: Plan, inventory: Inventory, options: CheckOptions): PlanCheck {
  const findings = checkCompliance(plan, inventory, options.policy);
  const authorization = authorizePlan(plan, inventory, options.authorizer, { role: options.role, agent: options.agent });
  const risk = assessRisk(plan, inventory);
  const irreversible = plan.steps
    .filter((step) => step.effect !== 'read' && (step.irreversible !== undefined || step.inverse === undefined))
    .map((step) => ({ stepId: step.id, action: step.action, why: step.irreversible ?? 'Cirro has no undo for this step' }));
  return { findings, authorization, risk, irreversible, decision: decide(plan, { findings, authorization, risk }, options) };
}

function decide(plan: Plan, found: Pick<PlanCheck, 'findings' | 'authorization' | 'risk'>, options: CheckOptions): GuardDecision {
  if (!changesCloud(plan)) return { type: 'allow', reason: 'the plan only reads', decidedBy: { kind: 'risk', id: 'none' } };
  if (options.readOnly) {
    return { type: 'refuse', reason: 'refused: --read-only is set and this plan changes the cloud', decidedBy: { kind: 'read-only', id: 'read-only' }, fix: 'run again without --read-only to let Cirro change the cloud' };
  }
  const denied = found.authorization.find((entry) => !entry.result.allowed);
  if (denied && !denied.result.allowed) {
    return { type: 'refuse', reason: `refused: ${denied.result.reason}`, decidedBy: { kind: 'authorization', id: denied.result.policies[0] ?? 'no-permit' } };
  }
  const open = found.findings.filter((finding) => !finding.waived);
  const critical = open.find((finding) => finding.severity === 'critical');
  if (critical) {
    return {
      type: 'refuse',
      reason: `refused by ${critical.ruleId} (critical): ${critical.message}`,
      decidedBy: { kind: 'compliance', id: critical.ruleId },
      fix: `${critical.fix}; or, if this is intended, waive ${critical.ruleId} for this resource with a reason in .cirro/policy.yaml`,
    };
  }
  const high = open.find((finding) => finding.severity === 'high');
  if (high) return { type: 'needs-approval', reason: `${high.ruleId} (high): ${high.message}`, decidedBy: { kind: 'compliance', id: high.ruleId } };
  if (RISK_ORDER[found.risk.level] >= RISK_ORDER[options.policy.approvalFrom]) {
    const top = found.risk.factors.filter((factor) => factor.level === found.risk.level).map((factor) => factor.reason);
    return { type: 'needs-approval', reason: `${found.risk.level} risk: ${top.join('; ') || 'the plan changes the cloud'}`, decidedBy: { kind: 'risk', id: found.risk.level } };
  }
  return { type: 'allow', reason: `${found.risk.level} risk, below the approval level (${options.policy.approvalFrom})`, decidedBy: { kind: 'risk', id: found.risk.level } };
}
