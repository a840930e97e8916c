import type { Target } from '../../../plan/intent.js';
import type { Understanding } from '../brain.js';
import { newNoun } from '../action.js';
import type { Reference } from '../analysis/references.js';
import { ask, understood } from '../outcomes.js';
import { findTarget, hasPronoun, selectorOf } from '../slots/targets.js';
import { optionsOf, type Frame } from './frame.js';
import { buildCreateLoadBalancer } from './load-balancer.js';

/** The load balancer or target group a request names ("shop-lb", "the target group", "the ALB"). */
function groupOf(frame: Frame): { group: Target; ref?: Reference } | undefined {
  const { analysis } = frame;
  const ref = analysis.refs.find((candidate) => (candidate.kind === 'load-balancer' || candidate.kind === 'target-group') && !candidate.naming);
  if (ref) return { group: { kind: ref.kind!, selector: selectorOf([ref]) }, ref };
  const untyped = analysis.refs.find((candidate) => candidate.kind === undefined && ['behind', 'into', 'to', 'from', 'in', 'of', 'with'].includes(analysis.before(candidate.item)?.lower ?? '') && /(^|[-_])(lb|alb|nlb|elb|tg|balancer)([-_]|$)/i.test(candidate.names[0]!));
  if (untyped) return { group: { kind: 'load-balancer', selector: selectorOf([untyped]) }, ref: untyped };
  const noun = analysis.nouns.find((phrase) => phrase.kind === 'load-balancer' || phrase.kind === 'target-group');
  if (noun && !noun.fresh && noun.determiner !== 'a') return { group: { kind: noun.kind, selector: { by: 'only' } } };
  return undefined;
}

/** "Add web-4 to shop-lb", "register web-1..3 with the target group", "put web-2 back behind the load balancer". */
export function buildMembership(frame: Frame, action: 'add' | 'remove'): Understanding {
  const { analysis, notes } = frame;
  const existingGroup = analysis.refs.some((ref) => (ref.kind === 'load-balancer' || ref.kind === 'target-group') && !ref.naming && ref.known);
  // "load balance web-1..3" with no load balancer named: a new one.
  const impliedNew = frame.verb?.phrase === 'load balance' && !analysis.nouns.some((noun) => noun.kind === 'load-balancer' || noun.kind === 'target-group') && !existingGroup;
  if (action === 'add' && ((newNoun(analysis, ['load-balancer', 'target-group']) && !existingGroup) || impliedNew)) {
    return buildCreateLoadBalancer(frame);
  }
  const found = groupOf(frame);
  if (!found) {
    const options = [...optionsOf(frame, 'load-balancer'), ...optionsOf(frame, 'target-group')];
    return ask(`Which load balancer or target group should ${action === 'add' ? 'they join' : 'they leave'}?`, options.map((option) => `${action === 'add' ? 'to' : 'from'} ${option}`));
  }
  const instances = findTarget(analysis, { kinds: ['instance'], exclude: new Set(found.ref ? [found.ref] : []) });
  if (!instances || (instances.selector.by === 'only' && hasPronoun(analysis))) {
    return ask(`Which instances should be ${action === 'add' ? 'registered with' : 'taken out of'} it?`, optionsOf(frame, 'instance'));
  }
  return understood({ type: 'target-membership', action, instances, group: found.group }, notes);
}
