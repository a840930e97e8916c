import { AwsError } from '../../../../aws/aws-error.js';
import type { ServiceContext } from '../../../service.js';
import type { World } from '../../../world/world.js';
import type { InstanceRecord } from '../records/compute.js';
import type { Ec2Store } from '../store.js';
import { computeTestWorld } from './compute-testing.js';

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
  const { world, region, call, run } = computeTestWorld(seed, '2026-01-01T00:00:00Z');
  return {
    world,
    region,
    run,
    call,
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

/** The AWS error code a call throws; fails the test when it throws nothing or something else. */
export function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (AwsError.isAws(error)) return error.code;
    throw error;
  }
  throw new Error('expected an AwsError');
}
