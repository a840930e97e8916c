import type { ResourceKind } from '../../../cloud/inventory.js';
import type { Selector, Target } from '../../../plan/intent.js';
import type { Analysis } from '../analysis/analysis.js';
import type { NounPhrase } from '../analysis/noun-phrases.js';
import type { Reference } from '../analysis/references.js';

/** Words that put what follows around the target: "in vpc prod", "behind shop-lb". */
const CONTAINER_WORDS = new Set(['in', 'into', 'inside', 'within', 'behind', 'under', 'across', 'throughout', 'in front of']);
/** What may contain what, for "all X in Y". */
const CONTAINERS: Partial<Record<ResourceKind, readonly ResourceKind[]>> = {
  instance: ['subnet', 'vpc', 'load-balancer', 'target-group'],
  volume: ['instance'],
  subnet: ['vpc'],
  'security-group': ['vpc'],
  'elastic-ip': ['instance'],
};

/** True when a reference stands after "in"/"behind" (a container, not the thing acted on). */
export function inContainerPosition(analysis: Analysis, ref: Reference): boolean {
  let at = ref.item - 1;
  while (at >= 0 && (['the', 'a', 'an', 'my', 'our', 'same'].includes(analysis.items[at]!.lower) || analysis.items[at]!.lexeme?.type === 'noun')) at--;
  return CONTAINER_WORDS.has(analysis.items[at]?.lower ?? '');
}

/** A selector for the names and ids of some references (ids go by id; a list goes by names, which also match ids). */
export function selectorOf(refs: readonly Reference[]): Selector {
  const names = refs.flatMap((ref) => ref.names);
  if (names.length === 1) return refs[0]!.by === 'id' ? { by: 'id', id: names[0]! } : { by: 'name', name: names[0]! };
  return { by: 'names', names };
}

/** Options for finding what a request acts on. */
export interface TargetOptions {
  /** Kinds the action applies to; the first is the kind of a name nothing else types. */
  readonly kinds: readonly ResourceKind[];
  /** References already used in another role. */
  readonly exclude?: ReadonlySet<Reference>;
  /** Leave out references that stand in container position ("in vpc prod"). Default true. */
  readonly skipContainers?: boolean;
}

/**
 * What the request acts on: the named resources of the first fitting kind, else "all X (in Y)",
 * "the X" (the only one), or "everything". Undefined when nothing names a target.
 */
export function findTarget(analysis: Analysis, options: TargetOptions): Target | undefined {
  const refs = targetRefs(analysis, options);
  if (refs.length > 0) {
    const kind = refs[0]!.kind ?? options.kinds[0]!;
    const same = refs.filter((ref) => (ref.kind ?? options.kinds[0]) === kind);
    return { kind, selector: selectorOf(same) };
  }
  const noun = analysis.nouns.find((phrase) => options.kinds.includes(phrase.kind) && !phrase.fresh && !isContainerNoun(analysis, phrase));
  if (noun) {
    // "the web servers": a word that narrows the noun. It must match names (web-1, web-2 → web-*), or the brain asks.
    const qualifier = qualifierOf(analysis, noun);
    if (qualifier) {
      const pattern = namePattern(analysis, noun.kind, qualifier);
      return pattern ? { kind: noun.kind, selector: { by: 'name', name: pattern } } : undefined;
    }
    if (noun.determiner === 'all' || (noun.plural && (noun.determiner === 'the' || noun.determiner === 'none'))) {
      return { kind: noun.kind, selector: { by: 'all', ...withinOf(analysis, noun.kind, options.exclude) } };
    }
    if (noun.determiner === 'the') return { kind: noun.kind, selector: { by: 'only' } };
  }
  if (analysis.has('everything') || analysis.hasWord('all', 'everything', 'everywhere')) {
    return { kind: options.kinds[0]!, selector: { by: 'all', ...withinOf(analysis, options.kinds[0]!, options.exclude) } };
  }
  return undefined;
}

