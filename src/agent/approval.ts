import type { Inventory } from '../cloud/inventory.js';
import type { AuditLog } from '../guard/audit/types.js';
import type { PlanCheck } from '../guard/check-plan.js';
import { touchedResourceIds } from '../guard/fingerprint.js';
import type { Plan } from '../plan/plan.js';
import { EXIT, type AskReport, type AskResult } from './ask-report.js';
import type { ApprovedBy } from './carry-out.js';
import type { AgentGuard } from './guard-setup.js';

/** How a checked plan gets its go-ahead: the user's flags, a terminal, and where a plan waits when neither approves. */
export interface ApprovalOptions {
  readonly request: string;
  readonly yes?: boolean;
  readonly dryRun?: boolean;
  readonly interaction?: { confirm(question: string): Promise<boolean> };
  readonly audit?: AuditLog;
  /**
   * Saves a plan that needs approval for `cirro approve` when no one can approve it now; returns its id,
   * or undefined when it is not saved.
   */
  readonly savePending?: () => string | undefined;
}

/**
 * Writes the plan and the guard's decision to the audit log, then acts on the decision before anything
 * runs: a refusal stops (whatever `--yes` says), a dry run stops, and a plan that needs approval runs only
 * with `--yes` or a yes at the terminal; otherwise it is saved for `cirro approve` (when a place is given)
 * and the run stops. Returns how the plan was approved, or the result the run ends with.
 */
export async function decideOnPlan(plan: Plan, inventory: Inventory, check: PlanCheck, guard: AgentGuard, report: AskReport, options: ApprovalOptions): Promise<ApprovedBy | AskResult> {
  const planId = report.planId;
  if (planId === null) throw new Error('decideOnPlan needs the report to carry the plan id');
  const touched = touchedResourceIds(plan, inventory);
  options.audit?.append({ type: 'plan', actor: guard.agent, planId, resources: touched, data: { request: options.request, summary: plan.summary, steps: plan.steps.map((step) => ({ id: step.id, effect: step.effect, operation: `${step.call.service}:${step.call.operation}` })) } });
  options.audit?.append({ type: check.decision.type === 'refuse' ? 'refusal' : 'decision', actor: guard.agent, planId, resources: touched, data: { role: guard.role, decision: check.decision.type, reason: check.decision.reason, decidedBy: check.decision.decidedBy, risk: check.risk.level, findings: check.findings.map((finding) => ({ rule: finding.ruleId, severity: finding.severity, resource: finding.resource.id ?? finding.resource.name, ...(finding.waived ? { waived: finding.waived.reason } : {}) })) } });
  if (check.decision.type === 'refuse') {
    const reason = `${check.decision.reason}${check.decision.fix ? `\n  fix: ${check.decision.fix}` : ''}`;
    report.emit('Nothing was changed.');
    return report.finish('refused', 'not-run', EXIT.refused, { reason });
  }
  if (options.dryRun) {
    report.emit('Dry run: nothing was changed.');
    return report.finish('dry-run', 'not-run', EXIT.ok);
  }
  if (check.decision.type !== 'needs-approval') return 'low-risk';
  let approvedBy: ApprovedBy;
  if (options.yes) approvedBy = 'yes';
  else if (options.interaction) {
    if (!(await options.interaction.confirm('Apply this plan?'))) return report.refuse('Not applied: you declined. Nothing was changed.', EXIT.refused);
    approvedBy = 'interactive';
  } else {
    const saved = options.savePending?.();
    const reason = `This plan needs approval (${check.decision.reason}). ${saved ? `It is saved as ${saved}: run 'cirro approve ${saved}' to apply it (the cloud is checked again first) or 'cirro reject ${saved}'; or ` : 'Nothing was changed; '}run again with --yes, or from a terminal to be asked.`;
    report.emit(reason);
    return report.finish('needs-approval', 'not-run', EXIT.needsApproval, { reason });
  }
  options.audit?.append({ type: 'approval', actor: approvedBy === 'yes' ? 'user (--yes)' : 'user (terminal)', planId, resources: touched, data: { reason: check.decision.reason } });
  return approvedBy;
}
