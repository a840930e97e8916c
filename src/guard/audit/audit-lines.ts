import { readSync } from 'node:fs';
import { GENESIS_HASH } from './canonical-json.js';
import type { AuditEntry } from './types.js';

/** Where a writer continues the chain: the last good entry, and whether the file ends on a line boundary. */
export interface ChainTail {
  /** Seq of the last good entry (0 before the first). */
  readonly seq: number;
  /** Its hash (the genesis hash before the first). */
  readonly hash: string;
  /** False after a torn write: the next entry must start on a fresh line. */
  readonly endsWithNewline: boolean;
}

/** The tail of an empty log. */
export const EMPTY_TAIL: ChainTail = { seq: 0, hash: GENESIS_HASH, endsWithNewline: true };

/** Reading backwards starts with this much, and grows until it finds a whole good line. */
const TAIL_CHUNK_BYTES = 64 * 1024;

/** One line as an entry, or undefined when it is not JSON or lacks what an entry must have to be chained from. */
export function parseEntryLine(line: string): AuditEntry | undefined {
  if (line.length === 0 || line.charCodeAt(0) !== 0x7b /* { */) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  return isEntry(value) ? value : undefined;
}

function isEntry(value: unknown): value is AuditEntry {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const entry = value as Record<string, unknown>;
  return Number.isSafeInteger(entry['seq']) && typeof entry['hash'] === 'string' && typeof entry['prev'] === 'string' &&
    typeof entry['time'] === 'string' && typeof entry['type'] === 'string';
}

/**
 * The last good entry of a file of `size` bytes, read backwards from the end so that opening a large
 * log costs one small read. A torn or garbled last line is passed over: the chain continues from the
 * last line that parses as an entry.
 */
export function readTail(descriptor: number, size: number): ChainTail {
  if (size === 0) return EMPTY_TAIL;
  for (let chunk = TAIL_CHUNK_BYTES; ; chunk *= 4) {
    const start = Math.max(0, size - chunk);
    const text = readRange(descriptor, start, size);
    const endsWithNewline = text.endsWith('\n');
    const lines = text.split('\n');
    // The first piece of a chunk that does not start the file may be the end of a longer line.
    const firstWhole = start === 0 ? 0 : 1;
    for (let index = lines.length - 1; index >= firstWhole; index--) {
      const entry = parseEntryLine(lines[index]!);
      if (entry) return { seq: entry.seq, hash: entry.hash, endsWithNewline };
    }
    if (start === 0) return { ...EMPTY_TAIL, endsWithNewline };
  }
}

/**
 * The tail after other writers appended bytes `from`..`to` to a file whose tail was `tail` at `from`.
 * Reads only what they wrote, unless they wrote a lot (then reading backwards from the end is cheaper).
 */
export function advanceTail(descriptor: number, tail: ChainTail, from: number, to: number): ChainTail {
  if (to - from > TAIL_CHUNK_BYTES) return readTail(descriptor, to);
  const text = readRange(descriptor, from, to);
  let seq = tail.seq;
  let hash = tail.hash;
  for (const line of text.split('\n')) {
    const entry = parseEntryLine(line);
    if (entry) {
      seq = entry.seq;
      hash = entry.hash;
    }
  }
  return { seq, hash, endsWithNewline: text.length === 0 ? tail.endsWithNewline : text.endsWith('\n') };
}

/** Bytes `start`..`end` of the file as UTF-8. */
export function readRange(descriptor: number, start: number, end: number): string {
  const buffer = Buffer.allocUnsafe(end - start);
  let filled = 0;
  while (filled < buffer.length) {
    const read = readSync(descriptor, buffer, filled, buffer.length - filled, start + filled);
    if (read === 0) break;
    filled += read;
  }
  return buffer.toString('utf8', 0, filled);
}