/** The references a target is made of: fitting kind (or untyped), not names of new things, not containers. */
export function targetRefs(analysis: Analysis, options: TargetOptions): Reference[] {
  return analysis.refs.filter((ref) =>
    !ref.naming
    && !options.exclude?.has(ref)
    && (ref.kind === undefined || options.kinds.includes(ref.kind))
    && !((options.skipContainers ?? true) && inContainerPosition(analysis, ref) && (ref.kind === undefined || ref.kind !== options.kinds[0])),
  );
}

/** A plain word standing before a noun to narrow it ("web" in "the web servers", "old" in "the old boxes"). */
function qualifierOf(analysis: Analysis, noun: NounPhrase): string | undefined {
  const typedRef = (index: number) => analysis.refs.some((ref) => ref.item === index && ref.kind !== undefined);
  const word = noun.modifiers.map((item) => analysis.items[item]!).find((item) => !item.lexeme && item.token.shape === 'word' && !NOT_QUALIFIERS.has(item.lower) && !typedRef(item.index));
  return word?.text;
}

const NOT_QUALIFIERS = new Set(['new', 'another', 'more', 'additional', 'extra', 'fresh', 'brand', 'second', 'separate', 'spare', 'empty', 'blank', 'ec2', 'aws', 'virtual', 'cloud']);

/** "web" → "web-*" when the cloud has web-1, web-2 …; undefined when no name of the kind starts so. */
function namePattern(analysis: Analysis, kind: ResourceKind, qualifier: string): string | undefined {
  const prefix = qualifier.toLowerCase();
  const names = analysis.known.ofKind(kind).map((resource) => resource.name ?? '').filter((name) => name.toLowerCase().startsWith(prefix));
  if (names.length === 0) return undefined;
  return names.every((name) => name.toLowerCase().startsWith(`${prefix}-`)) ? `${qualifier}-*` : `${qualifier}*`;
}

function isContainerNoun(analysis: Analysis, noun: NounPhrase): boolean {
  const before = analysis.before(noun.item);
  return Boolean(before && CONTAINER_WORDS.has(before.lower));
}

/** "in vpc prod", "behind the load balancer": the container narrowing an "all". */
export function withinOf(analysis: Analysis, kind: ResourceKind, exclude?: ReadonlySet<Reference>): { within?: Target } {
  const allowed = CONTAINERS[kind] ?? [];
  // "in vpc prod", or "the prod instances" (a container's name standing before the noun).
  const beforeNoun = (candidate: Reference) => candidate.kind !== undefined && candidate.kind !== kind && analysis.items[candidate.lastItem + 1]?.lexeme?.type === 'noun'
    && (analysis.items[candidate.lastItem + 1]!.lexeme as { entry: { kind: ResourceKind } }).entry.kind === kind;
  const ref = analysis.refs.find((candidate) => !exclude?.has(candidate) && (inContainerPosition(analysis, candidate) || beforeNoun(candidate)) && (candidate.kind === undefined || allowed.includes(candidate.kind)));
  if (ref) {
    const before = analysis.before(ref.item)?.lower;
    const fallback: ResourceKind = before === 'behind' ? 'load-balancer' : 'vpc';
    const containerKind = ref.kind ?? (allowed.includes(fallback) ? fallback : allowed[0]!);
    return { within: { kind: containerKind, selector: selectorOf([ref]) } };
  }
  const noun = analysis.nouns.find((phrase) => allowed.includes(phrase.kind) && isContainerNoun(analysis, phrase) && !phrase.fresh);
  if (noun && (noun.determiner === 'the' || noun.determiner === 'none')) return { within: { kind: noun.kind, selector: { by: 'only' } } };
  return {};
}

/** Pronouns that point at something said before: without a conversation, the brain asks. */
export function hasPronoun(analysis: Analysis): boolean {
  return analysis.hasWord('it', 'them', 'those', 'these', 'that one', 'this one', 'they');
}
