import type { Understanding } from '../brain.js';
import type { CreateInstancesIntent, Target } from '../../../plan/intent.js';
import { newNoun } from '../action.js';
import type { Reference } from '../analysis/references.js';
import { healthCheckPath, listenerPort, loadBalancerProtocol, loadBalancerType } from '../slots/misc.js';
import { findTarget } from '../slots/targets.js';
import { isAsk, understood } from '../outcomes.js';
import { optionsOf, type Frame } from './frame.js';
import { readLaunch } from './launch.js';

/** The name the request gives a new load balancer ("called shop-lb", "load balancer shop-lb"). */
function loadBalancerName(frame: Frame): Reference | undefined {
  const { analysis } = frame;
  return analysis.refs.find((ref) => {
    const noun = ref.nounItem === undefined ? undefined : analysis.items[ref.nounItem]?.lexeme;
    const onBalancer = noun?.type === 'noun' && (noun.entry.kind === 'load-balancer' || noun.entry.kind === 'target-group');
    return (onBalancer && (ref.naming || !ref.known)) || (ref.kind === 'load-balancer' && !ref.known);
  });
}

/**
 * "Put web-1..3 behind a load balancer", "launch three VMs behind an ALB on port 8080 with health
 * check /health", "create an NLB for the api servers": a new load balancer, its target group and
 * listener, in front of existing instances or new ones.
 */
export function buildCreateLoadBalancer(frame: Frame, launchNew = false): Understanding {
  const { analysis, notes } = frame;
  const nameRef = loadBalancerName(frame);
  const skip = new Set<Reference>(nameRef ? [nameRef] : []);
  let instances: Target | CreateInstancesIntent | undefined;
  if (launchNew || newNoun(analysis, ['instance'])) {
    const launch = readLaunch(frame, skip);
    if (isAsk(launch)) return launch;
    instances = launch;
  } else {
    instances = findTarget(analysis, { kinds: ['instance'], exclude: skip });
  }
  if (!instances) {
    const options = optionsOf(frame, 'instance');
    return { type: 'clarify', question: 'Which instances should go behind the load balancer (names, a range like web-1..3, or "3 new instances")?', ...(options.length ? { options } : {}) };
  }
  const type = loadBalancerType(analysis);
  const protocol = loadBalancerProtocol(analysis, type);
  const path = healthCheckPath(analysis);
  if (path && type === 'network') notes.push(`a network load balancer checks health over TCP; the path ${path} is kept for the target group`);
  return understood({
    type: 'create-load-balancer',
    ...(nameRef ? { name: nameRef.names[0]! } : {}),
    instances,
    port: listenerPort(analysis, protocol === 'HTTPS'),
    protocol,
    loadBalancerType: type,
    ...(path ? { healthCheckPath: path } : {}),
  }, notes);
}
