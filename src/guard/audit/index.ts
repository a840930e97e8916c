import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, fstatSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppendLock, DEFAULT_STALE_LOCK_MS } from './append-lock.js';
import { advanceTail, parseEntryLine, readTail, type ChainTail } from './audit-lines.js';
import { entryHash } from './canonical-json.js';
import type { AuditEntry, AuditEvent, AuditFilter, AuditLog } from './types.js';
import { verifyAuditText, type AuditFileVerification } from './verify-chain.js';

export type { AuditFileVerification } from './verify-chain.js';

/** The log's file name inside its directory. */
export const AUDIT_FILE_NAME = 'audit.jsonl';

/** How to open an audit log. */
export interface AuditLogOptions {
  /** Where entry times come from (tests pin it). */
  readonly now?: () => Date;
  /** A lock held longer than this is taken over (default 5 s; an append holds it for microseconds). */
  readonly lockStaleMs?: number;
}

/** The audit log of a directory: the AuditLog contract, plus what the CLI and tests need. */
export interface AuditLogFile extends AuditLog {
  /** The JSON-lines file. */
  readonly path: string;
  verify(): AuditFileVerification;
  /** Closes the open file and removes this handle's lock holder file; the next append reopens both. */
  close(): void;
}

/**
 * The append-only, hash-chained audit log in `directory` (`audit.jsonl`, mode 0600, in a 0700 directory
 * created on the first append). Any number of processes may append at once: appends are serialized by a
 * lock file and each chains from the last entry on disk, whoever wrote it.
 *
 * Durability: an entry has been handed to the kernel with write(2) when append returns, so it survives
 * the process crashing, but not the machine losing power before the kernel flushes it (no fsync per
 * entry: it would cost milliseconds on every API call the gateway serves). A write cut short leaves a
 * torn last line; the next append starts on a fresh line and chains from the last whole entry.
 */
export function openAuditLog(directory: string, options: AuditLogOptions = {}): AuditLogFile {
  return new AppendOnlyLog(directory, options.now ?? (() => new Date()), options.lockStaleMs ?? DEFAULT_STALE_LOCK_MS);
}

class AppendOnlyLog implements AuditLogFile {
  readonly path: string;
  private readonly lock: AppendLock;
  private descriptor: number | undefined;
  private inode = -1;
  /** The file's size when this process last looked; another writer changed it when it differs. */
  private size = -1;
  private tail: ChainTail | undefined;

  constructor(
    private readonly directory: string,
    private readonly now: () => Date,
    lockStaleMs: number,
  ) {
    this.path = join(directory, AUDIT_FILE_NAME);
    this.lock = new AppendLock(join(directory, 'audit.lock'), lockStaleMs);
  }

  append(event: AuditEvent): AuditEntry {
    return this.appendMany([event])[0]!;
  }

  /** One lock, one catch-up and one write for all of them: what makes an audited gateway cheap per call. */
  appendMany(events: readonly AuditEvent[]): AuditEntry[] {
    if (events.length === 0) return [];
    if (this.descriptor === undefined) mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    const held = this.lock.acquire();
    try {
      const tail = this.catchUp();
      const time = this.now().toISOString();
      const entries: AuditEntry[] = [];
      let previous = tail;
      for (const event of events) {
        const unsigned = {
          seq: previous.seq + 1,
          time,
          type: event.type,
          actor: event.actor,
          ...(event.planId !== undefined ? { planId: event.planId } : {}),
          ...(event.resources !== undefined ? { resources: [...event.resources] } : {}),
          data: event.data,
          prev: previous.hash,
        };
        const entry: AuditEntry = { ...unsigned, hash: entryHash(unsigned) };
        entries.push(entry);
        previous = { seq: entry.seq, hash: entry.hash, endsWithNewline: true };
      }
      const bytes = Buffer.from(`${tail.endsWithNewline ? '' : '\n'}${entries.map((entry) => JSON.stringify(entry)).join('\n')}\n`);
      this.writeAll(bytes);
      this.size += bytes.length;
      this.tail = previous;
      return entries;
    } finally {
      this.lock.release(held);
    }
  }

  read(filter: AuditFilter = {}): AuditEntry[] {
    if (!existsSync(this.path)) return [];
    const entries: AuditEntry[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      const entry = parseEntryLine(line);
      if (entry && matches(entry, filter)) entries.push(entry);
    }
    return entries;
  }

  verify(): AuditFileVerification {
    if (!existsSync(this.path)) return { ok: true, entries: 0, tornLines: [] };
    return verifyAuditText(readFileSync(this.path, 'utf8'));
  }

  close(): void {
    this.closeFile();
    this.lock.close();
  }

  private closeFile(): void {
    if (this.descriptor !== undefined) closeSync(this.descriptor);
    this.descriptor = undefined;
    this.tail = undefined;
  }

  /**
   * Brings this process's view of the chain up to the file on disk (under the lock): reopens the file
   * if it was replaced or removed, and reads what other processes appended since this one last wrote.
   */
  private catchUp(): ChainTail {
    let onDisk: { ino: number; size: number } | undefined;
    try {
      onDisk = statSync(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (this.descriptor === undefined || this.tail === undefined || onDisk === undefined || onDisk.ino !== this.inode) {
      this.closeFile();
      this.descriptor = openSync(this.path, 'a+', 0o600);
      const opened = fstatSync(this.descriptor);
      this.inode = opened.ino;
      this.size = opened.size;
      this.tail = readTail(this.descriptor, this.size);
    } else if (onDisk.size !== this.size) {
      this.tail = onDisk.size > this.size ? advanceTail(this.descriptor, this.tail, this.size, onDisk.size) : readTail(this.descriptor, onDisk.size);
      this.size = onDisk.size;
    }
    return this.tail;
  }

  private writeAll(bytes: Buffer): void {
    let written = 0;
    try {
      // O_APPEND: every write lands at the end; a short write (disk full) continues where it stopped.
      while (written < bytes.length) written += writeSync(this.descriptor!, bytes, written, bytes.length - written);
    } catch (error) {
      // What reached the file is unknown now: re-read the tail before the next append.
      this.closeFile();
      throw error;
    }
  }
}

/** Whether an entry passes `cirro audit`'s filter; a resource matches by id or as the last part of an ARN. */
export function matches(entry: AuditEntry, filter: AuditFilter): boolean {
  if (filter.since && !(Date.parse(entry.time) >= filter.since.getTime())) return false;
  if (filter.planId !== undefined && entry.planId !== filter.planId) return false;
  if (filter.resource !== undefined) {
    const wanted = filter.resource;
    const touched = entry.resources ?? [];
    if (!touched.some((resource) => resource === wanted || resource.endsWith(`/${wanted}`) || resource.endsWith(`:${wanted}`))) return false;
  }
  return true;
}
