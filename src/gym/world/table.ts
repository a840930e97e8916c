/** A record the world can store: plain JSON with a unique id. */
export interface StoredRecord {
  readonly id: string;
}

/** Receives every change so the world can journal it and undo it on failure. */
export interface ChangeSink {
  /** Called before the first change to a record in the current transaction, with its prior value. */
  touched(table: Table<StoredRecord>, id: string, before: StoredRecord | undefined): void;
}

type IndexKeys<T> = (record: T) => readonly string[];

/**
 * One kind of resource in one place (`us-east-1/ec2/instances`): records by id, in insertion order,
 * with secondary indexes so that filtered lookups do not scan. All changes go through put/update/delete.
 */
export class Table<T extends StoredRecord> {
  private readonly records = new Map<string, T>();
  private readonly order = new Map<string, number>();
  private counter = 0;
  private readonly indexes = new Map<string, { keys: IndexKeys<T>; entries: Map<string, Set<string>> }>();

  constructor(
    readonly name: string,
    private readonly sink: ChangeSink,
  ) {}

  /** Declares a secondary index; `keys` lists the index keys a record is found under. */
  defineIndex(name: string, keys: IndexKeys<T>): this {
    const entries = new Map<string, Set<string>>();
    this.indexes.set(name, { keys, entries });
    for (const record of this.records.values()) addKeys(entries, keys(record), record.id);
    return this;
  }

  get size(): number {
    return this.records.size;
  }

  get(id: string): T | undefined {
    return this.records.get(id);
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  /** All records in insertion order. */
  values(): IterableIterator<T> {
    return this.records.values();
  }

  /** Ids of the records found under an index key (empty when none). */
  lookup(index: string, key: string): ReadonlySet<string> {
    const found = this.indexes.get(index);
    if (!found) throw new Error(`table ${this.name} has no index ${index}`);
    return found.entries.get(key) ?? EMPTY;
  }

  /** A number that orders records by when they were first stored (for stable, sorted output). */
  orderOf(id: string): number {
    return this.order.get(id) ?? Number.MAX_SAFE_INTEGER;
  }

  /** Records found under an index key. */
  find(index: string, key: string): T[] {
    const out: T[] = [];
    for (const id of this.lookup(index, key)) out.push(this.records.get(id)!);
    return out;
  }

  /** Inserts or replaces a record. */
  put(record: T): T {
    const before = this.records.get(record.id);
    this.sink.touched(this as unknown as Table<StoredRecord>, record.id, before);
    if (before) this.reindex(before, record);
    else {
      this.order.set(record.id, ++this.counter);
      this.index(record);
    }
    this.records.set(record.id, record);
    return record;
  }

  /** Changes a record through a copy, so the prior value stays intact for rollback. */
  update(id: string, change: (draft: T) => void): T {
    const before = this.records.get(id);
    if (!before) throw new Error(`table ${this.name} has no record ${id}`);
    const draft = cloneRecord(before);
    change(draft);
    return this.put(draft);
  }

  /** Removes a record; removing an absent record is a no-op. */
  delete(id: string): void {
    const before = this.records.get(id);
    if (!before) return;
    this.sink.touched(this as unknown as Table<StoredRecord>, id, before);
    this.unindex(before);
    this.records.delete(id);
    this.order.delete(id);
  }

  /** Puts back a prior value without notifying the sink (used to undo and to load). */
  restore(id: string, record: T | undefined): void {
    const current = this.records.get(id);
    if (current) this.unindex(current);
    if (record) {
      if (!current) this.order.set(id, ++this.counter);
      this.records.set(id, record);
      this.index(record);
    } else {
      this.records.delete(id);
      this.order.delete(id);
    }
  }

  /** Drops every record without notifying the sink. */
  clear(): void {
    this.records.clear();
    this.order.clear();
    for (const index of this.indexes.values()) index.entries.clear();
  }

  private index(record: T): void {
    for (const index of this.indexes.values()) addKeys(index.entries, index.keys(record), record.id);
  }

  private unindex(record: T): void {
    for (const index of this.indexes.values()) removeKeys(index.entries, index.keys(record), record.id);
  }

  /**
   * Moves a replaced record between index keys, touching only the indexes whose keys changed: most
   * updates change one attribute, and re-adding an id to a large set (every instance of a VPC) is the
   * costly part.
   */
  private reindex(before: T, after: T): void {
    for (const index of this.indexes.values()) {
      const old = index.keys(before);
      const next = index.keys(after);
      if (sameKeys(old, next)) continue;
      removeKeys(index.entries, old, before.id);
      addKeys(index.entries, next, after.id);
    }
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let position = 0; position < a.length; position++) if (a[position] !== b[position]) return false;
  return true;
}

function removeKeys(entries: Map<string, Set<string>>, keys: readonly string[], id: string): void {
  for (const key of keys) {
    const ids = entries.get(key);
    if (!ids) continue;
    ids.delete(id);
    if (ids.size === 0) entries.delete(key);
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function addKeys(entries: Map<string, Set<string>>, keys: readonly string[], id: string): void {
  for (const key of keys) {
    let ids = entries.get(key);
    if (!ids) entries.set(key, (ids = new Set()));
    ids.add(id);
  }
}

/**
 * Deep-copies a record. Records are plain JSON, which a recursive copy handles about five times faster
 * than structuredClone (it runs on every update, e.g. each instance's pending -> running); anything else
 * (a Date, a Map) still goes through structuredClone.
 */
function cloneRecord<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index++) copy[index] = cloneRecord(value[index]);
    return copy as T;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = cloneRecord((value as Record<string, unknown>)[key]);
  return copy as T;
}
