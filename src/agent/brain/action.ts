import type { ResourceKind } from '../../cloud/inventory.js';
import type { Analysis, VerbUse } from './analysis/analysis.js';
import type { NounPhrase } from './analysis/noun-phrases.js';
import type { VerbCategory } from './lexicon/verbs.js';

/** What a request asks to do, once the verb and what surrounds it are weighed together. */
export type Action =
  | 'create' | 'start' | 'stop' | 'reboot' | 'destroy' | 'resize' | 'resize-volume' | 'attach' | 'detach'
  | 'monitoring-on' | 'monitoring-off' | 'tag' | 'untag' | 'rename' | 'open' | 'close' | 'spot' | 'on-demand'
  | 'put' | 'take-out' | 'allocate' | 'release' | 'update' | 'unknown';

/** Actions that change nothing when understood wrongly are none: every one here changes the cloud. */
export const CREATABLE: ReadonlySet<ResourceKind> = new Set(['instance', 'volume', 'vpc', 'subnet', 'security-group', 'load-balancer', 'target-group', 'elastic-ip', 'key-pair']);

const REMOVING_PHRASES = new Set(['remove', 'take', 'take out', 'pull out', 'delete', 'disable', 'deactivate', 'turn off', 'switch off', 'stop', 'shut', 'drop', 'kill', 'detach', 'deregister', 'revoke', 'close', 'block', 'deny', 'get rid of', 'strip', 'untag']);

/** A noun phrase that introduces something new: "a VM", "three servers", "another disk", "a new VPC". */
export function newNoun(analysis: Analysis, kinds?: readonly ResourceKind[]): NounPhrase | undefined {
  return analysis.nouns.find((noun) => {
    if (!CREATABLE.has(noun.kind) || (kinds && !kinds.includes(noun.kind))) return false;
    if (!(noun.determiner === 'a' || noun.determiner === 'count' || noun.fresh)) return false;
    const before = analysis.before(noun.item)?.lower ?? '';
    // "in a new VPC" still creates; "to the load balancer" does not (it has "the").
    return !['of'].includes(before);
  });
}

/** Verbs that only ever add: "add … out of space" is still an addition. */
const ADDING_PHRASES = new Set(['add', 'give', 'put', 'attach', 'set', 'enable', 'allow', 'open', 'include', 'register', 'need', 'want', 'make', 'get', 'create', 'use', 'run', 'would like']);

/**
 * True when the request asks to take something away (off, out, remove …) rather than add it. Only
 * the verb and the words after it count: "web-2 is running out of space, add a disk" adds.
 */
export function removing(analysis: Analysis, verb: VerbUse | undefined): boolean {
  if (verb && REMOVING_PHRASES.has(verb.phrase)) return true;
  if (verb && ['destroy', 'disable', 'detach', 'take-out', 'close', 'stop', 'untag', 'release'].includes(verb.category)) return true;
  if (verb && ADDING_PHRASES.has(verb.phrase)) return false;
  const from = verb?.item ?? 0;
  return analysis.items.some((item) => item.index > from && ['off', 'out', 'without', 'out of', 'no longer', 'anymore', 'any more'].includes(item.lower));
}

/** Weighs the verb against the rest of the sentence ("start monitoring", "remove web-1 from the LB", "make web-1 spot"). */
export function resolveAction(analysis: Analysis, verb: VerbUse | undefined): Action {
  const features = featuresOf(analysis, verb);
  const refine = verb ? REFINEMENTS[verb.category] : undefined;
  return refine ? refine(features) : byFeatures(features);
}

/** What the sentence talks about besides its verb. */
function featuresOf(analysis: Analysis, verb: VerbUse | undefined): Features {
  const fresh = newNoun(analysis);
  return {
    analysis,
    verb,
    monitoring: analysis.has('monitoring') || analysis.has('diagnostics'),
    market: marketMention(analysis),
    groups: mentionsGroup(analysis),
    disk: analysis.nouns.some((noun) => noun.kind === 'volume') || analysis.shaped('size').length > 0,
    eip: analysis.nouns.some((noun) => noun.kind === 'elastic-ip') || analysis.refs.some((ref) => ref.kind === 'elastic-ip'),
    ports: mentionsPorts(analysis),
    tags: analysis.shaped('tag-pair').length > 0 || analysis.has('tags') || analysis.verbs.some((use) => use.category === 'tag' || use.category === 'untag'),
    sizing: analysis.shaped('instance-type').length > 0 || analysis.has('bigger') || analysis.has('smaller'),
    off: removing(analysis, verb),
    freshNoun: fresh,
    fresh: Boolean(fresh),
    freshInstances: Boolean(newNoun(analysis, ['instance'])),
  };
}

/**
 * How each verb reads once its object is known, as a table: "start monitoring" enables it, "remove
 * web-1 from shop-lb" takes it out, "convert api-1 to t3.large" resizes. Light verbs are not here:
 * their object alone decides (byFeatures).
 */
