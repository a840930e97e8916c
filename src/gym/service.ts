import type { Ids } from '../core/ids.js';
import type { Random } from '../core/random.js';
import type { TimerRecord } from './world/scheduler.js';
import type { StoredRecord, Table } from './world/table.js';

/** What a service's code sees while it handles a request or a timer. */
export interface ServiceContext {
  readonly region: string;
  readonly accountId: string;
  /** Simulated time of the request (or of the timer being fired), in ms since the epoch. */
  readonly now: number;
  readonly ids: Ids;
  readonly random: Random;
  readonly requestId: string;
  /** The region-scoped store of a service (`context.store<Ec2Store>('ec2')`). */
  store<S>(service: string): S;
  /** Fires `kind` for `target` after `delay` simulated ms, in this region. */
  schedule(delay: number, kind: string, target: string, payload?: Record<string, unknown>): void;
  /** Cancels this region's pending timers of a kind for a target. */
  cancel(kind: string, target: string): void;
  /**
   * Runs another gym service's operation in this request's region, time and transaction, with input
   * shaped as the wire codecs hand it to handlers (the SDK's request shape). CloudFormation's resource
   * providers create, change and read resources this way, so they get exactly the API's validation.
   */
  invoke<Output = unknown>(service: string, operation: string, input: object): Output;
}

/** Makes the tables of a store, named within its region and service. */
export interface TableFactory {
  table<T extends StoredRecord>(name: string): Table<T>;
}

/** Handles one operation: validated, typed input in; output (or a thrown AwsError) out. */
export type OperationHandler = (context: ServiceContext, input: never) => unknown;

/** Applies a clock-driven transition. */
export type TimerHandler = (context: ServiceContext, timer: TimerRecord) => void;

/** One AWS service served by the gym: its model, its per-region store, its operations and timers. */
export interface GymService<Store = unknown> {
  /** Short name used in store lookups and the admin API (`ec2`, `elbv2`, `sts`). */
  readonly name: string;
  /** SigV4 signing names that route to this service (`elasticloadbalancing`). */
  readonly signingNames: readonly string[];
  /** The model file stem in the aws-sdk package (`ec2-2016-11-15`). */
  readonly modelStem: string;
  createStore(tables: TableFactory): Store;
  /** Builds what a fresh region has (a default VPC, say). */
  initializeRegion?(context: ServiceContext, store: Store): void;
  readonly operations: Readonly<Record<string, OperationHandler>>;
  readonly timers?: Readonly<Record<string, TimerHandler>>;
}

/** Helper that types a handler against the SDK's request and response types. */
export function handler<Input, Output>(run: (context: ServiceContext, input: Input) => Output): OperationHandler {
  return run as unknown as OperationHandler;
}
