import { CREATABLE, existingInstances, newNoun, resolveAction, type Action } from './action.js';
import { Analysis, type VerbUse } from './analysis/analysis.js';
import { KnownIndex } from './analysis/known.js';
import { prepareRequest, type PreparedRequest } from './analysis/prepare.js';
import type { Brain, BrainContext, Understanding } from './brain.js';
import { buildAllocate, buildRelease } from './intents/addresses.js';
import { buildMarket, buildMonitoring, buildResize } from './intents/changes.js';
import { buildCreate } from './intents/create.js';
import type { Frame } from './intents/frame.js';
import { buildMembership } from './intents/membership.js';
import { buildDestroy, buildPower } from './intents/power.js';
import { buildQuery } from './intents/query.js';
import { buildPorts, buildRename, buildTag } from './intents/settings.js';
import { buildAttach, buildDetach, buildResizeVolume } from './intents/storage.js';
import { buildUpdate } from './intents/update.js';
import { QUESTION_OPENERS, WH_WORDS } from './lexicon/verbs.js';
import { ask, notUnderstood } from './outcomes.js';
import { findOtherChanges } from './clauses.js';

/** The embedded brain: a lexicon and slot-filling parser; no model, no network. */
export class EmbeddedBrain implements Brain {
  /** Understands one request against the names and ids known in the cloud. */
  understand(request: string, context: BrainContext): Understanding {
    return understand(request, context);
  }
}

/** Turns a request in plain English into an intent, a clarifying question, or a clear "not understood". */
export function understand(request: string, context: BrainContext): Understanding {
  const known = new KnownIndex(context);
  const prepared = prepareRequest(request, known.names());
  if (prepared.tokens.length === 0) return notUnderstood(request, request.trim() ? `"${request.trim()}" asks for nothing I can do` : 'The request is empty');
  const notes = [...prepared.notes];
  const analysis = new Analysis(prepared.tokens, known, notes);
  const mode = modeOf(analysis, prepared);
  const frame: Frame = { request, analysis, verb: mode.verb, notes };
  // "clone web-1", "snapshot data-1", "scale out to 5": say so plainly rather than read something else into it.
  const unsupported = analysis.lexemes('unsupported')[0];
  if (unsupported && mode.type !== 'query' && (!mode.verb || unsupported.item < mode.verb.item)) {
    return notUnderstood(request, `Cirro cannot ${unsupported.lexeme.phrase} resources yet`);
  }
  if (mode.type === 'query') return buildQuery(frame);
  if (mode.type === 'none') return withoutVerb(frame);
  let verb = mode.verb!;
  // "new sg called api-sg that opens 80 and 443": a new thing named before any verb is what is asked for.
  const leading = analysis.nouns[0];
  if (leading && leading.item < verb.item && CREATABLE.has(leading.kind) && (leading.fresh || leading.determiner === 'a' || leading.determiner === 'count') && !prepared.hypothetical) {
    return buildCreate(frame);
  }
  if (negated(analysis, prepared, verb)) {
    // "don't allow ssh … anymore", "no longer permit 22": a negated opening that means closing.
    const stopAllowing = (verb.category === 'open' || verb.category === 'enable') && analysis.hasWord('anymore', 'any more', 'any longer', 'no longer');
    if (!stopAllowing) return notUnderstood(request, `The request says not to ${analysis.items[verb.item]!.lower}; there is nothing to do`);
    return buildCommand(frame, verb.category === 'open' ? 'close' : resolveAction(analysis, verb) === 'monitoring-on' ? 'monitoring-off' : 'close');
  }
  const excludes = prepared.negatedAt.some((at) => at > analysis.items[verb.item]!.start && analysis.refs.some((ref) => analysis.items[ref.item]!.start === at || analysis.items[ref.item]!.start === at + 1));
  if (analysis.hasWord('except', 'excluding', 'other than', 'apart from', 'aside from', 'save for', 'besides') || excludes) {
    return ask('Cirro cannot leave resources out of a change yet ("except", "but not"); name exactly the ones to change.');
  }
  // "reboot web-1 if it is stuck": Cirro cannot check the condition, so it does not act on it.
  if (analysis.items.some((item) => item.index > verb.item && ['if', 'unless', 'in case', 'provided', 'as long as'].includes(item.lower))) {
    return ask('Cirro cannot check a condition ("if …", "unless …") before acting; check it first (for example "is web-1 running?"), then ask for the change without the condition.');
  }
  let action = resolveAction(analysis, verb);
  // "give api-1 a reboot", "go ahead with a restart": the light verb means nothing, the next verb decides.
  for (const next of analysis.verbs.filter((candidate) => candidate.item > verb.item && candidate.category !== 'query')) {
    if (action !== 'unknown' && action !== 'update') break;
    if (verb.category !== 'light' && verb.category !== 'update') break;
    const resolved = resolveAction(analysis, next);
    if (resolved !== 'unknown' && resolved !== 'update') {
      action = resolved;
      verb = next;
    }
  }
  const others = findOtherChanges(analysis, verb, action);
  if (others.promote) {
    frame.notes.push(`${analysis.items[verb.item]!.lower} is part of ${others.promote.action}: the plan stops and starts the instance as needed`);
    action = others.promote.action;
  } else if (others.conflicts.length > 0) {
    return ask(`That is ${others.conflicts.length + 1} changes ("${[others.mainPhrase, ...others.conflicts.map((other) => other.phrase)].join('", then "')}"); Cirro does one change per request. Ask for them one at a time.`);
  }
  const result = buildCommand({ ...frame, verb: others.promote?.verb ?? verb }, action);
  if (result.type === 'intent' && prepared.hypothetical && !confirms(analysis)) {
    return ask(`Do you want me to ${result.understood}? Nothing has been changed.`, ['yes']);
  }
  return result;
}

