import type { ResourceKind } from '../../../cloud/inventory.js';
import type { Understanding } from '../brain.js';
import { CREATABLE } from '../action.js';
import type { Analysis } from '../analysis/analysis.js';
import type { NounPhrase } from '../analysis/noun-phrases.js';
import { ask, isAsk, notUnderstood, understood } from '../outcomes.js';
import { buildAllocate } from './addresses.js';
import type { Frame } from './frame.js';
import { readLaunch } from './launch.js';
import { buildCreateLoadBalancer } from './load-balancer.js';
import { buildCreateSecurityGroup, buildCreateSubnet, buildCreateVpc } from './network.js';
import { buildCreateVolume } from './storage.js';

const CONTAINER_BEFORE = new Set(['in', 'inside', 'within', 'behind', 'of', 'from', 'into', 'to', 'on', 'using', 'with', 'in front of']);

/** The kind a create request makes: the first new-sounding resource noun ("a VM", "three servers", "a new VPC"). */
function createdKind(analysis: Analysis): ResourceKind | undefined {
  const candidates = analysis.nouns.filter((noun) => CREATABLE.has(noun.kind));
  const fresh = candidates.find((noun) => noun.fresh || ((noun.determiner === 'a' || noun.determiner === 'count') && !inContainer(analysis, noun)));
  const direct = candidates.find((noun) => !inContainer(analysis, noun) && !existingMention(analysis, noun));
  const first = [fresh, direct].filter((noun) => noun !== undefined).sort((a, b) => a.item - b.item)[0];
  return first?.kind;
}

/** "in the prod vpc", "to vpc prod": a noun standing as the place, not the thing made. */
function inContainer(analysis: Analysis, noun: NounPhrase): boolean {
  let at = noun.item - 1;
  while (at >= 0 && (['the', 'a', 'an', 'my', 'our', 'one', 'same', 'shared', 'single'].includes(analysis.items[at]!.lower) || analysis.items[at]!.lexeme?.type === 'quantity' || analysis.refs.some((ref) => ref.lastItem === at))) at--;
  return CONTAINER_BEFORE.has(analysis.items[at]?.lower ?? '');
}

/** "the vpc", "all instances", "vpc prod" (when prod exists): something that is there already. */
function existingMention(analysis: Analysis, noun: NounPhrase): boolean {
  if (noun.determiner === 'the' || noun.determiner === 'all') return true;
  return analysis.refs.some((ref) => ref.nounItem === noun.item && ref.known && !ref.naming);
}

/** True when the instances go behind a load balancer ("behind an ALB", "and a load balancer in front", "load balanced"). */
function wantsLoadBalancer(analysis: Analysis): boolean {
  return analysis.nouns.some((noun) => noun.kind === 'load-balancer' || noun.kind === 'target-group')
    || analysis.verbs.some((verb) => verb.phrase === 'load balance' || verb.phrase === 'front');
}

/** "Launch …", "create …", "spin up …", "provision …": picks what is made and hands over to its builder. */
export function buildCreate(frame: Frame): Understanding {
  const { analysis, notes } = frame;
  const kind = createdKind(analysis);
  switch (kind) {
    case 'instance': {
      if (wantsLoadBalancer(analysis)) return buildCreateLoadBalancer(frame, true);
      const launch = readLaunch(frame);
      if (isAsk(launch)) return launch;
      if (analysis.noun('elastic-ip')) notes.push('an elastic IP is a separate request ("allocate an elastic IP for web-1"); the instances get a public IP instead');
      return understood(analysis.noun('elastic-ip') && launch.publicIp === undefined ? { ...launch, publicIp: true } : launch, notes);
    }
    case 'load-balancer':
      return buildCreateLoadBalancer(frame);
    case 'target-group':
      if (!analysis.nouns.some((noun) => noun.kind === 'load-balancer')) {
        return ask('Cirro makes a target group together with the load balancer and listener that use it. Create a load balancer in front of them?', ['yes, with a load balancer']);
      }
      return buildCreateLoadBalancer(frame);
    case 'vpc':
      if (analysis.nouns.some((noun) => noun.kind === 'instance' && (noun.fresh || noun.determiner === 'a' || noun.determiner === 'count'))) {
        return ask('That is two changes (a VPC, then instances in it), and Cirro does one per request. Create the VPC first ("create a vpc called app-net with 2 public subnets"), then launch into it ("launch 3 vms in vpc app-net").');
      }
      return buildCreateVpc(frame);
    case 'subnet':
      return buildCreateSubnet(frame);
    case 'security-group':
      return buildCreateSecurityGroup(frame);
    case 'volume':
      return buildCreateVolume(frame);
    case 'elastic-ip':
      return buildAllocate(frame);
    case 'key-pair':
      return notUnderstood(frame.request, 'Cirro does not create key pairs yet (their private key must reach you safely); create one with "aws ec2 create-key-pair" and name it at launch ("with key my-key")');
    default:
      return createWithoutNoun(frame);
  }
}

/** "Launch web-1 and web-2", "spin up a t3.micro": instances named or typed without a noun. */
function createWithoutNoun(frame: Frame): Understanding {
  const { analysis, notes } = frame;
  const names = analysis.refs.filter((ref) => ref.naming || ref.kind === undefined || ref.kind === 'instance');
  if (names.length > 0 || analysis.shaped('instance-type').length > 0 || analysis.lexemes('image').length > 0) {
    // "create app-1 and app-2 and put them behind a load balancer": new instances, then the load balancer.
    if (wantsLoadBalancer(analysis) && !names.some((ref) => ref.known && !ref.naming)) return buildCreateLoadBalancer(frame, true);
    const launch = readLaunch(frame);
    if (isAsk(launch)) return launch;
    return understood(launch, notes);
  }
  return notUnderstood(frame.request, `I could not tell what to create from "${frame.request.trim()}": I can create instances, load balancers, VPCs, subnets, security groups, volumes and elastic IPs`);
}
