import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { observeLock, processAlive, removeLockIfOwned, removeStaleLock, tryCreateLock, type ObservedLock } from './lock-file.js';

/** Who holds a resource lock: the owner named at acquisition, its process, and since when (ISO-8601). */
export interface LockHolder {
  readonly owner: string;
  readonly pid: number;
  readonly since: string;
}

/** Locks held on a set of resources until released. */
export interface HeldLocks {
  /** Removes the lock files this holder still owns; calling it twice is harmless. */
  release(): void;
  /** Time spent waiting for other holders (0 when every lock was free). */
  readonly waitedMs: number;
  /** The holders waited for, in the order first met. */
  readonly waitedFor: readonly LockHolder[];
}

/** How to acquire resource locks. */
export interface ResourceLockOptions {
  /** Names this holder to those who wait for it: `cirro-ask plan-12`, `gateway:agent-1`. */
  readonly owner: string;
  /** Gives up after this long, releasing what it took. */
  readonly timeoutMs: number;
  /** Called once per holder this acquisition starts waiting for (to tell the user why it pauses). */
  readonly onWait?: (holder: LockHolder) => void;
}

/** Resource locks acquired, or the holder that kept them past the timeout. */
export type ResourceLockResult = { ok: true; value: HeldLocks } | { ok: false; error: string; holder: LockHolder };

/** What a lock file contains: the holder, and a token unique to this acquisition so a holder knows its own. */
interface LockRecord extends LockHolder {
  readonly token: string;
}

/**
 * Lock files this process holds, path → content. Process-wide on purpose, like the files it mirrors:
 * it releases them when the process exits, and tells a live holder in this process from a leftover of a
 * dead process that had the same pid (pid 1 in a restarted container).
 */
const heldHere = new Map<string, string>();
let exitHookInstalled = false;

/** Readable part of a lock file name; the hash suffix keeps ids that sanitize alike apart. */
const READABLE_NAME_LENGTH = 80;
const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 100;
/** A lock file nobody has finished writing for this long was left by a process that died creating it. */
const UNWRITTEN_STALE_MS = 5_000;

/**
 * Takes one lock per resource id in `directory`, in sorted order so two plans that touch the same
 * resources in different orders cannot deadlock. Waits (polling with a growing pause) while another
 * live process holds one; a lock whose holder died is taken over. Locks are not re-entrant: asking again
 * for a resource this process already holds waits for it like any other holder.
 */
export async function acquireResourceLocks(directory: string, resourceIds: readonly string[], options: ResourceLockOptions): Promise<ResourceLockResult> {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  // One spelling per directory, so this process recognizes its own locks however the caller named it.
  const root = realpathSync(directory);
  installExitHook();
  const started = Date.now();
  const ids = [...new Set(resourceIds)].sort();
  const taken: { path: string; content: string }[] = [];
  const waitedFor: LockHolder[] = [];
  const seenTokens = new Set<string>();
  const release = (): void => {
    for (const { path, content } of taken.splice(0).reverse()) {
      heldHere.delete(path);
      removeLockIfOwned(path, content);
    }
  };
  for (const id of ids) {
    const path = join(root, lockFileName(id));
    let pause = FIRST_POLL_MS;
    for (;;) {
      const content = JSON.stringify({ owner: options.owner, pid: process.pid, since: new Date().toISOString(), token: newToken() } satisfies LockRecord);
      if (tryCreateLock(path, content)) {
        heldHere.set(path, content);
        taken.push({ path, content });
        break;
      }
      const found = observeLock(path);
      if (found === undefined) continue;
      const holder = parseRecord(found.content);
      if (isStale(path, found, holder)) {
        // False when another process is breaking the same stale lock: let it finish first.
        if (!removeStaleLock(path, found)) await sleep(FIRST_POLL_MS);
        continue;
      }
      const shown = holder ?? { owner: 'unknown (lock being written)', pid: 0, since: new Date(found.changedMs).toISOString(), token: '' };
      if (holder && !seenTokens.has(holder.token)) {
        seenTokens.add(holder.token);
        waitedFor.push(publicHolder(holder));
        options.onWait?.(publicHolder(holder));
      }
      const remaining = options.timeoutMs - (Date.now() - started);
      if (remaining <= 0) {
        release();
        return { ok: false, error: timeoutMessage(id, shown, options.timeoutMs), holder: publicHolder(shown) };
      }
      await sleep(Math.min(pause, remaining));
      pause = Math.min(pause * 2, MAX_POLL_MS);
    }
  }
  const waitedMs = waitedFor.length > 0 ? Date.now() - started : 0;
  return { ok: true, value: { release, waitedMs, waitedFor } };
}

/** The lock file name for a resource id: readable, safe on any filesystem (ARNs have ':' and '/'), and unique. */
export function lockFileName(resourceId: string): string {
  const readable = resourceId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, READABLE_NAME_LENGTH);
  const digest = createHash('sha256').update(resourceId).digest('hex').slice(0, 16);
  return `${readable}.${digest}.lock`;
}

function isStale(path: string, found: ObservedLock, holder: LockRecord | undefined): boolean {
  if (holder === undefined) return found.ageMs > UNWRITTEN_STALE_MS;
  if (holder.pid === process.pid) return heldHere.get(path) !== found.content;
  return !processAlive(holder.pid);
}

function parseRecord(content: string): LockRecord | undefined {
  try {
    const value = JSON.parse(content) as Partial<LockRecord>;
    if (typeof value.pid !== 'number' || typeof value.token !== 'string') return undefined;
    return { owner: String(value.owner), pid: value.pid, since: String(value.since), token: value.token };
  } catch {
    return undefined;
  }
}

function publicHolder(record: LockHolder): LockHolder {
  return { owner: record.owner, pid: record.pid, since: record.since };
}

function newToken(): string {
  return `${process.pid}-${randomBytes(8).toString('hex')}`;
}

function timeoutMessage(id: string, holder: LockHolder, timeoutMs: number): string {
  return `${id} is locked by ${holder.owner} (pid ${holder.pid}, since ${holder.since}); gave up after ${timeoutMs} ms. ` +
    'Try again when that run finishes; if that process is stuck, stop it and its lock is taken over.';
}

/** Best effort: an orderly exit frees this process's locks; a killed process's locks are taken over as stale. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [path, content] of heldHere) removeLockIfOwned(path, content);
    heldHere.clear();
  });
}
