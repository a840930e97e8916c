import type { ResourceKind } from '../../../cloud/inventory.js';
import type { QueryQuestion, Target } from '../../../plan/intent.js';
import type { Analysis } from '../analysis/analysis.js';
import type { Understanding } from '../brain.js';
import { mentionsGroup } from '../action.js';
import { notUnderstood, understood } from '../outcomes.js';
import { requestedFormat } from '../slots/misc.js';
import { findTarget, inContainerPosition, selectorOf, withinOf } from '../slots/targets.js';
import type { Frame } from './frame.js';

const STATUS_CUES = ['status', 'up', 'down', 'health'] as const;
const ANY_KIND: readonly ResourceKind[] = ['instance', 'vpc', 'subnet', 'security-group', 'load-balancer', 'target-group', 'volume', 'elastic-ip', 'key-pair'];
const LIST_WORDS = ['list', 'show', 'which', 'what', 'display', 'all', 'every', 'enumerate', 'inventory', 'do i have', 'are there', 'there'];

/** What kind a listing or count is about: the first resource noun that is not a container ("instances in vpc prod"). */
function subjectKind(analysis: Analysis): ResourceKind | undefined {
  const noun = analysis.nouns.find((phrase) => !['in', 'inside', 'within', 'behind', 'of', 'from'].includes(analysis.before(phrase.item)?.lower ?? ''));
  return noun?.kind ?? analysis.nouns[0]?.kind;
}

/** The instances (or other resources) a question is about, when it names some. */
function aboutTarget(analysis: Analysis, kinds: readonly ResourceKind[]): Target | undefined {
  const target = findTarget(analysis, { kinds });
  if (!target) return undefined;
  // "all instances" with nothing narrowing it is the same as no target: answers cover everything.
  if (target.selector.by === 'all' && !target.selector.within) return undefined;
  return target;
}

function question(kind: QueryQuestion, frame: Frame, extra: { targets?: Target | undefined; kind?: ResourceKind | undefined; format?: 'text' | 'dot' | 'json' } = {}): Understanding {
  return understood({
    type: 'query',
    question: kind,
    ...(extra.targets ? { targets: extra.targets } : {}),
    ...(extra.kind ? { kind: extra.kind } : {}),
    ...(extra.format ? { format: extra.format } : {}),
  }, frame.notes);
}

/** "Dependency graph of vpc prod as dot", "what depends on web-sg", "draw my whole infrastructure". */
function graphQuestion(frame: Frame): Understanding {
  const { analysis } = frame;
  const ref = analysis.refs.find((candidate) => !candidate.naming);
  const format = requestedFormat(analysis);
  if (ref) return question('graph', frame, { targets: { kind: ref.kind ?? 'instance', selector: selectorOf([ref]) }, format });
  const noun = analysis.nouns.find((phrase) => phrase.determiner === 'the' && !phrase.plural);
  if (noun && !analysis.has('everything')) return question('graph', frame, { targets: { kind: noun.kind, selector: { by: 'only' } }, format });
  return question('graph', frame, { format });
}

/** "What is behind shop-lb?", "are the targets healthy?", "which instances are in the target group?" */
function membersQuestion(frame: Frame, health: boolean): Understanding {
  const { analysis } = frame;
  const ref = analysis.refs.find((candidate) => candidate.kind === 'load-balancer' || candidate.kind === 'target-group');
  const noun = analysis.nouns.find((phrase) => phrase.kind === 'load-balancer' || phrase.kind === 'target-group');
  const targets: Target | undefined = ref ? { kind: ref.kind!, selector: selectorOf([ref]) } : noun && noun.determiner !== 'all' && !noun.plural ? { kind: noun.kind, selector: { by: 'only' } } : undefined;
  return question(health ? 'target-health' : 'lb-members', frame, { targets });
}