const REFINEMENTS: Partial<Record<VerbCategory, (features: Features) => Action>> = {
  create: ({ analysis, monitoring, freshNoun }) => {
    if (monitoring && !freshNoun) return 'monitoring-on';
    return (freshNoun ?? analysis.nouns.find((noun) => CREATABLE.has(noun.kind)))?.kind === 'elastic-ip' ? 'allocate' : 'create';
  },
  start: ({ analysis, monitoring, fresh }) => {
    if (monitoring) return 'monitoring-on';
    return (fresh || newlyNamed(analysis)) && !existingInstances(analysis) ? 'create' : 'start';
  },
  stop: ({ analysis, monitoring, ports }) => (monitoring ? 'monitoring-off' : ports && !existingInstances(analysis) ? 'close' : 'stop'),
  reboot: () => 'reboot',
  destroy: ({ analysis, tags, monitoring, groups, ports, disk, eip }) => {
    if (tags && (analysis.has('tags') || analysis.hasWord('tag', 'label'))) return 'untag';
    if (monitoring) return 'monitoring-off';
    if (groups && analysis.hasWord('from', 'out of') && existingInstances(analysis)) return 'take-out';
    if (ports && !analysis.refs.some((ref) => ref.kind !== undefined && !['security-group', 'instance'].includes(ref.kind))) return 'close';
    if (disk && analysis.hasWord('from') && analysis.refs.some((ref) => ref.kind === 'instance')) return 'detach';
    if (eip && !analysis.refs.some((ref) => ref.kind !== 'elastic-ip' && ref.kind !== undefined)) return 'release';
    return 'destroy';
  },
  resize: ({ analysis, disk, sizing }) => (disk && !sizing && !analysis.noun('instance') ? 'resize-volume' : 'resize'),
  attach: ({ groups, eip }) => (groups ? 'put' : eip ? 'allocate' : 'attach'),
  detach: ({ groups, eip }) => (groups ? 'take-out' : eip ? 'release' : 'detach'),
  enable: ({ monitoring, ports, market }) => (monitoring ? 'monitoring-on' : ports ? 'open' : market ?? 'update'),
  disable: ({ monitoring, ports }) => (monitoring ? 'monitoring-off' : ports ? 'close' : 'update'),
  tag: () => 'tag',
  untag: () => 'untag',
  rename: () => 'rename',
  open: () => 'open',
  close: ({ monitoring }) => (monitoring ? 'monitoring-off' : 'close'),
  convert: ({ market, sizing }) => market ?? (sizing ? 'resize' : 'update'),
  put: () => 'put',
  'take-out': () => 'take-out',
  allocate: ({ groups, eip }) => (groups && !eip ? 'put' : 'allocate'),
  release: ({ analysis, eip }) => (eip || !analysis.refs.length ? 'release' : 'destroy'),
};

/** What the sentence talks about besides its verb. */
interface Features {
  readonly analysis: Analysis;
  readonly verb: VerbUse | undefined;
  readonly monitoring: boolean;
  readonly market: 'spot' | 'on-demand' | undefined;
  readonly groups: boolean;
  readonly disk: boolean;
  readonly eip: boolean;
  readonly ports: boolean;
  readonly tags: boolean;
  readonly sizing: boolean;
  readonly off: boolean;
  readonly freshNoun: NounPhrase | undefined;
  readonly fresh: boolean;
  readonly freshInstances: boolean;
}

const CREATING_LIGHT = new Set(['add', 'make', 'need', 'want', 'get', 'would like', 'give me']);

/** A creatable noun said bare ("add subnet 10.0.9.0/24 …"), not naming something that exists. */
function bareNoun(analysis: Analysis): NounPhrase | undefined {
  return analysis.nouns.find((noun) => CREATABLE.has(noun.kind) && noun.kind !== 'instance' && noun.determiner === 'none'
    && !analysis.refs.some((ref) => ref.nounItem === noun.item && ref.known)
    && !['in', 'into', 'to', 'of', 'from', 'on', 'behind'].includes(analysis.before(noun.item)?.lower ?? ''));
}

