import type { PlanCheck } from '../guard/check-plan.js';

const MARK = { critical: '!!', high: ' !', medium: ' -', low: ' -' } as const;

/** The guard's findings and decision as a person reads them, before anything runs. */
export function formatCheck(check: PlanCheck, role: string, roleSource: string): string[] {
  const lines = ['Checks:'];
  for (const finding of check.findings) {
    const waived = finding.waived ? ` (waived: ${finding.waived.reason})` : '';
    lines.push(`  ${MARK[finding.severity]} ${finding.ruleId} ${finding.severity}: ${finding.message}${waived}`);
    if (!finding.waived) lines.push(`       fix: ${finding.fix}`);
  }
  if (check.findings.length === 0) lines.push('  compliance: no findings');
  lines.push(`  role: ${role} (${roleSource})`);
  const denied = check.authorization.filter((entry) => !entry.result.allowed);
  lines.push(`  authorization: ${denied.length === 0 ? `every step allowed` : `${denied.length} step(s) not allowed`}`);
  lines.push(`  risk: ${check.risk.level}${check.risk.factors.length ? ` (${check.risk.factors.map((factor) => factor.reason).join('; ')})` : ''}`);
  for (const step of check.irreversible) lines.push(`  cannot be undone: ${step.stepId} ${step.action}: ${step.why}`);
  const decision = check.decision;
  const by = `${decision.decidedBy.kind} ${decision.decidedBy.id}`;
  lines.push(decision.type === 'allow'
    ? `Decision: allowed (${decision.reason}; decided by ${by})`
    : decision.type === 'needs-approval'
      ? `Decision: needs approval (${decision.reason}; decided by ${by})`
      : `Decision: REFUSED (${decision.reason}; decided by ${by})${decision.fix ? `\n  fix: ${decision.fix}` : ''}`);
  return lines;
}
