import type { Inventory } from '../../cloud/inventory.js';
import type { Plan } from '../../plan/plan.js';
import type { Finding, Severity } from '../decision.js';
import type { PolicyFile } from '../policy-file/types.js';
import { BUILT_IN_RULES } from './built-in-rules.js';
import { customRule } from './custom-rules.js';
import { resourceLabel, resourceRef, waiverNames } from './labels.js';
import { projectPlan } from './project-plan.js';
import { currentState, type ProjectedState } from './projection.js';
import type { AnyComplianceRule } from './rule.js';

export { BUILT_IN_RULES, BUILT_IN_RULE_IDS } from './built-in-rules.js';
export { projectPlan } from './project-plan.js';
export type { ProjectedState } from './projection.js';
export type { AnyComplianceRule, ComplianceRule } from './rule.js';

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

/**
 * Checks the state a plan would produce against the built-in rules and the project's own, as the
 * project's policy file adjusts them. Only resources the plan creates or changes are checked, and a
 * problem a resource already had before the plan (the same message) is not blamed on it. Waived
 * findings are still returned, marked with the waiver's reason, so the reason can be recorded.
 * Most severe first.
 */
export function checkCompliance(plan: Plan, inventory: Inventory, policy: PolicyFile): Finding[] {
  return evaluateRules(projectPlan(plan, inventory), rulesFor(policy), policy.waivers);
}

/** The rules a project runs: the built-ins less the disabled ones, with severity overrides, then its own. */
export function rulesFor(policy: PolicyFile): AnyComplianceRule[] {
  const overrides = new Map(policy.overrides.map((override) => [override.ruleId, override]));
  return [...BUILT_IN_RULES, ...policy.rules.map(customRule)]
    .filter((rule) => overrides.get(rule.id)?.disabled !== true)
    .map((rule) => {
      const severity = overrides.get(rule.id)?.severity;
      return severity ? { ...rule, severity } : rule;
    });
}

/** Runs rules over the resources a projection touched and turns failures into findings. */
export function evaluateRules(state: ProjectedState, rules: readonly AnyComplianceRule[], waivers: PolicyFile['waivers'] = []): Finding[] {
  const before = currentState(state.before);
  const findings: Finding[] = [];
  for (const id of state.touched) {
    const view = state.byId.get(id);
    if (!view) continue;
    const previous = state.created.has(id) ? undefined : before.byId.get(id);
    for (const rule of rules) {
      if (rule.kind !== view.kind) continue;
      // The rule's kind equals the view's, so the view is the type its check expects.
      const check = rule.check as (view: unknown, state: ProjectedState) => string | undefined;
      const problem = check(view, state);
      if (problem === undefined) continue;
      if (previous && check(previous, before) === problem) continue;
      const label = resourceLabel(view, state);
      const names = waiverNames(view, state);
      const waiver = waivers.find((candidate) => candidate.ruleId === rule.id && names.includes(candidate.resource));
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        resource: resourceRef(view, state),
        message: rule.format ? rule.format(label, problem) : `${label} ${problem}`,
        fix: rule.fix,
        ...(waiver ? { waived: { reason: waiver.reason } } : {}),
      });
    }
  }
  return findings.sort((left, right) =>
    SEVERITY_ORDER[left.severity] - SEVERITY_ORDER[right.severity] || left.ruleId.localeCompare(right.ruleId) || left.message.localeCompare(right.message));
}
