import type { ImageHint } from '../../../plan/intent.js';
import { PhraseTable } from '../text/phrase-table.js';
import { ATTRIBUTE_PHRASES, STATE_WORDS, type Attribute } from './attributes.js';
import { COMMON_WORDS, FILLER_PHRASES } from './fillers.js';
import { FORMAT_WORDS, IMAGE_PHRASES, SERVICE_PORTS, UNKNOWN_IMAGES, type ServicePort } from './network.js';
import { NOUN_PHRASES, type NounEntry } from './nouns.js';
import { NUMBER_WORDS, QUANTITY_PHRASES, SIZE_ADJECTIVES, SIZE_UNITS, VAGUE_QUANTITIES, VOLUME_TYPE_WORDS } from './quantities.js';
import { HYPOTHETICAL_PHRASES, NEGATIONS, UNSUPPORTED_VERBS, VERB_PHRASES, type VerbCategory } from './verbs.js';

/** What a word or phrase means once recognized. */
export type Lexeme =
  | { readonly type: 'verb'; readonly category: VerbCategory; readonly phrase: string }
  | { readonly type: 'noun'; readonly entry: NounEntry; readonly phrase: string }
  | { readonly type: 'attribute'; readonly attribute: Attribute; readonly phrase: string }
  | { readonly type: 'state'; readonly state: string }
  | { readonly type: 'image'; readonly family: NonNullable<ImageHint['family']>; readonly note?: string | undefined }
  | { readonly type: 'unknown-image'; readonly name: string }
  | { readonly type: 'service'; readonly ports: readonly ServicePort[]; readonly phrase: string }
  | { readonly type: 'quantity'; readonly value: number; readonly note?: string | undefined }
  | { readonly type: 'vague-quantity'; readonly word: string }
  | { readonly type: 'unit'; readonly gibPerUnit: number }
  | { readonly type: 'volume-type'; readonly volumeType: string; readonly word: string }
  | { readonly type: 'size-adjective'; readonly size: string; readonly word: string }
  | { readonly type: 'format'; readonly format: 'dot' | 'json' | 'text' }
  | { readonly type: 'hypothetical' }
  | { readonly type: 'negation' }
  | { readonly type: 'filler' }
  | { readonly type: 'unsupported'; readonly phrase: string };

/**
 * Every phrase the brain knows, in one table, so the longest reading wins at each position:
 * "block storage" is a noun before "block" is a verb, "boot diagnostics" an attribute before "boot" starts a VM.
 * On equal length the earlier entry wins: attributes, then nouns, then verbs.
 */
export const LEXEMES: PhraseTable<Lexeme> = new PhraseTable<Lexeme>(lexemeEntries());

/** Fillers and framing phrases, matched before anything else (removed or flagged). */
export const FRAMING: PhraseTable<Lexeme> = new PhraseTable<Lexeme>([
  ...HYPOTHETICAL_PHRASES.map((phrase) => [phrase, { type: 'hypothetical' }] as const),
  ...NEGATIONS.map((phrase) => [phrase, { type: 'negation' }] as const),
  ...FILLER_PHRASES.map((phrase) => [phrase, { type: 'filler' }] as const),
]);

function lexemeEntries(): (readonly [string, Lexeme])[] {
  const entries: (readonly [string, Lexeme])[] = [];
  for (const [phrase, value, note] of QUANTITY_PHRASES) entries.push([phrase, { type: 'quantity', value, note }]);
  for (const [word, value] of NUMBER_WORDS) entries.push([word, { type: 'quantity', value }]);
  for (const word of VAGUE_QUANTITIES) entries.push([word, { type: 'vague-quantity', word }]);
  for (const [phrase, family, note] of IMAGE_PHRASES) entries.push([phrase, { type: 'image', family, note }]);
  for (const name of UNKNOWN_IMAGES) entries.push([name, { type: 'unknown-image', name }]);
  for (const [phrase, ports] of SERVICE_PORTS) entries.push([phrase, { type: 'service', ports, phrase }]);
  for (const [phrase, state] of STATE_WORDS) entries.push([phrase, { type: 'state', state }]);
  for (const [attribute, phrases] of Object.entries(ATTRIBUTE_PHRASES)) {
    for (const phrase of phrases) entries.push([phrase, { type: 'attribute', attribute: attribute as Attribute, phrase }]);
  }
  for (const [phrase, entry] of NOUN_PHRASES) entries.push([phrase, { type: 'noun', entry, phrase }]);
  for (const [word, volumeType] of VOLUME_TYPE_WORDS) entries.push([word, { type: 'volume-type', volumeType, word }]);
  for (const [word, size] of SIZE_ADJECTIVES) entries.push([word, { type: 'size-adjective', size, word }]);
  for (const [word, gibPerUnit] of SIZE_UNITS) entries.push([word, { type: 'unit', gibPerUnit }]);
  for (const [word, format] of FORMAT_WORDS) entries.push([word, { type: 'format', format }]);
  for (const phrase of UNSUPPORTED_VERBS) entries.push([phrase, { type: 'unsupported', phrase }]);
  for (const [phrase, category] of VERB_PHRASES) entries.push([phrase, { type: 'verb', category, phrase }]);
  return entries;
}

const ALL_WORDS = new Set([...LEXEMES.words(), ...FRAMING.words(), ...COMMON_WORDS]);

/** True for a word (or hyphen compound spelled with spaces) the brain knows. */
export function isKnownWord(lower: string): boolean {
  if (ALL_WORDS.has(lower)) return true;
  const words = lower.split(' ');
  return words.length > 1 && LEXEMES.match(words, 0)?.length === words.length;
}

/** Keywords a mistyped word may be corrected to: words of the lexicon that carry meaning. */
export const TYPO_KEYWORDS: readonly string[] = [...new Set(LEXEMES.words())].filter((word) => /^[a-z]+$/.test(word));
