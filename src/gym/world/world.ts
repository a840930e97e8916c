import { SimulatedClock, type SimulatedClockState } from '../../core/clock.js';
import { createIds, type Ids } from '../../core/ids.js';
import { seededRandom, type Random } from '../../core/random.js';
import type { GymService, ServiceContext, TimerHandler } from '../service.js';
import { TimerQueue, type TimerRecord } from './scheduler.js';
import { Table, type ChangeSink, type StoredRecord } from './table.js';

/** One committed transaction: the records it changed (null when deleted). */
export interface Commit {
  readonly changes: [table: string, id: string, record: StoredRecord | null][];
  readonly randomState: number;
  readonly sequence: number;
  readonly simulatedNow: number;
}

/** A whole world as JSON: what snapshots and the state directory hold. */
export interface WorldData {
  readonly format: 'cirro-gym-world/1';
  readonly seed: number;
  readonly randomState: number;
  readonly sequence: number;
  readonly simulatedNow: number;
  readonly tables: Record<string, StoredRecord[]>;
}

interface RegionRecord extends StoredRecord {
  readonly initializedAt: number;
}

/** Options for a world. */
export interface WorldOptions {
  readonly services: readonly GymService[];
  readonly clock: SimulatedClock;
  readonly accountId: string;
  readonly seed: number;
  readonly data?: WorldData;
  /** Told about a timer whose handler threw (the timer is dropped); by default the error is rethrown. */
  readonly onTimerError?: (timer: TimerRecord, error: unknown) => void;
  /** The error an injected fault makes a call between services fail with (one service invoking another), if any. */
  readonly internalFault?: (service: string, operation: string) => Error | undefined;
}

/**
 * The gym's state: every service's tables in every region, a seeded random source, and the timers that
 * drive state machines. Changes happen in transactions; a failed one leaves no trace.
 */
export class World implements ChangeSink {
  readonly clock: SimulatedClock;
  readonly accountId: string;
  readonly seed: number;
  readonly random: Random;
  readonly ids: Ids;
  private readonly services: readonly GymService[];
  private readonly tables = new Map<string, Table<StoredRecord>>();
  private readonly pending = new Map<string, StoredRecord[]>();
  private readonly regions = new Map<string, Map<string, unknown>>();
  private readonly regionTable: Table<RegionRecord>;
  private readonly timerTable: Table<TimerRecord>;
  private readonly timers = new TimerQueue();
  private readonly listeners: ((commit: Commit) => void)[] = [];
  private readonly timerHandlers = new Map<string, TimerHandler>();
  private readonly onTimerError: (timer: TimerRecord, error: unknown) => void;
  private readonly internalFault: ((service: string, operation: string) => Error | undefined) | undefined;
  private source: Random;
  private active: Map<Table<StoredRecord>, Map<string, StoredRecord | undefined>> | undefined;
  private activeRandomState = 0;
  private sequence: number;

  constructor(options: WorldOptions) {
    this.services = options.services;
    for (const service of this.services) {
      for (const [kind, run] of Object.entries(service.timers ?? {})) this.timerHandlers.set(kind, run);
    }
    this.clock = options.clock;
    this.onTimerError = options.onTimerError ?? ((_timer, error) => {
      throw error;
    });
    this.accountId = options.accountId;
    this.internalFault = options.internalFault;
    const data = options.data;
    this.seed = data?.seed ?? options.seed;
    this.source = seededRandom(data?.randomState ?? this.seed);
    // Services hold this stable front; a rollback swaps the generator behind it back to its prior state.
    this.random = {
      next: () => this.source.next(),
      integer: (bound) => this.source.integer(bound),
      state: () => this.source.state(),
    };
    this.ids = createIds(this.random);
    this.sequence = data?.sequence ?? 0;
    for (const [name, records] of Object.entries(data?.tables ?? {})) this.pending.set(name, records);
    this.regionTable = this.table<RegionRecord>('gym/regions');
    // Indexed by what cancel() names, so cancelling does not scan every pending timer.
    this.timerTable = this.table<TimerRecord>('gym/timers').defineIndex('target', (timer) => [timerKey(timer.region, timer.kind, timer.target)]);
    for (const timer of this.timerTable.values()) this.timers.push(timer);
    // Load every region the data mentions so its tables exist before anything reads them.
    for (const region of this.regionTable.values()) this.regionStores(region.id);
  }

  /** Registers a listener for committed transactions (the journal). */
  onCommit(listener: (commit: Commit) => void): void {
    this.listeners.push(listener);
  }

  /** The named table, created on first use and filled from loaded data. */
  table<T extends StoredRecord>(name: string): Table<T> {
    let table = this.tables.get(name);
    if (!table) {
      table = new Table<StoredRecord>(name, this);
      const records = this.pending.get(name);
      if (records) {
        for (const record of records) table.restore(record.id, record);
        this.pending.delete(name);
      }
      this.tables.set(name, table);
    }
    return table as unknown as Table<T>;
  }

  /**
   * Runs `change` as one transaction: on a throw, every record it touched is put back and the random
   * source rewinds, so a failed call (or a DryRun) does not change the ids the next call gets.
   */
  transaction<T>(change: () => T): T {
    if (this.active) return change();
    this.active = new Map();
    this.activeRandomState = this.source.state();
    try {
      const result = change();
      this.commit();
      return result;
    } catch (error) {
      this.rollback();
      throw error;
    } finally {
      this.active = undefined;
    }
  }