interface Mode {
  readonly type: 'query' | 'command' | 'none';
  readonly verb?: VerbUse | undefined;
}

/** Whether the request asks a question, gives a command (with its main verb), or has no verb at all. */
function modeOf(analysis: Analysis, prepared: PreparedRequest): Mode {
  const verbs = analysis.verbs;
  const first = verbs[0];
  const firstWord = (index: number) => analysis.items[index]?.lower.split(' ')[0] ?? '';
  const opener = firstWord(0);
  const firstChange = verbs.find((verb) => verb.category !== 'query' && !isQueryLight(analysis, verb));
  const whBefore = analysis.items.some((item) => WH_WORDS.has(firstWord(item.index)) && (!firstChange || item.index < firstChange.item));
  if (QUESTION_OPENERS.has(opener) && (opener !== 'do' || prepared.questionMark)) return { type: 'query', verb: first };
  if (whBefore) return { type: 'query', verb: first };
  if (analysis.has('how-many') && (!firstChange || analysis.where('how-many')[0]! < firstChange.item)) return { type: 'query', verb: first };
  if (first && (first.category === 'query' || isQueryLight(analysis, first))) return { type: 'query', verb: first };
  if (!first || !firstChange) return prepared.questionMark && !newNoun(analysis) ? { type: 'query' } : { type: 'none' };
  return { type: 'command', verb: firstChange };
}

/** "get the IP of web-1", "give me the status": light verbs that ask rather than make. */
function isQueryLight(analysis: Analysis, verb: VerbUse): boolean {
  const strongerVerb = analysis.verbs.some((other) => other.category !== 'light' && other.category !== 'query');
  return (verb.phrase === 'get' || verb.phrase === 'give me' || verb.phrase === 'give') && !strongerVerb && !newNoun(analysis) && !analysis.has('monitoring') && !analysis.has('spot') && !analysis.nouns.some((noun) => noun.kind === 'elastic-ip' || noun.kind === 'volume');
}

