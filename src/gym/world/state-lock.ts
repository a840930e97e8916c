import { linkSync, rmSync, readFileSync, realpathSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CirroError } from '../../core/cirro-error.js';

const LOCK_FILE = 'gym.lock';

/** What a lock file says about its holder. */
interface LockHolder {
  readonly pid: number;
  readonly acquiredAt: string;
}

/**
 * Directories locked by this process. The lock file alone cannot tell "another gym in this process"
 * from "a dead process whose pid we now reuse" (pid 1 in a restarted container), so the process keeps
 * its own list; it is process-wide on purpose, like the files it guards.
 */
const heldHere = new Map<string, LockHolder>();

/**
 * An exclusive claim on a gym state directory. Two gyms writing one journal would each checkpoint
 * over the other's acknowledged writes, so the second one is refused. A lock left by a killed gym is
 * taken over.
 */
export class StateLock {
  private released = false;

  private constructor(
    private readonly key: string,
    private readonly path: string,
  ) {}

  /** Takes the lock on `directory` (which must exist), or throws StateDirectoryInUse naming the holder. */
  static acquire(directory: string): StateLock {
    const key = realpathSync(directory);
    const path = join(directory, LOCK_FILE);
    for (let attempt = 0; attempt < 2; attempt++) {
      const mine = heldHere.get(key);
      if (mine) throw inUse(directory, mine);
      const holder: LockHolder = { pid: process.pid, acquiredAt: new Date().toISOString() };
      // Written whole beside the lock, then linked into place: link fails if the lock exists, and a
      // reader never sees a half-written lock.
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(holder));
      try {
        linkSync(temporary, path);
        heldHere.set(key, holder);
        return new StateLock(key, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        unlinkSync(temporary);
      }
      const found = readHolder(path);
      if (found && found.pid !== process.pid && processAlive(found.pid)) throw inUse(directory, found);
      // The holder is gone (killed, crashed) or the file is unreadable: the lock is stale.
      rmSync(path, { force: true });
    }
    throw inUse(directory, readHolder(path));
  }

  /** Gives the directory up; releasing twice is harmless. */
  release(): void {
    if (this.released) return;
    this.released = true;
    heldHere.delete(this.key);
    const holder = readHolder(this.path);
    if (holder?.pid === process.pid) unlinkSync(this.path);
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof holder.pid === 'number' ? { pid: holder.pid, acquiredAt: String(holder.acquiredAt) } : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(directory: string, holder: LockHolder | undefined): CirroError {
  const who = holder ? `another gym (pid ${holder.pid}, since ${holder.acquiredAt})` : 'another gym';
  return new CirroError(
    'StateDirectoryInUse',
    `the state directory ${directory} is in use by ${who}; stop that gym first, or give this one another state directory`,
  );
}