  /** ChangeSink: remembers a record's value before its first change in this transaction. */
  touched(table: Table<StoredRecord>, id: string, before: StoredRecord | undefined): void {
    if (!this.active) throw new Error(`change to ${table.name}/${id} outside a transaction`);
    let records = this.active.get(table);
    if (!records) this.active.set(table, (records = new Map()));
    if (!records.has(id)) records.set(id, before);
  }

  /** A context for code running in a region at a simulated time. */
  context(region: string, now: number, requestId: string): ServiceContext {
    const stores = this.regionStores(region);
    const world = this;
    const context: ServiceContext = {
      region,
      accountId: this.accountId,
      now,
      ids: this.ids,
      random: this.random,
      requestId,
      store<S>(service: string): S {
        const store = stores.get(service);
        if (store === undefined) throw new Error(`no service ${service} in the gym`);
        return store as S;
      },
      schedule(delay, kind, target, payload) {
        world.schedule({ at: now + Math.max(0, delay), kind, region, target, payload });
      },
      cancel(kind, target) {
        for (const id of [...world.timerTable.lookup('target', timerKey(region, kind, target))]) world.timerTable.delete(id);
      },
      invoke<Output>(service: string, operation: string, input: object): Output {
        const run = world.services.find((candidate) => candidate.name === service)?.operations[operation];
        if (!run) throw new Error(`no operation ${service}:${operation} in the gym`);
        const fault = world.internalFault?.(service, operation);
        if (fault) throw fault;
        // Inside a request this joins its transaction; alone it is one, as the front door would make it.
        return world.transaction(() => run(context, input as never)) as Output;
      },
    };
    return context;
  }

  /** Makes sure a region exists, building its fresh contents (default VPC, …) the first time. */
  ensureRegion(region: string, requestId: string): void {
    this.regionStores(region);
    if (this.regionTable.has(region)) return;
    this.transaction(() => {
      const context = this.context(region, this.clock.now(), requestId);
      for (const service of this.services) service.initializeRegion?.(context, context.store(service.name));
      this.regionTable.put({ id: region, initializedAt: context.now });
    });
  }

  /** Fires, in order, every timer due at or before `now`, each in its own transaction. */
  runDueTimers(now: number): number {
    let fired = 0;
    for (let timer = this.timers.peek(); timer && timer.at <= now; timer = this.timers.peek()) {
      this.timers.pop();
      if (!this.timerTable.has(timer.id)) continue; // cancelled
      const due = timer;
      try {
        this.transaction(() => {
          this.timerTable.delete(due.id);
          const run = this.timerHandlers.get(due.kind);
          if (!run) throw new Error(`no handler for timer ${due.kind}`);
          run(this.context(due.region, due.at, `timer-${due.id}`), due);
        });
        fired++;
      } catch (error) {
        // A failing transition is dropped, not retried: it must neither fail the unrelated request that
        // happened to trigger it nor stay due forever (and fail again after every restart).
        this.transaction(() => this.timerTable.delete(due.id));
        this.onTimerError(due, error);
      }
    }
    return fired;
  }

  /** Pending timers, for status reports. */
  get pendingTimers(): number {
    return this.timerTable.size;
  }

  /** The whole world as JSON-ready data. */
  serialize(): WorldData {
    const tables: Record<string, StoredRecord[]> = {};
    for (const [name, records] of this.pending) tables[name] = records;
    for (const [name, table] of this.tables) if (table.size > 0) tables[name] = [...table.values()];
    return {
      format: 'cirro-gym-world/1',
      seed: this.seed,
      randomState: this.random.state(),
      sequence: this.sequence,
      simulatedNow: this.clock.now(),
      tables,
    };
  }

  /** Clock settings to persist alongside the data. */
  clockState(): SimulatedClockState {
    return this.clock.snapshot();
  }

  private schedule(timer: Omit<TimerRecord, 'id' | 'sequence'>): void {
    const sequence = ++this.sequence;
    const record: TimerRecord = { ...timer, id: `t${sequence}`, sequence };
    this.timerTable.put(record);
    this.timers.push(record);
  }

  private regionStores(region: string): Map<string, unknown> {
    let stores = this.regions.get(region);
    if (!stores) {
      stores = new Map();
      for (const service of this.services) {
        stores.set(service.name, service.createStore({ table: (name) => this.table(`${region}/${service.name}/${name}`) }));
      }
      this.regions.set(region, stores);
    }
    return stores;
  }

  private commit(): void {
    const active = this.active!;
    if (active.size === 0) return;
    const changes: Commit['changes'] = [];
    for (const [table, records] of active) {
      for (const id of records.keys()) changes.push([table.name, id, table.get(id) ?? null]);
    }
    const commit: Commit = { changes, randomState: this.random.state(), sequence: this.sequence, simulatedNow: this.clock.now() };
    for (const listener of this.listeners) listener(commit);
  }

  private rollback(): void {
    for (const [table, records] of this.active!) {
      for (const [id, before] of records) table.restore(id, before);
    }
    this.source = seededRandom(this.activeRandomState);
    // Timers set in the failed transaction were pushed to the heap; they are skipped when popped
    // because their records are gone. The timer sequence is not rewound, so their ids are never reused.
  }
}

function timerKey(region: string, kind: string, target: string): string {
  return `${region} ${kind} ${target}`;
}
