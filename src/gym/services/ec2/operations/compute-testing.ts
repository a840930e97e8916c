import { SimulatedClock } from '../../../../core/clock.js';
import type { OperationHandler, ServiceContext } from '../../../service.js';
import { World } from '../../../world/world.js';
import { ec2Service } from '../provider.js';
import type { Ec2Store } from '../store.js';

/** A one-region EC2 world on a frozen clock for compute unit tests: call operations, read the store, move time. */
export interface ComputeTestWorld {
  readonly world: World;
  readonly region: string;
  /** Runs an operation in a transaction, as the front door does (a thrown AwsError undoes it). */
  call<Output = any>(operation: string, input?: Record<string, unknown>): Output;
  /** Runs an operation expected to fail and returns the AWS error code and message. */
  fail(operation: string, input?: Record<string, unknown>): { code: string; message: string };
  /** Runs code against the store in a transaction. */
  run<T>(change: (store: Ec2Store, context: ServiceContext) => T): T;
  /** The store, for reads outside a transaction. */
  readonly store: Ec2Store;
  /** Advances simulated time and fires the timers that fall due. */
  advance(seconds: number): void;
  /** The current simulated time. */
  now(): number;
}

/** Builds a fresh world with the default network in us-east-1 and a frozen clock. */
export function computeTestWorld(seed = 11, start = '2026-03-01T00:00:00Z'): ComputeTestWorld {
  const region = 'us-east-1';
  const clock = new SimulatedClock({ speed: 0, start: Date.parse(start) });
  const world = new World({ services: [ec2Service], clock, accountId: '123456789012', seed });
  world.ensureRegion(region, 'test');
  let sequence = 0;
  const context = () => world.context(region, clock.now(), `test-${++sequence}`);
  const run = <T>(change: (store: Ec2Store, context: ServiceContext) => T): T =>
    world.transaction(() => {
      const current = context();
      return change(current.store<Ec2Store>('ec2'), current);
    });
  const call = (operation: string, input: Record<string, unknown> = {}) => {
    const handler: OperationHandler | undefined = ec2Service.operations[operation];
    if (!handler) throw new Error(`no operation ${operation}`);
    world.runDueTimers(clock.now());
    return run((_store, current) => handler(current, input as never)) as never;
  };
  return {
    world,
    region,
    run,
    call,
    fail(operation, input = {}) {
      try {
        call(operation, input);
      } catch (error) {
        const failure = error as { code?: string; message: string };
        if (!failure.code) throw error;
        return { code: failure.code, message: failure.message };
      }
      throw new Error(`expected ${operation} to fail, but it succeeded`);
    },
    get store() {
      return context().store<Ec2Store>('ec2');
    },
    advance(seconds) {
      clock.advance(seconds * 1000);
      world.runDueTimers(clock.now());
    },
    now: () => clock.now(),
  };
}
