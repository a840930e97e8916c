import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulatedClockState } from '../../core/clock.js';
import { CirroError } from '../../core/cirro-error.js';
import { StateLock } from './state-lock.js';
import type { StoredRecord } from './table.js';
import type { Commit, WorldData } from './world.js';

/** What the state directory holds: the world at its last checkpoint plus the journal since. */
export interface PersistedState {
  readonly data: WorldData;
  readonly clock: SimulatedClockState | undefined;
}

const CHECKPOINT = 'world.json';
const JOURNAL = 'journal.jsonl';
const CLOCK = 'clock.json';

/**
 * Durable state for a gym: every committed transaction is appended to a journal before the response
 * goes out, so a killed gym loses nothing it acknowledged; checkpoints are written atomically
 * (temporary file, fsync, rename) and then the journal starts afresh. A journal holds its directory's
 * lock from construction to close(), so no second gym writes the same files.
 */
export class Journal {
  private descriptor: number | undefined;
  private bytes = 0;
  private dirty = false;
  private closed = false;
  private readonly lock: StateLock;

  constructor(
    readonly directory: string,
    private readonly options: { checkpointBytes?: number } = {},
  ) {
    try {
      mkdirSync(directory, { recursive: true });
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'it is a file, not a directory' : (error as Error).message;
      throw new CirroError('StateDirectoryUnusable', `cannot keep the gym's state in ${directory}: ${reason}; choose another state directory`, { cause: error });
    }
    this.lock = StateLock.acquire(directory);
  }

  /** Reads the checkpoint and applies the journal after it; undefined for an empty directory. */
  load(): PersistedState | undefined {
    const checkpointPath = join(this.directory, CHECKPOINT);
    const journalPath = join(this.directory, JOURNAL);
    if (!existsSync(checkpointPath) && !existsSync(journalPath)) return undefined;
    const base = existsSync(checkpointPath) ? readJson<WorldData>(checkpointPath) : undefined;
    const clockPath = join(this.directory, CLOCK);
    const clock = existsSync(clockPath) ? readJson<SimulatedClockState>(clockPath) : undefined;
    const commits = existsSync(journalPath) ? readCommits(journalPath, readFileSync(journalPath, 'utf8')) : [];
    if (!base && commits.length === 0) return undefined;
    return { data: applyCommits(base, commits), clock };
  }

  /** Appends a commit; returns once the bytes are with the operating system. */
  append(commit: Commit): void {
    this.checkOpen();
    this.descriptor ??= openSync(join(this.directory, JOURNAL), 'a');
    const line = `${JSON.stringify(commit)}\n`;
    this.bytes += writeSync(this.descriptor, line);
    this.dirty = true;
  }

  /** True when the journal has grown enough that a checkpoint would shorten the next start. */
  get wantsCheckpoint(): boolean {
    return this.bytes > (this.options.checkpointBytes ?? 16 * 1024 * 1024);
  }

  /** Flushes the journal to disk (called periodically, not per request). */
  sync(): void {
    if (this.descriptor !== undefined && this.dirty) {
      fsyncSync(this.descriptor);
      this.dirty = false;
    }
  }

  /** Writes the whole world atomically and empties the journal. */
  checkpoint(data: WorldData, clock: SimulatedClockState): void {
    this.checkOpen();
    writeAtomically(join(this.directory, CHECKPOINT), JSON.stringify(data));
    this.saveClock(clock);
    if (this.descriptor !== undefined) closeSync(this.descriptor);
    this.descriptor = undefined;
    const journalPath = join(this.directory, JOURNAL);
    if (existsSync(journalPath)) unlinkSync(journalPath);
    this.bytes = 0;
    this.dirty = false;
  }

  /** Persists the clock's settings (speed, frozen) so a restart keeps them. */
  saveClock(clock: SimulatedClockState): void {
    this.checkOpen();
    writeAtomically(join(this.directory, CLOCK), JSON.stringify(clock));
  }

  /** Size of the journal on disk, for status. */
  journalBytes(): number {
    const path = join(this.directory, JOURNAL);
    return existsSync(path) ? statSync(path).size : 0;
  }

  /** Flushes and closes the journal and releases the state directory. */
  close(): void {
    if (this.closed) return;
    this.sync();
    if (this.descriptor !== undefined) closeSync(this.descriptor);
    this.descriptor = undefined;
    this.closed = true;
    this.lock.release();
  }

  /** A closed journal has given up its directory (another gym may hold it now): writing is a bug. */
  private checkOpen(): void {
    if (this.closed) throw new Error(`the journal in ${this.directory} is closed; a stopped gym cannot change its state directory`);
  }
}

/** Writes a file so that readers see either the old or the new content, never a torn one. */
export function writeAtomically(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const descriptor = openSync(temporary, 'w');
  try {
    writeSync(descriptor, content);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temporary, path);
}

/** The state directory holds a file the gym cannot read; the message names it and what to do. */
function corrupt(path: string, problem: string, cause: unknown): CirroError {
  return new CirroError(
    'CorruptState',
    `${path}: ${problem}; the gym will not guess at its contents. Restore it from a backup, or move the state directory aside to start a fresh world`,
    { cause },
  );
}

function readJson<T>(path: string): T {
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw corrupt(path, `not valid JSON (${(error as Error).message})`, error);
  }
}

function readCommits(path: string, text: string): Commit[] {
  const commits: Commit[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (!line) continue;
    try {
      commits.push(JSON.parse(line) as Commit);
    } catch (error) {
      // Only the last line can be torn (a write cut short by a machine crash, never acknowledged).
      if (lines.slice(index + 1).some((rest) => rest.length > 0)) {
        throw corrupt(`${path}:${index + 1}`, `line ${index + 1} is corrupt and is not the last line (a torn write can only be the last)`, error);
      }
    }
  }
  return commits;
}

function applyCommits(base: WorldData | undefined, commits: Commit[]): WorldData {
  const tables = new Map<string, Map<string, StoredRecord>>();
  for (const [name, records] of Object.entries(base?.tables ?? {})) {
    tables.set(name, new Map(records.map((record) => [record.id, record])));
  }
  let randomState = base?.randomState;
  let sequence = base?.sequence ?? 0;
  let simulatedNow = base?.simulatedNow ?? 0;
  for (const commit of commits) {
    for (const [name, id, record] of commit.changes) {
      let table = tables.get(name);
      if (!table) tables.set(name, (table = new Map()));
      if (record) table.set(id, record);
      else table.delete(id);
    }
    randomState = commit.randomState;
    sequence = Math.max(sequence, commit.sequence);
    simulatedNow = Math.max(simulatedNow, commit.simulatedNow);
  }
  const seed = base?.seed ?? 0;
  return {
    format: 'cirro-gym-world/1',
    seed,
    randomState: randomState ?? seed,
    sequence,
    simulatedNow,
    tables: Object.fromEntries([...tables].map(([name, records]) => [name, [...records.values()]])),
  };
}
