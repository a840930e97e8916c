import { FRAMING, isKnownWord, TYPO_KEYWORDS } from '../lexicon/lexemes.js';
import { lex, type Token } from '../text/lexer.js';
import { normalizeText } from '../text/normalize.js';
import { correctTypo } from '../text/typos.js';

/** A request made ready for parsing: tokens without padding, and how it was framed. */
export interface PreparedRequest {
  readonly tokens: readonly Token[];
  /** Where a negation stood ("don't …"), as the index of the token that followed it. */
  readonly negatedAt: readonly number[];
  /** "what happens if …", "how do I …": never a change. */
  readonly hypothetical: boolean;
  /** The request ended with a question mark. */
  readonly questionMark: boolean;
  readonly notes: readonly string[];
}

/**
 * Normalizes, tokenizes and corrects typos (only in words that are neither known words nor names in
 * the cloud), then drops politeness and padding and records negation and hypothetical framing.
 */
export function prepareRequest(request: string, knownNames: ReadonlySet<string>): PreparedRequest {
  const notes: string[] = [];
  const raw = lex(normalizeText(request), isKnownWord).map((token) => correct(token, knownNames, notes));
  const words = raw.map((token) => (token.shape === 'word' ? token.lower : `\u0000${token.lower}`));
  const tokens: Token[] = [];
  const negatedAt: number[] = [];
  let hypothetical = false;
  let questionMark = false;
  for (let index = 0; index < raw.length; ) {
    const token = raw[index]!;
    const framing = token.shape === 'word' ? FRAMING.match(words, index) : undefined;
    if (framing) {
      if (framing.value.type === 'hypothetical') hypothetical = true;
      if (framing.value.type === 'negation') negatedAt.push(tokens.length);
      index += framing.length;
      continue;
    }
    index++;
    if (token.shape === 'punct') {
      if (token.lower === '?') questionMark = true;
      // Separators carry no meaning at the start, doubled, or as a colon; ? and ! end a sentence like a period.
      if (token.lower === ':' || tokens.length === 0 || tokens.at(-1)!.shape === 'punct') continue;
      if (token.lower === '?' || token.lower === '!') {
        tokens.push({ ...token, lower: '.' });
        continue;
      }
    }
    tokens.push(token);
  }
  while (tokens.at(-1)?.shape === 'punct') tokens.pop();
  return { tokens, negatedAt, hypothetical, questionMark, notes };
}

/** Inflections read as their stem when the stem is a known word ("needs" → need, "allowing" → allow). */
const SUFFIXES: readonly (readonly [string, string])[] = [['ies', 'y'], ['es', ''], ['s', ''], ['ing', ''], ['ing', 'e'], ['ed', ''], ['ed', 'e'], ['d', '']];

function stem(word: string): string | undefined {
  for (const [suffix, replacement] of SUFFIXES) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
      const candidate = `${word.slice(0, -suffix.length)}${replacement}`;
      if (isKnownWord(candidate)) return candidate;
      // "stopping" → stop, "dropped" → drop
      const undoubled = candidate.length > 3 && candidate.at(-1) === candidate.at(-2) ? candidate.slice(0, -1) : undefined;
      if (undoubled && isKnownWord(undoubled)) return undoubled;
    }
  }
  return undefined;
}

function correct(token: Token, knownNames: ReadonlySet<string>, notes: string[]): Token {
  if (token.shape !== 'word' || isKnownWord(token.lower) || knownNames.has(token.lower)) return token;
  const base = stem(token.lower);
  if (base) return { ...token, lower: base };
  const correction = correctTypo(token.lower, TYPO_KEYWORDS);
  if (!correction) return token;
  notes.push(`read '${token.text}' as '${correction}'`);
  return { ...token, lower: correction };
}
