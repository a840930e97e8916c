import { closeSync, fstatSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

/**
 * The one lock-file primitive that the audit log and the resource locks share: a file created with
 * O_EXCL holds the lock, its content names the holder, and removing it releases the lock.
 */

/** A lock file as found on disk by someone who could not take it. */
export interface ObservedLock {
  /** The raw content (may be empty: the holder is between creating and writing it). */
  readonly content: string;
  readonly inode: number;
  /** ctime: a link or a write changes it, so it tells when the lock was taken (mtime would not, for a linked lock). */
  readonly changedMs: number;
  /** How long ago the lock was taken, by the wall clock. */
  readonly ageMs: number;
}

/** Creates `path` with O_EXCL and writes `content` into it; false when the file exists (someone holds the lock). */
export function tryCreateLock(path: string, content: string): boolean {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(descriptor, content);
  } catch (error) {
    // A lock that names nobody would stall others until it ages out: take it back before reporting.
    closeSync(descriptor);
    unlinkSync(path);
    throw error;
  }
  closeSync(descriptor);
  return true;
}

/**
 * Takes the lock at `path` by hard-linking `holderPath`, a file that already holds the holder's content,
 * to it. link(2) fails with EEXIST exactly as an O_EXCL create does, but creates and writes nothing per
 * acquisition, which makes it several times cheaper on a journaling filesystem: the audit log takes its
 * lock once per API call. Throws ENOENT when the holder file is gone, and EPERM-like errors where the
 * filesystem has no hard links (the caller falls back to tryCreateLock).
 */
export function tryLinkLock(holderPath: string, path: string): boolean {
  try {
    linkSync(holderPath, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The lock file at `path`, or undefined when nobody holds it (any more). */
export function observeLock(path: string, now: number = Date.now()): ObservedLock | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    // Read through one descriptor so content, inode and time describe the same file.
    const stat = fstatSync(descriptor);
    const content = readFileSync(descriptor, 'utf8');
    return { content, inode: stat.ino, changedMs: stat.ctimeMs, ageMs: now - stat.ctimeMs };
  } finally {
    closeSync(descriptor);
  }
}

/** True when a process with this pid exists (EPERM: it exists but belongs to another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** How long a breaker may hold `<lock>.break` before others assume it died inside that tiny window. */
const BREAKER_STALE_MS = 2_000;

/**
 * Removes a stale lock, but only if the file at `path` is still the very lock that was judged stale.
 * Two processes can judge the same lock stale at once; without a guard the slower one would delete the
 * fresh lock the faster one created after removing the stale one, and both would hold it. So removal
 * happens under a second O_EXCL file, `<path>.break`, after re-checking inode, time and content.
 * Returns true when the stale lock is gone (removed here, or by someone else), false when it was not
 * safe to act now (another process is breaking it); either way the caller retries its own O_EXCL create.
 */
export function removeStaleLock(path: string, stale: ObservedLock): boolean {
  const breaker = `${path}.break`;
  if (!tryCreateLock(breaker, String(process.pid))) {
    const other = observeLock(breaker);
    // A breaker holds its guard for microseconds; one this old died holding it.
    if (other && other.ageMs > BREAKER_STALE_MS) unlinkQuietly(breaker);
    return false;
  }
  try {
    const now = observeLock(path);
    if (now === undefined) return true;
    if (now.inode !== stale.inode || now.changedMs !== stale.changedMs || now.content !== stale.content) return true;
    unlinkQuietly(path);
    return true;
  } finally {
    unlinkQuietly(breaker);
  }
}

/** Removes the lock at `path` only if it still holds `content` (a holder never removes a lock it lost). */
export function removeLockIfOwned(path: string, content: string): boolean {
  const found = observeLock(path);
  if (found === undefined || found.content !== content) return false;
  unlinkQuietly(path);
  return true;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
