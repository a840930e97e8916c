import type { Effect } from '../../../plan/plan.js';
import type { Intent } from '../../../plan/intent.js';
import { HYPOTHETICAL_PHRASES, QUESTION_OPENERS } from '../../brain/lexicon/verbs.js';

/** Effects from harmless to destructive: a plan may go as far as the request's words allow, no further. */
export const EFFECT_RANK: Readonly<Record<Effect, number>> = { read: 0, create: 1, 'update-live': 2, 'update-stop-start': 3, replace: 4, delete: 5 };

/** Openers that make a question a polite request ("can you stop web-1?"), not a question. */
const POLITE = /^(please\s+)?(can|could|would|will)\s+(you|we)\b|^please\b/;

/** Openers that ask to be shown something, which no change follows. */
const SHOW = new Set(['show', 'list', 'describe', 'count', 'tell', 'display', 'explain']);

/**
 * True when the request reads as a question — by its form, from the embedded brain's own lexicon:
 * a question word or auxiliary first ("is web-1 running"), a hypothetical ("what happens if I stop
 * web-1"), a show/list opener, or a question mark on anything but a polite request. The embedded
 * brain's intent is deliberately not the test: it reads a verbless change ("web-1 should be a
 * t3.large") as a describe query, which would refuse exactly the requests a model is there for.
 */
export function readsAsQuestion(request: string): boolean {
  const text = request.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!text) return false;
  if (HYPOTHETICAL_PHRASES.some((phrase) => text.startsWith(`${phrase} `))) return true;
  if (POLITE.test(text)) return false;
  const first = /^[a-z']+/.exec(text)?.[0]?.replace(/'s$/, '') ?? '';
  if (QUESTION_OPENERS.has(first) || SHOW.has(first)) return true;
  return text.endsWith('?');
}

/** Words that ask for each class of effect; a request may go up to the most destructive it uses. */
const VERB_CLASSES: readonly (readonly [Effect, RegExp])[] = [
  ['delete', /\b(delete|remove|terminate|destroy|release|tear(ing)? down|get rid of|kill|drop|decommission|clean(ing)? up|deregister|purge|wipe|nuke|retire)\b/],
  ['replace', /\b(replace|recreate|re-create|rebuild|spot|on-demand|on demand|migrate|move|relaunch)\b/],
  ['update-stop-start', /\b(resize|stop|start|restart|reboot|power|upsize|downsize|scale (up|down)|bigger|smaller|larger|more (cpu|memory|ram|power|horsepower)|instance type|[a-z][a-z0-9-]*\d[a-z0-9-]*\.(nano|micro|small|medium|large|\d*xlarge|metal))\b/],
];

/** The most destructive effect the request's words allow; a non-question may at least change things live. */
export function effectAllowedByWords(request: string): Effect {
  if (readsAsQuestion(request)) return 'read';
  const text = request.toLowerCase();
  for (const [effect, pattern] of VERB_CLASSES) if (pattern.test(text)) return effect;
  return 'update-live';
}

/** The most destructive effect an intent of this type is expected to need (the embedded brain's reading). */
export function effectOfIntent(intent: Intent): Effect {
  switch (intent.type) {
    case 'query':
      return 'read';
    case 'delete':
    case 'release-address':
      return 'delete';
    case 'instance-power':
      return intent.action === 'terminate' ? 'delete' : 'update-stop-start';
    case 'resize':
      return 'update-stop-start';
    case 'set-market':
      return 'replace';
    default:
      return 'update-live';
  }
}

/** `web-1..3` and `web-[1-3]` written out, so a range names each of its members. */
export function expandRanges(request: string): string[] {
  const names: string[] = [];
  for (const match of request.matchAll(/\b([A-Za-z][\w-]*?)(\d+)\s*(?:\.\.|\.\.\.)\s*(?:\1)?(\d+)\b/g)) {
    const [, prefix, from, to] = match;
    const start = Number(from);
    const end = Number(to);
    if (end >= start && end - start <= 100) for (let index = start; index <= end; index++) names.push(`${prefix}${index}`);
  }
  return names;
}
