import type { ResourceKind } from '../../../cloud/inventory.js';
import { isKnownWord } from '../lexicon/lexemes.js';
import { kindOfId } from '../lexicon/nouns.js';
import type { Item } from './items.js';
import type { KnownIndex } from './known.js';

/** A resource named in the request: by id, by name, by a list or range of names. */
export interface Reference {
  /** Item index of its first and last item (a range "web-1 to web-3" spans three). */
  readonly item: number;
  readonly lastItem: number;
  readonly names: readonly string[];
  readonly by: 'id' | 'name';
  /** The kind, from the id, the noun next to it, or the cloud; undefined when nothing says. */
  readonly kind: ResourceKind | undefined;
  /** Every name (or id) exists in the cloud. */
  readonly known: boolean;
  /** "called web-1": the name of something to create, not an existing resource. */
  readonly naming: boolean;
  /** The noun it is attached to ("vpc prod", "the shop-lb load balancer"). */
  readonly nounItem: number | undefined;
}

type Draft = { -readonly [K in keyof Reference]: Reference[K] };

const NAMING_WORDS = new Set(['called', 'named', 'name', 'call', 'titled', 'labelled', 'labeled']);
const FUNCTION_WORDS = new Set(['a', 'an', 'the', 'after', 'like', 'as', 'by', 'of', 'to', 'for', 'from', 'with', 'on', 'in', 'is', 'was', 'and', 'or', ',', 'whatever', 'something']);
const PRONOUNS = new Set(['it', 'them', 'this', 'that', 'these', 'those', 'one', 'they']);
const RANGE_WORDS = new Set(['to', 'through', 'thru', 'till', 'until', '-']);
const LIST_WORDS = new Set([',', 'and', 'or', 'plus', 'as well as']);

/** Finds every resource reference in the items and gives each a kind where the sentence or the cloud says it. */
export function findReferences(items: readonly Item[], known: KnownIndex, allowRanges: boolean): Reference[] {
  const drafts: Draft[] = [];
  for (const item of items) {
    const draft = candidate(items, item, known);
    if (draft) drafts.push(draft);
  }
  const merged = allowRanges ? mergeRanges(items, drafts) : drafts;
  for (const draft of merged) bindToNaming(items, draft);
  for (const draft of merged) if (!draft.kind) draft.kind = kindFromCloud(items, draft, known);
  for (const draft of merged) bindToNoun(items, draft);
  propagateAcrossLists(items, merged);
  return merged;
}

function candidate(items: readonly Item[], item: Item, known: KnownIndex): Draft | undefined {
  const { token } = item;
  const base = { item: item.index, lastItem: item.index, naming: false, nounItem: undefined };
  const afterNamingWord = (NAMING_WORDS.has(items[item.index - 1]?.lower ?? '') || (PRONOUNS.has(items[item.index - 1]?.lower ?? '') && NAMING_WORDS.has(items[item.index - 2]?.lower ?? '')))
    && !PRONOUNS.has(item.lower) && !FUNCTION_WORDS.has(item.lower);
  switch (token.shape) {
    case 'id':
    case 'arn':
      return { ...base, names: [token.text], by: 'id', kind: kindOfId(token.text), known: Boolean(known.withId(token.text)) };
    case 'name-range':
      return nameDraft(base, token.names!, known);
    case 'quoted':
    case 'ident':
      return nameDraft(base, [item.text], known);
    case 'word': {
      if (item.lexeme && item.lexeme.type !== 'attribute' && item.lexeme.type !== 'state' && !afterNamingWord) return undefined;
      const next = items[item.index + 1];
      const knownName = known.named(item.lower).length > 0;
      if (knownName && !(item.lower === 'default' && next?.lexeme?.type === 'noun' && ['vpc', 'subnet'].includes(next.lexeme.entry.kind))) {
        return nameDraft(base, [item.text], known);
      }
      if (afterNamingWord) return nameDraft(base, [item.text], known);
      if (item.lexeme) return undefined;
      if (!isKnownWord(item.lower) && besideNoun(items, item)) return nameDraft(base, [item.text], known);
      return undefined;
    }
    default:
      return undefined;
  }
}

function nameDraft(base: Pick<Draft, 'item' | 'lastItem' | 'naming' | 'nounItem'>, names: readonly string[], known: KnownIndex): Draft {
  const spelled = names.map((name) => known.spelling(name));
  return { ...base, names: spelled, by: 'name', kind: undefined, known: spelled.every((name) => known.named(name).length > 0) };
}

/** An unknown word right after a resource noun ("vpc prod") or right before a singular one ("the bastion host"). */
function besideNoun(items: readonly Item[], item: Item): boolean {
  const previous = items[item.index - 1];
  const next = items[item.index + 1];
  // "vpc prod", "instance bastion" — but not "instances sit behind …".
  if (previous?.lexeme?.type === 'noun' && !previous.lexeme.entry.plural) return true;
  const before = items[item.index - 1]?.lower ?? '';
  return next?.lexeme?.type === 'noun' && !next.lexeme.entry.plural && !['a', 'an'].includes(before) && previous?.lexeme?.type !== 'quantity';
}

