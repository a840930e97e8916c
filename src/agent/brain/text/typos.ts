/**
 * Edit distance with adjacent transpositions (optimal string alignment), stopping early once it
 * exceeds `limit`: "instnace" is one edit from "instance".
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previousPrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previousPrevious[j - 2]! + 1);
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    previousPrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** True when `a` is `b` with two neighbouring letters swapped ("stpo" for "stop"). */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const differences = [...a].flatMap((character, index) => (character === b[index] ? [] : [index]));
  return differences.length === 2 && differences[1] === differences[0]! + 1 && a[differences[0]!] === b[differences[1]!] && a[differences[1]!] === b[differences[0]!];
}

/**
 * The keyword a mistyped word most likely stands for, or undefined. Short words only forgive a swap
 * (so "shop" never becomes "stop"); longer words forgive one edit, and words of eight letters or
 * more two. Ties go to a keyword with the same first letter, then one of the same length (a swap is
 * a likelier slip than a lost letter), then to the earlier keyword.
 */
export function correctTypo(word: string, keywords: readonly string[]): string | undefined {
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return undefined;
  if (word.length === 4) return keywords.find((keyword) => isTransposition(word, keyword));
  const limit = word.length >= 8 ? 2 : 1;
  let best: { keyword: string; distance: number; score: number } | undefined;
  for (const keyword of keywords) {
    if (keyword.length < 4) continue;
    const distance = editDistance(word, keyword, limit);
    if (distance > limit) continue;
    const score = (keyword[0] === word[0] ? 2 : 0) + (keyword.length === word.length ? 1 : 0);
    if (!best || distance < best.distance || (distance === best.distance && score > best.score)) best = { keyword, distance, score };
  }
  return best?.keyword;
}