/** Light verbs (make, add, set, turn, switch, move, change, give, get, put, remove …) and generic "update": the object decides. */
function byFeatures(features: Features): Action {
  const { analysis, verb, off } = features;
  const phrase = verb?.phrase ?? '';
  // "we need a new host for the metrics stack", "add subnet 10.0.9.0/24 to vpc prod": something new is made.
  if (!off && !existingInstances(analysis) && (features.freshInstances || (CREATING_LIGHT.has(phrase) && bareNoun(analysis)))) return 'create';
  if (features.monitoring) return off ? 'monitoring-off' : 'monitoring-on';
  if (features.market && !(features.freshInstances && !existingInstances(analysis))) return features.market;
  if (analysis.hasWord('name') && analysis.hasWord('to') && !features.fresh) return 'rename';
  if (features.tags && !(phrase === 'name' || phrase === 'call')) return off ? 'untag' : 'tag';
  if (features.groups && (existingInstances(analysis) || features.freshInstances)) {
    if (off) return 'take-out';
    return 'put';
  }
  if (features.eip || (analysis.has('public-ip') && ['give', 'add', 'assign', 'get'].includes(phrase) && existingInstances(analysis))) return off ? 'release' : 'allocate';
  if (features.ports && !features.freshInstances) return off ? 'close' : 'open';
  if (features.sizing && existingInstances(analysis) && !features.freshInstances) return 'resize';
  if (features.disk) {
    // A light verb with "off"/"out" detaches; deleting a volume takes an explicit delete verb.
    if (off) return phrase === 'remove' || phrase === 'drop' ? (analysis.hasWord('from') && analysis.refs.some((ref) => ref.kind !== 'volume') ? 'detach' : 'destroy') : 'detach';
    if (analysis.refs.some((ref) => !ref.naming) || analysis.hasWord('it', 'to', 'on', 'for')) return 'attach';
  }
  if (features.fresh && !off) return 'create';
  const wantedState = analysis.lexemes('state')[0]?.lexeme.state;
  if (wantedState && ['need', 'want', 'get', 'keep', 'would like', 'have'].includes(phrase)) {
    if (wantedState === 'stopped') return 'stop';
    if (wantedState === 'running') return 'start';
    if (wantedState === 'terminated') return 'destroy';
  }
  if (phrase === 'name' || phrase === 'call') return 'rename';
  if (phrase === 'remove' || phrase === 'take' || phrase === 'drop') return 'destroy';
  if (phrase === 'bring') return analysis.has('down') || off ? 'stop' : analysis.has('up') || analysis.hasWord('back', 'online') ? 'start' : 'unknown';
  if (phrase === 'power') return off || analysis.has('down') ? 'stop' : analysis.hasWord('cycle') ? 'reboot' : analysis.hasWord('on') || analysis.has('up') ? 'start' : 'unknown';
  if (phrase === 'turn' || phrase === 'switch' || phrase === 'shut') return off || phrase === 'shut' ? 'stop' : analysis.hasWord('on') ? 'start' : 'update';
  if (verb?.category === 'update' || ['change', 'set', 'make', 'move', 'modify', 'swap'].includes(phrase)) return analysis.refs.length > 0 || analysis.nouns.length > 0 ? 'update' : 'unknown';
  return 'unknown';
}

/** "spot" or "on-demand" (standard, regular), whichever the request moves to. */
export function marketMention(analysis: Analysis): 'spot' | 'on-demand' | undefined {
  const spot = analysis.where('spot');
  const onDemand = analysis.where('on-demand').filter((item) => analysis.items[item]!.lower !== 'standard' || spot.length > 0);
  if (spot.length === 0 && onDemand.length === 0) return undefined;
  if (spot.length === 0) return 'on-demand';
  // "get api-1 off spot", "move it out of spot": leaving spot means on-demand.
  const leaving = spot.every((item) => ['off', 'from', 'out of', 'leave', 'no more', 'quit'].includes(analysis.before(item)?.lower ?? ''));
  if (onDemand.length === 0) return leaving ? 'on-demand' : 'spot';
  // "from on-demand to spot": the one after to/into wins; else the last one said.
  const target = [...spot.map((item) => ['spot', item] as const), ...onDemand.map((item) => ['on-demand', item] as const)]
    .find(([, item]) => ['to', 'into', 'onto', 'on', 'as', 'use', 'be', 'become'].includes(analysis.before(item)?.lower ?? ''));
  if (target) return target[0];
  return Math.max(...spot) > Math.max(...onDemand) ? 'spot' : 'on-demand';
}

/** True when a load balancer or target group is mentioned (by noun or by name). */
export function mentionsGroup(analysis: Analysis): boolean {
  return analysis.nouns.some((noun) => noun.kind === 'load-balancer' || noun.kind === 'target-group')
    || analysis.refs.some((ref) => ref.kind === 'load-balancer' || ref.kind === 'target-group');
}

/** True when ports or services are mentioned ("port 22", "ssh", "8000-8080"). */
export function mentionsPorts(analysis: Analysis): boolean {
  return analysis.lexemes('service').length > 0
    || analysis.items.some((item) => item.token.shape === 'port-range' || item.token.shape === 'port-proto')
    || analysis.items.some((item) => item.lexeme?.type === 'attribute' && item.lexeme.attribute === 'port' && /^ports?$/.test(item.lower) && analysis.items[item.index + 1]?.token.shape === 'number');
}

/** "… named app-1", "a new t3.small": something is being made even without a resource noun. */
function newlyNamed(analysis: Analysis): boolean {
  return analysis.refs.some((ref) => ref.naming) || (analysis.hasWord('new', 'fresh', 'another') && (analysis.shaped('instance-type').length > 0 || analysis.lexemes('image').length > 0));
}

/** True when the request names existing instances (by name, id, "the VM", "all servers"). */
export function existingInstances(analysis: Analysis): boolean {
  if (analysis.refs.some((ref) => !ref.naming && (ref.kind === 'instance' || (ref.kind === undefined && ref.known)))) return true;
  if (analysis.refs.some((ref) => !ref.naming && ref.kind === undefined && ref.known)) return true;
  return analysis.nouns.some((noun) => noun.kind === 'instance' && !noun.fresh && (noun.determiner === 'the' || noun.determiner === 'all'));
}