/** Monitoring questions: status, addresses, disks, counts, listings, network peers, LB members, graphs. */
export function buildQuery(frame: Frame): Understanding {
  const { analysis } = frame;
  const formatted = analysis.lexemes('format').some(({ lexeme }) => lexeme.format !== 'text');
  const drawing = analysis.hasWord('draw', 'render', 'plot', 'visualize', 'visualise', 'export', 'dump', 'map', 'show', 'display', 'print');
  const otherCue = STATUS_CUES.some((cue) => analysis.has(cue)) || analysis.has('ip') || analysis.has('public-ip') || analysis.has('private-ip');
  if (analysis.has('graph') || (analysis.has('everything') && (formatted || (drawing && !otherCue && analysis.nouns.length === 0)))) return graphQuestion(frame);
  const groups = mentionsGroup(analysis);
  const instanceRefs = analysis.refs.some((ref) => ref.kind === 'instance' || ref.kind === undefined);
  if (groups && (analysis.has('behind') || analysis.has('health') || analysis.hasWord('in', 'registered', 'attached'))) {
    if (!instanceRefs || analysis.has('health')) return membersQuestion(frame, analysis.has('health'));
  }
  if (analysis.has('share') || (analysis.hasWord('same', 'else') && analysis.nouns.some((noun) => noun.kind === 'vpc' || noun.kind === 'subnet'))) {
    const targets = aboutTarget(analysis, ['instance']);
    if (targets) return question('network-peers', frame, { targets });
  }
  const disks = analysis.nouns.some((noun) => noun.kind === 'volume');
  const instanceTarget = aboutTarget(analysis, ['instance']);
  if (disks && instanceTarget && instanceTarget.kind === 'instance') return question('disks', frame, { targets: instanceTarget });
  const publicToo = analysis.has('public-ip') || (analysis.has('public') && (analysis.has('ip') || analysis.has('private-ip')));
  const privateToo = analysis.has('private-ip') || (analysis.has('private') && (analysis.has('ip') || analysis.has('public-ip')));
  if (publicToo && privateToo) return question('addresses', frame, { targets: instanceTarget });
  if (analysis.has('public-ip')) return question('public-ip', frame, { targets: instanceTarget });
  if (analysis.has('private-ip')) return question('private-ip', frame, { targets: instanceTarget });
  if (analysis.has('ip')) {
    const plural = analysis.where('ip').some((item) => /(ips|addresses|address)$/.test(analysis.items[item]!.lower));
    return question(plural ? 'addresses' : 'public-ip', frame, { targets: instanceTarget });
  }
  if (analysis.has('how-many')) {
    const kind = subjectKind(analysis) ?? 'instance';
    return question('count', frame, { kind, targets: withinTarget(analysis, kind) });
  }
  if (analysis.has('instance-type') && !disks) return question('instance-type', frame, { targets: instanceTarget });
  const asksStatus = analysis.has('status') || analysis.has('up') || analysis.has('down') || analysis.has('health') || analysis.lexemes('state').length > 0;
  const listing = analysis.nouns.some((noun) => noun.plural || noun.determiner === 'all') && !analysis.refs.some((ref) => !inContainerPosition(analysis, ref));
  if (asksStatus && !(listing && analysis.hasWord('which', 'list'))) return question('status', frame, { targets: instanceTarget });
  if (listing || (analysis.hasWord(...LIST_WORDS) && analysis.nouns.length > 0 && !analysis.refs.length)) {
    const kind = subjectKind(analysis) ?? 'instance';
    return question('list', frame, { kind, targets: withinTarget(analysis, kind) });
  }
  if (disks) return question('list', frame, { kind: 'volume' });
  const anything = findTarget(analysis, { kinds: ANY_KIND });
  if (anything && anything.selector.by !== 'all') return question('describe', frame, { targets: anything });
  return notUnderstood(frame.request, `I could not tell what "${frame.request.trim()}" asks about`);
}

/** "instances in vpc prod": an "all" target narrowed to a container; undefined when nothing narrows it. */
function withinTarget(analysis: Analysis, kind: ResourceKind): Target | undefined {
  const { within } = withinOf(analysis, kind);
  return within ? { kind, selector: { by: 'all', within } } : undefined;
}
