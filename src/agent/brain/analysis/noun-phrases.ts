import type { ResourceKind } from '../../../cloud/inventory.js';
import type { NounEntry } from '../lexicon/nouns.js';
import type { Item } from './items.js';

/** How a noun was introduced: "a"/"three" (new ones, counted), "the" (existing), "all"/"every". */
export type Determiner = 'a' | 'count' | 'the' | 'all' | 'none';

/** A resource noun with what stands before it: "three small ubuntu VMs", "the load balancer", "all instances". */
export interface NounPhrase {
  readonly item: number;
  readonly kind: ResourceKind;
  readonly entry: NounEntry;
  readonly plural: boolean;
  readonly determiner: Determiner;
  readonly count?: number | undefined;
  /** A note on how the count was read ("'a few' read as 3"). */
  readonly countNote?: string | undefined;
  /** "several", "some": a number the brain must ask for. */
  readonly vague?: string | undefined;
  /** "new", "another", "more", "extra": something to create. */
  readonly fresh: boolean;
  /** Items between the determiner and the noun ("small", "ubuntu", "100 GB"). */
  readonly modifiers: readonly number[];
}

const FRESH = new Set(['new', 'another', 'more', 'additional', 'extra', 'fresh', 'brand', 'second', 'separate', 'spare', 'empty', 'blank']);
const DEFINITE = new Set(['the', 'this', 'that', 'these', 'those', 'my', 'our', 'your', 'its', 'their', 'both', 'existing', 'current']);
const UNIVERSAL = new Set(['all', 'every', 'each', 'any']);
const MODIFIER_LEXEMES = new Set(['size-adjective', 'image', 'volume-type', 'unknown-image']);
const MODIFIER_ATTRIBUTES = new Set(['spot', 'on-demand', 'public', 'private', 'monitoring', 'bigger', 'smaller', 'root-disk']);
const MODIFIER_SHAPES = new Set(['instance-type', 'size', 'decimal', 'cidr', 'az']);

/** The noun phrases of a request, each with its determiner, count and modifiers. */
export function findNounPhrases(items: readonly Item[]): NounPhrase[] {
  const phrases: NounPhrase[] = [];
  for (const item of items) {
    if (item.lexeme?.type !== 'noun') continue;
    phrases.push(describeNoun(items, item, item.lexeme.entry));
  }
  return phrases;
}

function describeNoun(items: readonly Item[], noun: Item, entry: NounEntry): NounPhrase {
  const modifiers: number[] = [];
  let fresh = false;
  let index = noun.index - 1;
  for (; index >= 0 && noun.index - index <= 6; index--) {
    const item = items[index]!;
    if (FRESH.has(item.lower)) fresh = true;
    else if (!isModifier(item)) break;
    modifiers.unshift(index);
  }
  const base = { item: noun.index, kind: entry.kind, entry, plural: entry.plural, fresh, modifiers };
  const before = items[index];
  if (!before) return { ...base, determiner: 'none' };
  const lexeme = before.lexeme;
  // "the three VMs", "my two servers": counted, but existing ones.
  const counted = lexeme?.type === 'quantity' || before.token.shape === 'number';
  if (counted && DEFINITE.has(items[index - 1]?.lower ?? '') && !fresh) return { ...base, determiner: 'the', plural: true };
  if (lexeme?.type === 'quantity') return { ...base, determiner: 'count', count: lexeme.value, countNote: lexeme.note, plural: base.plural || lexeme.value > 1 };
  if (before.token.shape === 'number') return { ...base, determiner: 'count', count: before.token.value ?? Number(before.lower) };
  if (lexeme?.type === 'vague-quantity') return { ...base, determiner: 'count', vague: lexeme.word };
  if (before.lower === 'a' || before.lower === 'an') return { ...base, determiner: 'a', count: 1 };
  if (UNIVERSAL.has(before.lower)) return { ...base, determiner: 'all' };
  if (DEFINITE.has(before.lower)) {
    const universal = [items[index - 1], items[index - 2]].some((earlier, offset) => earlier && UNIVERSAL.has(earlier.lower) && (offset === 0 || items[index - 1]?.lower === 'of'));
    return { ...base, determiner: universal || (before.lower === 'my' && entry.plural) ? 'all' : 'the' };
  }
  return { ...base, determiner: 'none' };
}

function isModifier(item: Item): boolean {
  const lexeme = item.lexeme;
  if (lexeme && MODIFIER_LEXEMES.has(lexeme.type)) return true;
  if (lexeme?.type === 'attribute' && MODIFIER_ATTRIBUTES.has(lexeme.attribute)) return true;
  if (MODIFIER_SHAPES.has(item.token.shape)) return true;
  // "a data disk", "three web servers": an unknown word or name-ish word before the noun.
  return !lexeme && item.token.shape === 'word' && !['a', 'an', 'the', 'of', 'and', 'or', 'to', 'in', 'on', 'for', 'with', 'from', 'into', 'behind', 'my', 'our', 'all', 'every', 'each', 'this', 'that', 'these', 'those', 'any', 'your', 'its', 'their', 'both', 'existing', 'current', 'than', 'as', 'at', 'by', 'me', 'us', 'it', 'them', 'is', 'are'].includes(item.lower);
}
