import { buildAllocateAddress, buildReleaseAddress } from './builders/addresses.js';
import { buildCreateInstances } from './builders/create-instances.js';
import { buildDelete } from './builders/delete.js';
import { buildMonitoring, buildPower, buildResize } from './builders/instances.js';
import { buildCreateLoadBalancer } from './builders/load-balancer.js';
import { buildSetMarket } from './builders/market.js';
import { buildMembership } from './builders/membership.js';
import { buildChangePorts, buildCreateSecurityGroup, buildCreateSubnet, buildCreateVpc } from './builders/network.js';
import { buildQuery } from './builders/query.js';
import { buildAttachVolume, buildCreateVolume, buildDetachVolume } from './builders/storage.js';
import { buildTag } from './builders/tags.js';
import type { PlanContext } from './context.js';
import { invalid, PlanDraft, PlanStop, type PlanOutcome } from './draft.js';
import type { Intent } from './intent.js';

/**
 * Turns an intent and a fresh inventory into a plan, or into the question or refusal that stops it.
 * The plan, not the brain, knows AWS: which changes are live, need a stop/start or a replacement,
 * and what a change drags along.
 */
export function buildPlan(intent: Intent, context: PlanContext): PlanOutcome {
  const draft = new PlanDraft(intent);
  try {
    const summary = build(draft, context, intent);
    return { type: 'plan', plan: draft.finish(summary) };
  } catch (error) {
    if (error instanceof PlanStop) return error.problem;
    throw error;
  }
}

function build(draft: PlanDraft, context: PlanContext, intent: Intent): string {
  switch (intent.type) {
    case 'create-instances': return buildCreateInstances(draft, context, intent);
    case 'create-load-balancer': return buildCreateLoadBalancer(draft, context, intent);
    case 'create-vpc': return buildCreateVpc(draft, context, intent);
    case 'create-subnet': return buildCreateSubnet(draft, context, intent);
    case 'create-security-group': return buildCreateSecurityGroup(draft, context, intent);
    case 'change-ports': return buildChangePorts(draft, context, intent);
    case 'create-volume': return buildCreateVolume(draft, context, intent);
    case 'attach-volume': return buildAttachVolume(draft, context, intent);
    case 'detach-volume': return buildDetachVolume(draft, context, intent);
    case 'allocate-address': return buildAllocateAddress(draft, context, intent);
    case 'release-address': return buildReleaseAddress(draft, context, intent);
    case 'instance-power': return buildPower(draft, context, intent);
    case 'resize': return buildResize(draft, context, intent);
    case 'set-monitoring': return buildMonitoring(draft, context, intent);
    case 'tag': return buildTag(draft, context, intent);
    case 'set-market': return buildSetMarket(draft, context, intent);
    case 'target-membership': return buildMembership(draft, context, intent);
    case 'delete': return buildDelete(draft, context, intent);
    case 'query': return buildQuery(draft, context, intent);
    case 'restore-drift': return invalid('a drift restore is planned from a drift report, not from a request: run cirro drift --restore');
  }
}
