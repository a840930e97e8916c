import type { ResourceKind } from '../../cloud/inventory.js';
import { buildResize } from '../../plan/builders/instances.js';
import { PlanDraft, PlanStop } from '../../plan/draft.js';
import type { Plan } from '../../plan/plan.js';
import type { RestoreContext } from './restore-context.js';
import { restoreAdvice } from './restore-advice.js';
import { attachStep, ruleStep, tagStep } from './restore-steps.js';
import { toggleSteps } from './stack-toggle.js';
import type { DriftFinding } from './types.js';
import { CLOUDFORMATION_TYPES } from './unmanaged.js';

/** A finding the plan does not restore, and why (with what a person can do instead). */
export interface LeftFinding {
  readonly finding: DriftFinding;
  readonly why: string;
}

/** "Bring the cloud back to the code", as a plan: the steps, the findings they restore, and the ones they leave. */
export interface RestorePlan {
  /** Undefined when no finding can be restored by a plan. */
  readonly plan: Plan | undefined;
  readonly restored: readonly DriftFinding[];
  readonly left: readonly LeftFinding[];
}

/** Resources of a stack that are not resources of their own in the inventory, by the kind they belong to. */
const PART_KINDS: Readonly<Record<string, ResourceKind>> = {
  'AWS::EC2::SecurityGroupIngress': 'security-group', 'AWS::EC2::SecurityGroupEgress': 'security-group', 'AWS::EC2::VolumeAttachment': 'volume',
  'AWS::EC2::EIPAssociation': 'elastic-ip', 'AWS::EC2::SubnetRouteTableAssociation': 'route-table', 'AWS::EC2::Route': 'route-table',
  'AWS::EC2::VPCGatewayAttachment': 'internet-gateway', 'AWS::ElasticLoadBalancingV2::ListenerRule': 'listener',
};

/** The inventory kind a CloudFormation type is (or belongs to), if Cirro knows it. */
export function kindOfType(resourceType: string): ResourceKind | undefined {
  const own = (Object.entries(CLOUDFORMATION_TYPES) as [ResourceKind, string][]).find(([, type]) => type === resourceType)?.[0];
  return own ?? PART_KINDS[resourceType];
}

/**
 * Plans setting each finding back to what its stack's template says, with the service's own calls: a
 * rule opened by hand is revoked (one removed is authorized again), a resized instance is resized back
 * (stop, modify, start: the resize builder's steps), a detached volume is attached again at the
 * template's device, tags are set back, and a resource the cloud lost is recreated by two stack
 * updates (without it, then with the original template), since re-deploying the same template changes
 * nothing. Resources in no stack are not the code's to restore: they are left, with how to adopt or
 * remove them. The plan is checked and approved like any other before it runs.
 */
export function restorePlan(findings: readonly DriftFinding[], context: RestoreContext): RestorePlan {
  const draft = new PlanDraft({ type: 'restore-drift', stacks: [], findings: 0 });
  const restored: DriftFinding[] = [];
  const left: LeftFinding[] = [];
  const lost = new Map<string, DriftFinding[]>();
  for (const finding of findings) {
    if (finding.kind === 'unmanaged') {
      left.push({ finding, why: `in no stack, so not the code's to restore: ${restoreAdvice(finding)}` });
      continue;
    }
    if (finding.kind === 'deleted' && finding.resourceType !== 'AWS::EC2::VolumeAttachment') {
      lost.set(finding.stack!, [...(lost.get(finding.stack!) ?? []), finding]);
      continue;
    }
    const why = planFinding(draft, context, finding);
    if (why === undefined) restored.push(finding);
    else left.push({ finding, why });
  }
  for (const [stack, gone] of lost) {
    const source = context.stacks.get(stack);
    if (!source) {
      left.push(...gone.map((finding) => ({ finding, why: `the template of stack ${stack} could not be read` })));
      continue;
    }
    const outcome = toggleSteps(draft, source, gone, kindOfType);
    restored.push(...outcome.restored);
    left.push(...outcome.left);
  }
  if (restored.length === 0) return { plan: undefined, restored, left };
  const stacks = [...new Set(restored.map((finding) => finding.stack!))].sort();
  const count = restored.length;
  const summary = `restore ${count} drifted finding${count === 1 ? '' : 's'} in ${stacks.length === 1 ? 'stack' : 'stacks'} ${stacks.join(', ')} to what the code says`;
  const plan = draft.finish(summary);
  return { plan: { ...plan, intent: { type: 'restore-drift', stacks, findings: count } }, restored, left };
}

/** Adds the steps that restore one finding; returns why it cannot, when it cannot. */
function planFinding(draft: PlanDraft, context: RestoreContext, finding: DriftFinding): string | undefined {
  const property = finding.property ?? '';
  if (finding.kind === 'deleted') return attachStep(draft, context, finding);
  if (finding.resourceType === 'AWS::EC2::SecurityGroup' && /^\/SecurityGroup(Ingress|Egress)\/\d+$/.test(property)) return ruleStep(draft, context, finding);
  if (/^\/Tags\/\d+(\/(Key|Value))?$/.test(property)) return tagStep(draft, context, finding);
  if (finding.resourceType === 'AWS::EC2::Instance' && property === '/InstanceType' && finding.expected !== undefined && finding.expected !== 'null') {
    try {
      buildResize(draft, context, { type: 'resize', targets: { kind: 'instance', selector: { by: 'id', id: finding.physicalId } }, instanceType: finding.expected });
      return undefined;
    } catch (error) {
      if (error instanceof PlanStop) return `it cannot be resized back: ${error.message}`;
      throw error;
    }
  }
  return `Cirro has no call that sets ${property || 'it'} back; ${restoreAdvice(finding)}`;
}
