import type { ResourceKind } from '../../../cloud/inventory.js';
import type { Attribute } from '../lexicon/attributes.js';
import type { Lexeme } from '../lexicon/lexemes.js';
import type { VerbCategory } from '../lexicon/verbs.js';
import type { Token } from '../text/lexer.js';
import { chunkTokens, type Item } from './items.js';
import type { KnownIndex } from './known.js';
import { findNounPhrases, type NounPhrase } from './noun-phrases.js';
import { findReferences, type Reference } from './references.js';

/** A verb in the request and where it stands. */
export interface VerbUse {
  readonly item: number;
  readonly category: VerbCategory;
  readonly phrase: string;
}

/** Everything the parser found in one request: items, verbs, nouns, references, and the cloud's names. */
export class Analysis {
  readonly items: readonly Item[];
  readonly verbs: readonly VerbUse[];
  readonly nouns: readonly NounPhrase[];
  readonly refs: readonly Reference[];

  constructor(readonly tokens: readonly Token[], readonly known: KnownIndex, readonly notes: string[]) {
    this.items = chunkTokens(tokens);
    this.verbs = this.items.flatMap((item) => (item.lexeme?.type === 'verb' ? [{ item: item.index, category: item.lexeme.category, phrase: item.lexeme.phrase }] : []));
    this.nouns = findNounPhrases(this.items);
    const renaming = this.verbs.some((verb) => verb.category === 'rename' || verb.phrase === 'name' || verb.phrase === 'call');
    this.refs = findReferences(this.items, known, !renaming);
  }

  /** True when some item carries this attribute. */
  has(attribute: Attribute): boolean {
    return this.items.some((item) => item.lexeme?.type === 'attribute' && item.lexeme.attribute === attribute);
  }

  /** Indexes of the items carrying this attribute. */
  where(attribute: Attribute): number[] {
    return this.items.flatMap((item) => (item.lexeme?.type === 'attribute' && item.lexeme.attribute === attribute ? [item.index] : []));
  }

  /** True when some item is this word or phrase (lowercase). */
  hasWord(...words: string[]): boolean {
    return this.items.some((item) => words.includes(item.lower));
  }

  /** Index of the first item that is one of these words, at or after `from`. */
  indexOfWord(words: readonly string[], from = 0): number {
    return this.items.findIndex((item, index) => index >= from && words.includes(item.lower));
  }

  /** Lexemes of one type, with their item indexes. */
  lexemes<T extends Lexeme['type']>(type: T): { item: number; lexeme: Extract<Lexeme, { type: T }> }[] {
    return this.items.flatMap((item) => (item.lexeme?.type === type ? [{ item: item.index, lexeme: item.lexeme as Extract<Lexeme, { type: T }> }] : []));
  }

  /** Items of one token shape. */
  shaped(shape: Token['shape']): Item[] {
    return this.items.filter((item) => item.token.shape === shape && !item.lexeme);
  }

  /** The first noun phrase of a kind. */
  noun(kind: ResourceKind): NounPhrase | undefined {
    return this.nouns.find((noun) => noun.kind === kind);
  }

  /** References of a kind (or of no kind yet, when `orUnknown`). */
  refsOf(kind: ResourceKind, orUnknown = false): Reference[] {
    return this.refs.filter((ref) => ref.kind === kind || (orUnknown && ref.kind === undefined));
  }

  /** The item before `index`, skipping articles. */
  before(index: number): Item | undefined {
    let at = index - 1;
    while (at >= 0 && ['the', 'a', 'an', 'my', 'our'].includes(this.items[at]!.lower)) at--;
    return this.items[at];
  }
}
