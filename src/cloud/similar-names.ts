/** Levenshtein distance between two strings (insertions, deletions and substitutions cost 1). */
export function editDistance(left: string, right: string): number {
  if (left === right) return 0;
  if (left.length === 0) return right.length;
  if (right.length === 0) return left.length;
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const substitution = previous[column - 1]! + (left[row - 1] === right[column - 1] ? 0 : 1);
      current.push(Math.min(previous[column]! + 1, current[column - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length]!;
}

/** Length of the prefix two strings share. */
export function commonPrefixLength(left: string, right: string): number {
  let length = 0;
  while (length < left.length && length < right.length && left[length] === right[length]) length++;
  return length;
}

/** Orders names the way people count: web-2 before web-10. */
export function compareNatural(left: string, right: string): number {
  return left.localeCompare(right, 'en', { numeric: true, sensitivity: 'base' });
}

/**
 * The known names most like `wanted`, best first: within a small edit distance (a typo, a wrong number)
 * or sharing a telling prefix (`web-99` → `web-1`, `web-2`). Case does not matter.
 */
export function suggestNames(wanted: string, known: Iterable<string>, limit = 5): string[] {
  const target = wanted.toLowerCase().replace(/\*/g, '');
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(known)) {
    const candidate = name.toLowerCase();
    if (candidate === wanted.toLowerCase()) continue;
    const distance = editDistance(target, candidate);
    const prefix = commonPrefixLength(target, candidate);
    const closeByEdits = distance <= Math.max(2, Math.floor(Math.max(target.length, candidate.length) / 3));
    const closeByPrefix = prefix >= 3 && prefix >= Math.min(target.length, candidate.length) / 2;
    const contains = target.length >= 3 && (candidate.includes(target) || target.includes(candidate));
    if (!closeByEdits && !closeByPrefix && !contains) continue;
    // Edits count most; a long shared prefix or containment breaks ties toward the family the user meant.
    scored.push({ name, score: distance - (closeByPrefix ? 0.5 : 0) - (contains ? 0.25 : 0) });
  }
  return scored
    .sort((left, right) => left.score - right.score || compareNatural(left.name, right.name))
    .slice(0, limit)
    .map((entry) => entry.name);
}

/** True when a name holds a `*` or `?` wildcard. */
export function isWildcard(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** A case-insensitive matcher for a `*`/`?` wildcard pattern over whole names. */
export function wildcardMatcher(pattern: string): (name: string) => boolean {
  const source = pattern.split('').map((character) => {
    if (character === '*') return '.*';
    if (character === '?') return '.';
    return character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }).join('');
  const expression = new RegExp(`^${source}$`, 'i');
  return (name) => expression.test(name);
}
