import { entryHash, GENESIS_HASH } from './canonical-json.js';
import { parseEntryLine } from './audit-lines.js';
import type { AuditEntry, AuditVerification } from './types.js';

/**
 * verify()'s answer, plus the lines a crash cut short that the chain continued across: the entry after
 * them chains from the entry before them, so nothing was lost or altered, but a reader may want to know.
 */
export type AuditFileVerification = AuditVerification & { readonly tornLines: readonly number[] };

/**
 * Recomputes the hash chain of a log's text and reports the first entry where it breaks: an edited entry
 * (its hash no longer matches), a deleted one (a gap in seq), reordered ones (seq out of order), an entry
 * whose predecessor was rewritten (prev does not match), or a line that is not an entry. A garbled last
 * line is reported (a crash mid-write, or an edit); garbled lines that the next entry chains across are
 * the torn writes a later append recovered from, listed in tornLines. Deleting entries at the very end
 * leaves a shorter valid chain: no hash chain alone can see that, only a copy of the last hash kept elsewhere.
 */
export function verifyAuditText(text: string): AuditFileVerification {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const tornLines: number[] = [];
  let expectedSeq = 1;
  let previousHash = GENESIS_HASH;
  let entries = 0;
  const broken = (reason: string): AuditFileVerification => ({ ok: false, entries, brokenAt: expectedSeq, reason, tornLines });
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const entry = parseEntryLine(lines[index]!);
    if (entry === undefined) {
      const nextGood = nextEntryIndex(lines, index + 1);
      if (nextGood === undefined) {
        return broken(`line ${lineNumber} ${describeBadLine(lines[index]!)}: a write cut short by a crash, or an edit; ` +
          `the next append continues the chain after ${entries === 0 ? 'nothing (as the first entry)' : `entry ${entries}`}`);
      }
      const next = parseEntryLine(lines[nextGood]!)!;
      if (next.seq === expectedSeq && next.prev === previousHash) {
        for (let torn = index; torn < nextGood; torn++) tornLines.push(torn + 1);
        index = nextGood - 1;
        continue;
      }
      return broken(`line ${lineNumber} ${describeBadLine(lines[index]!)} (edited or corrupted)`);
    }
    const problem = chainProblem(entry, lineNumber, expectedSeq, previousHash, lines, index);
    if (problem) return broken(problem);
    previousHash = entry.hash;
    expectedSeq += 1;
    entries += 1;
  }
  return { ok: true, entries, tornLines };
}

/** Why an entry that parses does not continue the chain, or undefined when it does. */
function chainProblem(entry: AuditEntry, lineNumber: number, expectedSeq: number, previousHash: string, lines: readonly string[], index: number): string | undefined {
  if (entryHash(entry) !== entry.hash) {
    return `entry ${expectedSeq} (line ${lineNumber}) was edited: its content no longer matches its hash`;
  }
  if (entry.seq < expectedSeq) {
    return `entry ${entry.seq} (line ${lineNumber}) is repeated or out of order: it comes after entry ${expectedSeq - 1}`;
  }
  if (entry.seq > expectedSeq) {
    const laterLine = lineOfSeq(lines, index + 1, expectedSeq);
    if (laterLine !== undefined) {
      return `entries are out of order: entry ${entry.seq} (line ${lineNumber}) comes before entry ${expectedSeq} (line ${laterLine})`;
    }
    const missing = entry.seq - 1 === expectedSeq ? `entry ${expectedSeq} was` : `entries ${expectedSeq} to ${entry.seq - 1} were`;
    return `${missing} deleted: entry ${entry.seq} (line ${lineNumber}) follows ${expectedSeq === 1 ? 'nothing' : `entry ${expectedSeq - 1}`}`;
  }
  if (entry.prev !== previousHash) {
    return expectedSeq === 1
      ? `entry 1 (line ${lineNumber}) does not start a chain: its prev is not ${GENESIS_HASH.slice(0, 8)}…`
      : `entry ${expectedSeq} (line ${lineNumber}) does not chain from entry ${expectedSeq - 1}: entry ${expectedSeq - 1} was rewritten with a recomputed hash, or replaced`;
  }
  return undefined;
}

function describeBadLine(line: string): string {
  if (line.trim() === '') return 'is empty';
  try {
    JSON.parse(line);
    return 'is JSON but not an audit entry (no seq, time, type, prev or hash)';
  } catch {
    return 'is not valid JSON';
  }
}

function nextEntryIndex(lines: readonly string[], from: number): number | undefined {
  for (let index = from; index < lines.length; index++) if (parseEntryLine(lines[index]!)) return index;
  return undefined;
}

function lineOfSeq(lines: readonly string[], from: number, seq: number): number | undefined {
  for (let index = from; index < lines.length; index++) if (parseEntryLine(lines[index]!)?.seq === seq) return index + 1;
  return undefined;
}
