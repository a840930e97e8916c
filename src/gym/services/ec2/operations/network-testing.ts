import { SimulatedClock } from '../../../../core/clock.js';
import type { OperationHandler, ServiceContext } from '../../../service.js';
import { World } from '../../../world/world.js';
import { ec2Service } from '../provider.js';
import type { InstanceRecord } from '../records/compute.js';
import type { Ec2Store } from '../store.js';

/** A one-region EC2 world for unit tests: call operations by name and read the store, no HTTP. */
export interface NetworkTestWorld {
  readonly world: World;
  readonly region: string;
  /** Runs an operation in a transaction, as the front door does (a thrown AwsError undoes it). */
  call<Output = any>(operation: string, input?: Record<string, unknown>): Output;
  /** Runs code against the store in a transaction (to seed records or read them). */
  run<T>(change: (store: Ec2Store, context: ServiceContext) => T): T;
  /** Stores a minimal instance with only the fields networking reads (compute owns the full record). */
  seedInstance(fields: { subnetId: string; vpcId: string; privateIpAddress: string; state?: InstanceRecord['state']; securityGroupIds?: string[] }): InstanceRecord;
}

/** Builds a fresh world with the default network in us-east-1 and a frozen clock. */
export function networkTestWorld(seed = 7): NetworkTestWorld {
  const region = 'us-east-1';
  const clock = new SimulatedClock({ speed: 0, start: Date.parse('2026-01-01T00:00:00Z') });
  const world = new World({ services: [ec2Service], clock, accountId: '123456789012', seed });
  world.ensureRegion(region, 'test');
  let sequence = 0;
  const context = () => world.context(region, clock.now(), `test-${++sequence}`);
  const run = <T>(change: (store: Ec2Store, context: ServiceContext) => T): T =>
    world.transaction(() => {
      const current = context();
      return change(current.store<Ec2Store>('ec2'), current);
    });
  return {
    world,
    region,
    run,
    call(operation, input = {}) {
      const handler: OperationHandler | undefined = ec2Service.operations[operation];
      if (!handler) throw new Error(`no operation ${operation}`);
      return run((_store, current) => handler(current, input as never)) as never;
    },
    seedInstance(fields) {
      return run((store, current) =>
        store.instances.put({
          id: current.ids.resource('i'),
          tags: {},
          state: fields.state ?? 'running',
          subnetId: fields.subnetId,
          vpcId: fields.vpcId,
          privateIpAddress: fields.privateIpAddress,
          publicIpAddress: undefined,
          networkInterfaceId: current.ids.resource('eni'),
          securityGroupIds: fields.securityGroupIds ?? [],
        } as unknown as InstanceRecord),
      );
    },
  };
}
