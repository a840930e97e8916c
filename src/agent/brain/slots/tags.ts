import type { Analysis } from '../analysis/analysis.js';
import type { Item } from '../analysis/items.js';

/** Tags a request sets or removes, and the items they were read from (not targets). */
export interface TagSlots {
  readonly tags: Record<string, string>;
  readonly removeKeys: string[];
  /** "tag web-1 as production": a value without a key. */
  readonly valueWithoutKey?: string | undefined;
  readonly used: ReadonlySet<number>;
}

const TAG_WORDS = new Set(['tag', 'tags', 'label', 'labels', 'tagged', 'labeled', 'labelled', 'key']);
const JOINERS = new Set(['=', 'to', 'as', 'of', 'is', ':', 'value', 'set', 'equal', 'equals', 'with']);

function plain(item: Item | undefined): boolean {
  if (!item) return false;
  if (item.lexeme && item.lexeme.type !== 'attribute' && item.lexeme.type !== 'state' && item.lexeme.type !== 'format') return false;
  return ['word', 'ident', 'quoted', 'number', 'decimal'].includes(item.token.shape) && !['the', 'a', 'an', 'it', 'them', 'and', 'from', 'on', 'for', 'to', 'with', 'as', 'all', 'every', 'each', 'any', 'some', 'both', 'my', 'its', 'their', 'of'].includes(item.lower);
}

function clean(text: string): string {
  return text.replace(/^["'`]|["'`]$/g, '');
}

/** Reads key=value pairs, "with env prod", "set the env tag to prod", "remove the env tag", "untag web-1 env". */
export function requestedTags(analysis: Analysis, removing: boolean): TagSlots {
  const tags: Record<string, string> = {};
  const removeKeys: string[] = [];
  const used = new Set<number>();
  const items = analysis.items;
  for (const item of items) {
    if (item.token.shape !== 'tag-pair') continue;
    const match = /^([^=:]+)[=:](.*)$/.exec(item.text)!;
    tags[clean(match[1]!)] = clean(match[2]!);
    used.add(item.index);
  }
  let valueWithoutKey: string | undefined;
  for (const item of items) {
    if (!TAG_WORDS.has(item.lower) && !(item.lexeme?.type === 'verb' && (item.lexeme.category === 'tag' || item.lexeme.category === 'untag'))) continue;
    const before = items[item.index - 1];
    // "set the env tag to prod", "remove the env tag": the key stands before the word "tag".
    if (plain(before) && !isTarget(analysis, before!.index) && before!.lower !== 'set') {
      const value = valueAfter(items, item.index + 1, analysis);
      if (removing) removeKeys.push(clean(before!.text));
      else if (value) tags[clean(before!.text)] = clean(value.text);
      used.add(before!.index);
      if (value) used.add(value.index);
      continue;
    }
    let at = item.index + 1;
    while (items[at] && (isTarget(analysis, at) || ['with', 'the', 'a', 'an', 'key', 'tag', 'called', 'named', 'it', 'them', 'as', 'and', ',', 'or', 'both'].includes(items[at]!.lower))) {
      if (items[at]!.lower === 'as' && plain(items[at + 1]) && !removing) {
        valueWithoutKey = clean(items[at + 1]!.text);
        used.add(at + 1);
      }
      at++;
    }
    const key = items[at];
    if (!plain(key) || used.has(key!.index) || key!.token.shape === 'tag-pair') continue;
    used.add(key!.index);
    if (removing) {
      removeKeys.push(clean(key!.text));
      continue;
    }
    const value = valueAfter(items, at + 1);
    if (value) {
      tags[clean(key!.text)] = clean(value.text);
      used.add(value.index);
      valueWithoutKey = undefined;
    } else valueWithoutKey ??= clean(key!.text);
  }
  return { tags, removeKeys: [...new Set(removeKeys)], valueWithoutKey: Object.keys(tags).length ? undefined : valueWithoutKey, used };
}

function valueAfter(items: readonly Item[], from: number, analysis?: Analysis): Item | undefined {
  let at = from;
  // "set the env tag on web-1 to prod": skip where the tag goes, then the joining word.
  while (analysis && items[at] && (['on', 'for', 'of', 'the'].includes(items[at]!.lower) || isTarget(analysis, at)) && JOINERS.has(items.slice(at).find((item) => !['on', 'for', 'of', 'the'].includes(item.lower) && !isTarget(analysis, item.index))?.lower ?? '')) at++;
  while (items[at] && JOINERS.has(items[at]!.lower)) at++;
  return plain(items[at]) ? items[at] : undefined;
}

function isTarget(analysis: Analysis, item: number): boolean {
  return analysis.refs.some((ref) => item >= ref.item && item <= ref.lastItem) || analysis.items[item]?.lexeme?.type === 'noun';
}
