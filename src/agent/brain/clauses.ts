import { resolveAction, type Action } from './action.js';
import { Analysis, type VerbUse } from './analysis/analysis.js';

const BOUNDARIES = new Set([',', ';', '.', 'and', 'then', 'and then', 'after that', 'afterwards', 'plus', 'next', 'finally', 'once done']);

/** Changes that ride along with a main one in a single intent ("launch 3 VMs and put them behind an LB"). */
const COMPANIONS: Partial<Record<Action, readonly Action[]>> = {
  create: ['put', 'attach', 'tag', 'rename', 'monitoring-on', 'open', 'allocate', 'start', 'spot'],
  allocate: ['attach', 'put'],
  attach: ['create'],
  put: ['create'],
  tag: ['rename'],
  rename: ['tag'],
  resize: ['stop', 'start', 'reboot'],
  spot: ['stop', 'start', 'reboot'],
  'on-demand': ['stop', 'start', 'reboot'],
};

/** Changes that need the instance stopped and started: a "stop … resize … start" request is really one of these. */
const STOP_START_CHANGES: readonly Action[] = ['resize', 'spot', 'on-demand'];
const POWER: readonly Action[] = ['stop', 'start', 'reboot'];
const NOT_CHANGES: readonly Action[] = ['unknown', 'update'];

/** Another change in the same request, as said. */
export interface OtherChange {
  readonly verb: VerbUse;
  readonly action: Action;
  readonly phrase: string;
}

/**
 * Looks for further changes in later clauses ("stop web-1 and start web-2"): those that ride along
 * with the main one are fine; a stop/start around a resize or spot conversion promotes that change
 * to the main one; anything else is a conflict, and the brain asks for one change at a time.
 */
export function findOtherChanges(analysis: Analysis, main: VerbUse, mainAction: Action): { promote?: OtherChange; conflicts: OtherChange[]; mainPhrase: string } {
  const others: OtherChange[] = [];
  const starts = analysis.verbs.filter((verb) => verb.item > main.item && clauseStart(analysis, verb));
  for (const [index, verb] of starts.entries()) {
    const from = analysis.items[verb.item]!.start;
    const next = starts[index + 1];
    const to = next ? analysis.items[boundaryBefore(analysis, next.item)]!.start : analysis.tokens.length;
    const clause = new Analysis(analysis.tokens.slice(from, to), analysis.known, []);
    const action = resolveAction(clause, clause.verbs[0]);
    if (NOT_CHANGES.includes(action) || clause.verbs[0]?.category === 'query') continue;
    others.push({ verb, action, phrase: analysis.tokens.slice(from, to).map((token) => token.text).join(' ') });
  }
  const mainEnd = starts[0] ? analysis.items[boundaryBefore(analysis, starts[0].item)]!.start : analysis.tokens.length;
  const mainPhrase = analysis.tokens.slice(analysis.items[main.item]!.start, mainEnd).map((token) => token.text).join(' ');
  const promote = POWER.includes(mainAction) ? others.find((other) => STOP_START_CHANGES.includes(other.action)) : undefined;
  const allowed = new Set<Action>([...(COMPANIONS[promote?.action ?? mainAction] ?? []), promote?.action ?? mainAction]);
  const conflicts = others.filter((other) => !allowed.has(other.action) && other !== promote);
  return promote ? { promote, conflicts, mainPhrase } : { conflicts, mainPhrase };
}

/** True when a verb opens a new clause: right after "and", "then", a comma … */
function clauseStart(analysis: Analysis, verb: VerbUse): boolean {
  let at = verb.item - 1;
  while (at >= 0 && ['it', 'them', 'also'].includes(analysis.items[at]!.lower)) at--;
  return at >= 0 && BOUNDARIES.has(analysis.items[at]!.lower);
}

/** The first boundary item of the run of boundaries just before an item. */
function boundaryBefore(analysis: Analysis, item: number): number {
  let at = item - 1;
  while (at > 0 && BOUNDARIES.has(analysis.items[at - 1]!.lower)) at--;
  return at;
}