/** "3 VMs in the same network", "status of web-1", "web-1?": no verb, so the nouns and cues decide. */
function withoutVerb(frame: Frame): Understanding {
  const { analysis } = frame;
  if (analysis.nouns.some((noun) => noun.fresh && CREATABLE.has(noun.kind))) return buildCreate(frame);
  // "three vms (node-1 …) in a shared network", "NLB in front of web-1 and web-2": a request that opens with a thing to make.
  const leading = analysis.nouns[0];
  const opensWithNoun = leading && CREATABLE.has(leading.kind) && analysis.items.slice(0, leading.item).every((item) => item.lexeme?.type !== 'attribute' && !analysis.refs.some((ref) => ref.item === item.index));
  // "a spot t3.large named crunch-1": an instance type standing for the instance.
  const first = analysis.items[0];
  if ((first?.lower === 'a' || first?.lower === 'an' || first?.token.shape === 'number' || first?.lexeme?.type === 'quantity') && analysis.items.slice(1, 4).some((item) => item.token.shape === 'instance-type') && !existingInstances(analysis)) {
    return buildCreate(frame);
  }
  if (leading && opensWithNoun && (leading.determiner === 'a' || leading.determiner === 'count' || (leading.determiner === 'none' && !leading.plural && !analysis.refs.some((ref) => ref.nounItem === leading.item && ref.known)))) {
    return buildCreate(frame);
  }
  const queryCues = ['status', 'public-ip', 'private-ip', 'ip', 'graph', 'how-many', 'details', 'share', 'behind', 'health', 'instance-type', 'up', 'down'] as const;
  const formatted = analysis.lexemes('format').some(({ lexeme }) => lexeme.format !== 'text');
  if (queryCues.some((cue) => analysis.has(cue)) || analysis.lexemes('state').length > 0 || (formatted && analysis.has('everything'))) return buildQuery(frame);
  if (newNoun(analysis) && !existingInstances(analysis)) return buildCreate(frame);
  if (analysis.refs.length > 0 || analysis.nouns.some((noun) => noun.plural || noun.determiner === 'the')) {
    const asked = buildQuery(frame);
    if (asked.type !== 'not-understood') return asked;
  }
  return notUnderstood(frame.request);
}

/** A negation right before the main verb ("don't stop web-1", "never delete vpc prod"). */
function negated(analysis: Analysis, prepared: PreparedRequest, verb: VerbUse): boolean {
  const start = analysis.items[verb.item]!.start;
  return prepared.negatedAt.some((at) => at <= start && start - at <= 2);
}

/** A hypothetical request the person confirmed by appending "yes" (the reply to a clarifying question). */
function confirms(analysis: Analysis): boolean {
  return ['yes', 'yep', 'yeah', 'do it', 'go ahead', 'confirm', 'confirmed'].includes(analysis.items.at(-1)?.lower ?? '');
}

function buildCommand(frame: Frame, action: Action): Understanding {
  switch (action) {
    case 'create': return buildCreate(frame);
    case 'start': case 'stop': case 'reboot': return buildPower(frame, action);
    case 'destroy': return buildDestroy(frame);
    case 'resize': return buildResize(frame);
    case 'resize-volume': return buildResizeVolume(frame);
    case 'attach': return buildAttach(frame);
    case 'detach': return buildDetach(frame);
    case 'monitoring-on': return buildMonitoring(frame, true);
    case 'monitoring-off': return buildMonitoring(frame, false);
    case 'tag': return buildTag(frame, false);
    case 'untag': return buildTag(frame, true);
    case 'rename': return buildRename(frame);
    case 'open': case 'close': return buildPorts(frame, action);
    case 'spot': case 'on-demand': return buildMarket(frame, action);
    case 'put': return buildMembership(frame, 'add');
    case 'take-out': return buildMembership(frame, 'remove');
    case 'allocate': return buildAllocate(frame);
    case 'release': return buildRelease(frame);
    case 'update': return buildUpdate(frame);
    case 'unknown': return notUnderstood(frame.request);
  }
}
