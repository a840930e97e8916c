import type { IacPhase } from '../../plan/iac/iac-change.js';
import type { PredictedChange } from '../../plan/iac/predict-changes.js';
import type { Plan } from '../../plan/plan.js';
import { formatPlan } from '../format.js';
import type { IacRendering } from './render-iac.js';

/** Intents whose template form is translated from the intent, not from the builder's calls (see render-iac). */
const ANOTHER_WAY: ReadonlySet<string> = new Set(['set-market', 'set-monitoring']);

/** The CloudFormation calls a plan runs as, one a line. */
export function formatIacCalls(rendering: IacRendering): string[] {
  return rendering.plan.steps.map((step) => `  ${step.id.padEnd(18)} cloudformation:${step.call.operation.padEnd(16)} ${step.action}`);
}

/** A change as people read it: `replace api-1 (Api1Instance) [LaunchTemplate]`, `add Api1InstanceLaunchTemplate`. */
function describeChange(change: PredictedChange, labels: ReadonlyMap<string, string>): string {
  const name = labels.get(change.logicalId) ?? change.logicalId;
  const verb = change.action === 'Add' ? 'add' : change.action === 'Remove' ? 'remove' : change.replacement === 'True' ? 'replace' : change.replacement === 'Conditional' ? 'maybe replace' : 'change';
  return `${verb} ${name}${change.action === 'Modify' && change.properties.length ? ` [${change.properties.join(', ')}]` : ''}`;
}

function describePhase(phase: IacPhase, labels: ReadonlyMap<string, string>): string {
  return phase.changes.length > 0 ? phase.changes.map((change) => describeChange(change, labels)).join(', ') : phase.purpose;
}

/**
 * The plan a person reads when it runs through CloudFormation: the stack operations, numbered (import,
 * create or update, each reviewed as a change set first), and under them what CloudFormation will do
 * to the cloud, which is the builder's plan the guard checked, then the advisories.
 */
export function formatIacPlan(rendering: IacRendering, semantic: Plan): string[] {
  const { change, labels } = rendering;
  const stack = change.stackName;
  const moves: string[] = [];
  if (change.imports.length > 0) moves.push(`import ${change.imports.map((item) => item.label).join(', ')} into stack ${stack}${change.createsStack ? ' (a new stack)' : ''}; they keep running as they are`);
  for (const [index, phase] of change.phases.entries()) {
    const reviewed = phase.reviewed ? ' (reviewed as a change set first)' : ` (${phase.purpose})`;
    if (change.deletesStack && index === change.phases.length - 1) moves.push(`delete stack ${stack}, and with it ${phase.changes.map((item) => labels.get(item.logicalId) ?? item.logicalId).join(', ')}`);
    else if (change.createsStack && change.imports.length === 0 && index === 0) moves.push(`create stack ${stack}: ${describePhase(phase, labels)}${reviewed}`);
    else moves.push(`update stack ${stack}: ${describePhase(phase, labels)}${reviewed}`);
  }
  const created = change.createsStack ? (change.imports.length > 0 ? ', created by import' : ', created') : '';
  const builder = formatPlan(semantic);
  const advisoriesAt = builder.indexOf('Advisories:');
  const steps = builder.slice(1, advisoriesAt === -1 ? undefined : advisoriesAt);
  return [
    `Plan: ${semantic.summary} — through CloudFormation (stack ${stack}${created})`,
    ...moves.map((move, index) => `  ${String(index + 1).padStart(2)}  ${move}`),
    // For these the builder's steps are the SDK's way round what EC2 cannot do in place; the template states the end result.
    ANOTHER_WAY.has(semantic.intent.type)
      ? '  The change as Cirro checked it (the SDK\'s steps; CloudFormation reaches the same end state its own way):'
      : '  What CloudFormation will do:',
    ...steps.map((line) => `  ${line}`),
    ...(advisoriesAt === -1 ? [] : builder.slice(advisoriesAt)),
  ];
}
