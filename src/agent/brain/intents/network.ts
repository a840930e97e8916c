import type { ResourceKind } from '../../../cloud/inventory.js';
import type { Target } from '../../../plan/intent.js';
import type { Understanding } from '../brain.js';
import type { Reference } from '../analysis/references.js';
import { ask, understood } from '../outcomes.js';
import { availabilityZone, cidrs } from '../slots/misc.js';
import { portRules, requestedPorts, requestedSources } from '../slots/ports.js';
import { inContainerPosition, selectorOf } from '../slots/targets.js';
import { optionsOf, type Frame } from './frame.js';

/** The name a request gives the new resource of this kind ("called prod", "vpc prod", "web-sg"). */
export function newResourceName(frame: Frame, kind: ResourceKind): Reference | undefined {
  const { analysis } = frame;
  return analysis.refs.find((ref) => {
    if (inContainerPosition(analysis, ref)) return false;
    const noun = ref.nounItem === undefined ? undefined : analysis.items[ref.nounItem]?.lexeme;
    const onKind = noun?.type === 'noun' && noun.entry.kind === kind;
    // A name bound to the noun of the kind being created names the new resource, even if it exists
    // already: the plan builder then says so, rather than the brain guessing another meaning.
    return onKind || (ref.naming && ref.kind === undefined) || (ref.kind === kind && !ref.known);
  });
}

/** The existing VPC a request puts something in ("in vpc prod", "to the prod network", "in the vpc"). */
function existingVpc(frame: Frame, skip: Reference | undefined): Target | undefined {
  const { analysis } = frame;
  const ref = analysis.refs.find((candidate) => candidate !== skip && (candidate.kind === 'vpc' || (candidate.kind === undefined && inContainerPosition(analysis, candidate))));
  if (ref) return { kind: 'vpc', selector: selectorOf([ref]) };
  const noun = analysis.nouns.find((phrase) => phrase.kind === 'vpc' && !phrase.fresh && phrase.determiner !== 'a');
  if (noun && analysis.hasWord('default') && analysis.items[noun.item - 1]?.lower === 'default') return undefined;
  if (noun && noun.determiner === 'the') return { kind: 'vpc', selector: { by: 'only' } };
  return undefined;
}

/** How many subnets a request asks for with its VPC: "with 2 subnets", "across 3 AZs", "with public subnets". */
function subnetCount(frame: Frame): number {
  const { analysis } = frame;
  const subnets = analysis.nouns.filter((noun) => noun.kind === 'subnet');
  if (subnets.length > 0) return subnets.reduce((total, noun) => total + (noun.count ?? (noun.plural ? 2 : 1)), 0);
  const zones = analysis.items.findIndex((item) => ['azs', 'zones', 'availability zones', 'az'].includes(item.lower));
  const before = analysis.items[zones - 1];
  if (zones > 0 && before) {
    if (before.token.shape === 'number') return Number(before.lower);
    if (before.lexeme?.type === 'quantity') return before.lexeme.value;
  }
  return 0;
}

/** "Create a VPC 10.0.0.0/16 called prod with two public subnets". */
export function buildCreateVpc(frame: Frame): Understanding {
  const { analysis, notes } = frame;
  const name = newResourceName(frame, 'vpc');
  const count = subnetCount(frame);
  const publicSubnets = analysis.has('public') || analysis.has('anywhere') || analysis.hasWord('igw', 'internet gateway');
  if (count > 0 && !publicSubnets && !analysis.has('private')) notes.push('the subnets are private (no internet gateway); ask for public subnets to reach the internet');
  const [cidr] = cidrs(analysis);
  return understood({ type: 'create-vpc', ...(name ? { name: name.names[0]! } : {}), ...(cidr ? { cidr } : {}), subnetCount: count, publicSubnets }, notes);
}

/** "Add a public subnet 10.0.3.0/24 in us-east-1b to vpc prod". */
export function buildCreateSubnet(frame: Frame): Understanding {
  const { analysis, notes } = frame;
  const noun = analysis.noun('subnet');
  if (noun?.count !== undefined && noun.count > 1) {
    return ask(`Cirro creates one subnet per request; ask for them one at a time ("add a subnet to …"), or create a new VPC "with ${noun.count} subnets".`);
  }
  const name = newResourceName(frame, 'subnet');
  const vpc = existingVpc(frame, name);
  if (!vpc) {
    const options = optionsOf(frame, 'vpc');
    return ask('Which VPC should the subnet go in?', options.map((option) => `in vpc ${option}`));
  }
  const [cidr] = cidrs(analysis);
  const zone = availabilityZone(analysis);
  const isPublic = analysis.has('public') ? true : analysis.has('private') ? false : undefined;
  return understood({
    type: 'create-subnet',
    ...(name ? { name: name.names[0]! } : {}),
    vpc,
    ...(cidr ? { cidr } : {}),
    ...(zone ? { availabilityZone: zone } : {}),
    ...(isPublic !== undefined ? { public: isPublic } : {}),
  }, notes);
}

/** "Create security group web-sg in vpc prod allowing http and https from anywhere". */
export function buildCreateSecurityGroup(frame: Frame): Understanding {
  const { analysis, notes } = frame;
  const name = newResourceName(frame, 'security-group');
  if (!name) return ask('What should the new security group be called? (for example: "called web-sg")');
  const vpc = existingVpc(frame, name);
  const ports = requestedPorts(analysis, analysis.has('port') || analysis.verbs.some((verb) => verb.category === 'open'));
  const sources = ports.length ? requestedSources(analysis, notes, 'no source given: the rules allow traffic from anywhere (0.0.0.0/0)') : [];
  return understood({
    type: 'create-security-group',
    name: name.names[0]!,
    ...(vpc ? { vpc } : {}),
    rules: portRules(ports, sources),
  }, notes);
}