/** "web-1 to web-3", "web-1 through 3": one reference to every name in between. */
function mergeRanges(items: readonly Item[], drafts: Draft[]): Draft[] {
  const result: Draft[] = [];
  for (let index = 0; index < drafts.length; index++) {
    const first = drafts[index]!;
    const word = items[first.item + 1];
    const second = drafts[index + 1];
    const start = first.names.length === 1 ? /^(.*?)(\d+)$/.exec(first.names[0]!) : null;
    if (start && word && RANGE_WORDS.has(word.lower) && first.by === 'name') {
      const endItem = items[first.item + 2];
      let last: number | undefined;
      if (second && second.item === first.item + 2 && second.names.length === 1) {
        const end = /^(.*?)(\d+)$/.exec(second.names[0]!);
        if (end && end[1] === start[1]) last = Number(end[2]);
      } else if (endItem?.token.shape === 'number') last = Number(endItem.lower);
      const from = Number(start[2]);
      if (last !== undefined && last > from && last - from <= 99) {
        const width = start[2]!.startsWith('0') ? start[2]!.length : 0;
        const names = Array.from({ length: last - from + 1 }, (_, offset) => `${start[1]}${String(from + offset).padStart(width, '0')}`);
        result.push({ ...first, names, lastItem: first.item + 2, known: first.known && (second?.known ?? false) });
        if (second && second.item === first.item + 2) index++;
        continue;
      }
    }
    result.push(first);
  }
  return result;
}

/** "three VMs named web", "a load balancer called shop-lb": the name belongs to the noun before. */
function bindToNaming(items: readonly Item[], draft: Draft): void {
  const previous = items[draft.item - 1];
  const namingWord = previous && (NAMING_WORDS.has(previous.lower) || (PRONOUNS.has(previous.lower) && NAMING_WORDS.has(items[draft.item - 2]?.lower ?? '')));
  if (namingWord) {
    for (let back = draft.item - 2; back >= Math.max(0, draft.item - 6); back--) {
      const lexeme = items[back]?.lexeme;
      if (lexeme?.type === 'noun') {
        bind(draft, back, lexeme.entry.kind);
        draft.naming = true;
        return;
      }
      if (lexeme?.type === 'verb') break;
    }
    draft.naming = true;
  }
}

/** "vpc prod", "the prod vpc", "a load balancer, front-lb": a name next to a noun of a kind it may be. */
function bindToNoun(items: readonly Item[], draft: Draft): void {
  if (draft.naming) return;
  const previous = items[draft.item - 1];
  const appositive = previous?.lower === ',' && items[draft.item - 2]?.lexeme?.type === 'noun' ? items[draft.item - 2] : undefined;
  if (appositive?.lexeme?.type === 'noun' && compatible(draft, appositive.lexeme.entry.kind) && !draft.known) {
    bind(draft, appositive.index, appositive.lexeme.entry.kind);
    return;
  }
  if (previous?.lexeme?.type === 'noun' && compatible(draft, previous.lexeme.entry.kind)) {
    bind(draft, previous.index, previous.lexeme.entry.kind);
    return;
  }
  const next = items[draft.lastItem + 1];
  if (next?.lexeme?.type === 'noun' && compatible(draft, next.lexeme.entry.kind)) {
    const listBefore = LIST_WORDS.has(items[draft.item - 1]?.lower ?? '');
    if (!next.lexeme.entry.plural || draft.names.length > 1 || listBefore) bind(draft, next.index, next.lexeme.entry.kind);
  }
}

function compatible(draft: Draft, kind: ResourceKind): boolean {
  return draft.kind === undefined || draft.kind === kind;
}

function bind(draft: Draft, nounItem: number, kind: ResourceKind): void {
  draft.nounItem = nounItem;
  if (!draft.kind) draft.kind = kind;
}

/** The kind the cloud knows the name as; with several, the one a noun in the sentence names. */
function kindFromCloud(items: readonly Item[], draft: Draft, known: KnownIndex): ResourceKind | undefined {
  const kinds = [...new Set(draft.names.flatMap((name) => (draft.by === 'id' ? [known.withId(name)?.kind] : known.named(name).map((resource) => resource.kind))))]
    .filter((kind): kind is ResourceKind => kind !== undefined);
  if (kinds.length <= 1) return kinds[0];
  const mentioned = items.flatMap((item) => (item.lexeme?.type === 'noun' ? [item.lexeme.entry.kind] : []));
  return kinds.find((kind) => mentioned.includes(kind));
}

/** "instances web-1, web-2 and web-3": the kind of the first carries along the list. */
function propagateAcrossLists(items: readonly Item[], drafts: Draft[]): void {
  for (let index = 1; index < drafts.length; index++) {
    const previous = drafts[index - 1]!;
    const current = drafts[index]!;
    const between = items.slice(previous.lastItem + 1, current.item);
    const isList = between.length > 0 && between.every((item) => LIST_WORDS.has(item.lower));
    if (!isList) continue;
    if (!current.kind && previous.kind) current.kind = previous.kind;
    if (!previous.kind && current.kind) previous.kind = current.kind;
    if (previous.naming) current.naming = true;
  }
  for (let index = drafts.length - 2; index >= 0; index--) {
    const current = drafts[index]!;
    const next = drafts[index + 1]!;
    const between = items.slice(current.lastItem + 1, next.item);
    if (between.length > 0 && between.every((item) => LIST_WORDS.has(item.lower)) && !current.kind && next.kind) current.kind = next.kind;
  }
}
