import type { Plan, Step } from './plan.js';

/** The steps that cannot be undone, in plan order: what a person must accept before approving. */
export function irreversibleSteps(plan: Plan): Step[] {
  return plan.steps.filter((step) => step.irreversible !== undefined);
}

/** Something that keeps a plan from rolling back completely when one of its steps fails. */
export type ReversibilityGap =
  /** A change with neither an inverse nor a reason why it has none. */
  | { readonly type: 'no-inverse'; readonly step: Step }
  /** A change that could be undone, after one that cannot: failing there leaves the cloud half-changed. */
  | { readonly type: 'reversible-after-irreversible'; readonly step: Step; readonly after: Step };

/**
 * Where a plan falls short of "a failure before the irreversible part rolls back completely": changes
 * that say nothing about their undo, and undoable changes placed after the first irreversible one.
 */
export function reversibilityGaps(plan: Plan): ReversibilityGap[] {
  const gaps: ReversibilityGap[] = [];
  let firstIrreversible: Step | undefined;
  for (const step of plan.steps) {
    if (step.effect === 'read') continue;
    if (step.irreversible !== undefined) {
      firstIrreversible ??= step;
      continue;
    }
    if (!step.inverse) gaps.push({ type: 'no-inverse', step });
    else if (firstIrreversible) gaps.push({ type: 'reversible-after-irreversible', step, after: firstIrreversible });
  }
  return gaps;
}
