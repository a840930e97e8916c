/** A match of a phrase at a position: its value and how many words it covers. */
export interface PhraseMatch<V> {
  readonly value: V;
  readonly length: number;
}

/** Multi-word phrases looked up by their first word; the longest phrase at a position wins. */
export class PhraseTable<V> {
  private readonly byFirstWord = new Map<string, { words: readonly string[]; value: V }[]>();

  constructor(entries: Iterable<readonly [string, V]>) {
    for (const [phrase, value] of entries) {
      const words = phrase.split(' ');
      const list = this.byFirstWord.get(words[0]!) ?? [];
      if (!list.some((entry) => entry.words.join(' ') === phrase)) list.push({ words, value });
      list.sort((a, b) => b.words.length - a.words.length);
      this.byFirstWord.set(words[0]!, list);
    }
  }

  /** The longest phrase starting at `index` in `words`, if any. */
  match(words: readonly string[], index: number): PhraseMatch<V> | undefined {
    const candidates = this.byFirstWord.get(words[index] ?? '');
    if (!candidates) return undefined;
    for (const candidate of candidates) {
      if (candidate.words.every((word, offset) => words[index + offset] === word)) return { value: candidate.value, length: candidate.words.length };
    }
    return undefined;
  }

  /** Every word that appears in some phrase. */
  words(): string[] {
    return [...this.byFirstWord.values()].flatMap((list) => list.flatMap((entry) => entry.words));
  }
}
