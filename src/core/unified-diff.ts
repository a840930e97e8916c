/** Lines of context around each change, as `diff -u` prints. */
const CONTEXT = 3;

/**
 * `before` and `after` as a unified diff (`--- a/<name>`, `+++ b/<name>`, `@@` hunks), the form a pull
 * request or `git apply` takes; empty when they are equal. The common head and tail are trimmed before
 * the line-by-line comparison, so a few changes in a long template stay cheap.
 */
export function unifiedDiff(before: string, after: string, name: string): string {
  if (before === after) return '';
  const a = before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const middle = compare(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  const edits: Edit[] = [
    ...a.slice(0, head).map((line): Edit => ({ type: ' ', line })),
    ...middle,
    ...a.slice(a.length - tail).map((line): Edit => ({ type: ' ', line })),
  ];
  return `--- a/${name}\n+++ b/${name}\n${hunks(edits).join('')}`;
}

interface Edit {
  readonly type: ' ' | '-' | '+';
  readonly line: string;
}

/** A longest-common-subsequence edit script of two line lists. */
function compare(a: readonly string[], b: readonly string[]): Edit[] {
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      edits.push({ type: ' ', line: a[i++]! });
      j++;
    } else if (j < b.length && (i === a.length || lengths[i]![j + 1]! > lengths[i + 1]![j]!)) edits.push({ type: '+', line: b[j++]! });
    else edits.push({ type: '-', line: a[i++]! });
  }
  return edits;
}

/** Groups edits into hunks with their `@@ -start,count +start,count @@` headers. */
function hunks(edits: readonly Edit[]): string[] {
  const changed = edits.flatMap((edit, index) => (edit.type === ' ' ? [] : [index]));
  const result: string[] = [];
  let index = 0;
  while (index < changed.length) {
    const start = Math.max(0, changed[index]! - CONTEXT);
    let end = changed[index]!;
    while (index < changed.length && changed[index]! - end <= 2 * CONTEXT) end = changed[index++]!;
    const stop = Math.min(edits.length, end + CONTEXT + 1);
    const before = edits.slice(0, start);
    const oldStart = before.filter((edit) => edit.type !== '+').length + 1;
    const newStart = before.filter((edit) => edit.type !== '-').length + 1;
    const body = edits.slice(start, stop);
    const oldCount = body.filter((edit) => edit.type !== '+').length;
    const newCount = body.filter((edit) => edit.type !== '-').length;
    result.push(`@@ -${oldCount === 0 ? oldStart - 1 : oldStart},${oldCount} +${newCount === 0 ? newStart - 1 : newStart},${newCount} @@\n`, ...body.map((edit) => `${edit.type}${edit.line}\n`));
  }
  return result;
}
