import { randomBytes } from 'node:crypto';
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CirroError } from '../../core/cirro-error.js';
import { observeLock, processAlive, removeLockIfOwned, removeStaleLock, tryCreateLock, tryLinkLock, type ObservedLock } from '../locks/lock-file.js';

/** An append holds the lock for microseconds; a lock held this long belongs to a process that hung or died. */
export const DEFAULT_STALE_LOCK_MS = 5_000;
/** Past this, something is badly wrong (a lock that cannot be removed): fail loudly rather than hang the gateway. */
const GIVE_UP_MS = 15_000;
/** Retries before the first sleep: a holder needs tens of microseconds, and the shortest sleep lasts about as long. */
const SPINS = 3;
const FIRST_PAUSE_MS = 0.05;
const MAX_PAUSE_MS = 2;

/** Proof of holding the lock, for release(). */
export interface HeldAppendLock {
  readonly takenAt: number;
}

/**
 * Serializes appends to one log across processes with a lock file holding `<pid> <nonce>`. The lock is
 * taken by hard-linking a holder file this process wrote once (`<lock>.holder-<pid>-<nonce>`), which is
 * exclusive like an O_EXCL create and cheaper (see tryLinkLock); where the filesystem has no hard links
 * it falls back to O_EXCL. Synchronous, because AuditLog.append is: waiting sleeps the thread with
 * Atomics.wait, fine for the microseconds to milliseconds another process needs for one append.
 */
export class AppendLock {
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));
  private readonly content = `${process.pid} ${randomBytes(6).toString('hex')}`;
  private readonly holderPath: string;
  private holderWritten = false;
  private linksWork = true;

  constructor(
    private readonly path: string,
    private readonly staleMs: number = DEFAULT_STALE_LOCK_MS,
  ) {
    this.holderPath = `${path}.holder-${this.content.replace(' ', '-')}`;
  }

  /** Takes the lock, waiting for another process's append to finish, and taking over a stale lock. */
  acquire(): HeldAppendLock {
    const started = Date.now();
    let pause = FIRST_PAUSE_MS;
    for (let attempt = 1; ; attempt++) {
      if (this.tryTake()) return { takenAt: Date.now() };
      const found = observeLock(this.path);
      if (found === undefined) continue;
      if (this.isStale(found) && removeStaleLock(this.path, found)) continue;
      if (Date.now() - started > GIVE_UP_MS) {
        throw new CirroError('AuditLogLocked', `the audit log lock ${this.path} has been held by pid ${holderPid(found) ?? 'unknown'} for ${Math.round(found.ageMs)} ms and could not be taken over; remove that file if no Cirro process is running`);
      }
      if (attempt <= SPINS) continue;
      Atomics.wait(this.sleeper, 0, 0, pause);
      pause = Math.min(pause * 2, MAX_PAUSE_MS);
    }
  }

  /** Releases the lock. Only a hold longer than the stale age can have been taken over, so only then is ownership re-read. */
  release(held: HeldAppendLock): void {
    if (Date.now() - held.takenAt >= this.staleMs) {
      removeLockIfOwned(this.path, this.content);
      return;
    }
    unlinkIfPresent(this.path);
  }

  /** Removes this process's holder file (the lock itself is never held between appends). */
  close(): void {
    if (this.holderWritten) unlinkIfPresent(this.holderPath);
    this.holderWritten = false;
  }

  private tryTake(): boolean {
    if (!this.linksWork) return tryCreateLock(this.path, this.content);
    if (!this.holderWritten) this.writeHolder();
    try {
      return tryLinkLock(this.holderPath, this.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') this.holderWritten = false; // someone cleaned it up: write it again
      else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EMLINK') this.linksWork = false;
      else throw error;
      return false;
    }
  }

  private writeHolder(): void {
    removeDeadHolders(this.path);
    writeFileSync(this.holderPath, this.content, { mode: 0o600 });
    this.holderWritten = true;
  }

  /**
   * Stale: the lock is too old, its holder is dead, or it names this very process (appends are
   * synchronous, so no handle in this process holds the lock while another tries: it is a leftover of
   * an earlier process with the same pid, pid 1 in a restarted container).
   */
  private isStale(found: ObservedLock): boolean {
    if (found.ageMs > this.staleMs) return true;
    const pid = holderPid(found);
    if (pid === undefined) return false;
    return pid === process.pid || !processAlive(pid);
  }
}

function holderPid(found: ObservedLock): number | undefined {
  const pid = Number.parseInt(found.content, 10);
  return Number.isInteger(pid) ? pid : undefined;
}

/** Holder files of processes that died (killed, crashed) would pile up in the log's directory: remove them. */
function removeDeadHolders(lockPath: string): void {
  const prefix = `${basename(lockPath)}.holder-`;
  for (const name of readdirSync(dirname(lockPath))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) unlinkIfPresent(join(dirname(lockPath), name));
  }
}

function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
