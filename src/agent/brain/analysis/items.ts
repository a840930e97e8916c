import { LEXEMES, type Lexeme } from '../lexicon/lexemes.js';
import type { Token } from '../text/lexer.js';

/** One unit of meaning: a known phrase (several tokens), or a single token. */
export interface Item {
  readonly index: number;
  /** Token span [start, end). */
  readonly start: number;
  readonly end: number;
  /** Original text of the span, case kept. */
  readonly text: string;
  readonly lower: string;
  /** The first token (its shape says what a non-phrase item is: ident, id, cidr, size …). */
  readonly token: Token;
  readonly lexeme?: Lexeme | undefined;
}

const PHRASE_SHAPES = new Set(['word', 'number', 'decimal']);

/**
 * Groups tokens into items, longest known phrase first, and joins a number with its unit
 * ("100 GB", "a 50 gig disk") into one size item.
 */
export function chunkTokens(tokens: readonly Token[]): Item[] {
  const words = tokens.map((token) => (PHRASE_SHAPES.has(token.shape) ? token.lower : `\u0000${token.lower}`));
  const items: Item[] = [];
  for (let index = 0; index < tokens.length; ) {
    const token = tokens[index]!;
    const next = tokens[index + 1];
    if ((token.shape === 'number' || token.shape === 'decimal') && next?.shape === 'word') {
      // "100 GB", and "500 more gigs" / "50 extra GB".
      const skip = ['more', 'extra', 'additional'].includes(next.lower) && tokens[index + 2]?.shape === 'word' ? 1 : 0;
      const unit = LEXEMES.match(words, index + 1 + skip);
      if (unit?.value.type === 'unit' && unit.length === 1) {
        const value = Math.round(Number(token.lower) * unit.value.gibPerUnit);
        const span = tokens.slice(index, index + 2 + skip).map((part) => part.text).join(' ');
        items.push({ index: items.length, start: index, end: index + 2 + skip, text: span, lower: span.toLowerCase(), token: { text: span, lower: `${value}gib`, shape: 'size', value } });
        index += 2 + skip;
        continue;
      }
    }
    const match = token.shape === 'word' ? LEXEMES.match(words, index) : undefined;
    const length = match?.length ?? 1;
    const span = tokens.slice(index, index + length);
    items.push({
      index: items.length,
      start: index,
      end: index + length,
      text: span.map((part) => part.text).join(' '),
      lower: span.map((part) => part.lower).join(' '),
      token,
      lexeme: match?.value,
    });
    index += length;
  }
  return items;
}
