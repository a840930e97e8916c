import type { Plan } from '../plan/plan.js';

const EFFECT_LABEL: Record<string, string> = {
  read: 'read', create: 'create', 'update-live': 'update (live)', 'update-stop-start': 'update (stop/start)', replace: 'REPLACE', delete: 'DELETE',
};

/** The plan as a person reads it: steps with their effects, then advisories. */
export function formatPlan(plan: Plan): string[] {
  const lines = [`Plan: ${plan.summary}`];
  if (plan.steps.length === 0) lines.push('  (nothing to do: the cloud already is as asked)');
  for (const step of plan.steps) {
    const after = step.dependsOn.length ? ` (after ${step.dependsOn.join(', ')})` : '';
    lines.push(`  ${step.id}  ${EFFECT_LABEL[step.effect]!.padEnd(19)} ${step.action}${after}`);
  }
  if (plan.advisories.length) {
    lines.push('Advisories:');
    for (const advisory of plan.advisories) lines.push(`  ${advisory.level === 'danger' ? '!!' : advisory.level === 'warning' ? ' !' : ' -'} ${advisory.message}`);
  }
  return lines;
}
