import { SimulatedClock } from '../../../core/clock.js';
import type { ServiceContext } from '../../service.js';
import { World } from '../../world/world.js';
import type { InstanceRecord } from '../ec2/records/compute.js';
import { ec2Service } from '../ec2/provider.js';
import type { Ec2Store } from '../ec2/store.js';
import { elbv2Service } from './provider.js';
import type { Elbv2Store } from './store.js';

/** The region unit tests run in. */
export const TEST_REGION = 'us-east-1';

/**
 * A test double for ELBv2's unit tests: a world with EC2 and ELBv2 on a frozen simulated clock, where
 * operations run as the front door runs them (due timers first, then one transaction per call) and
 * instances can be put straight into EC2's store before RunInstances is at hand.
 */
export class Elbv2TestWorld {
  readonly clock = new SimulatedClock({ speed: 0, start: Date.UTC(2026, 0, 1) });
  readonly world = new World({ services: [ec2Service, elbv2Service], clock: this.clock, accountId: '123456789012', seed: 7 });
  private requests = 0;

  constructor() {
    this.world.ensureRegion(TEST_REGION, 'setup');
  }

  /** A context at the current simulated time, after due timers have fired. */
  context(): ServiceContext {
    this.world.runDueTimers(this.clock.now());
    return this.world.context(TEST_REGION, this.clock.now(), `request-${++this.requests}`);
  }

  /** Calls an ELBv2 operation in its own transaction; AWS errors are thrown. */
  call<Output = any>(operation: string, input: Record<string, unknown> = {}): Output {
    const run = elbv2Service.operations[operation];
    if (!run) throw new Error(`ELBv2 has no operation ${operation}`);
    const context = this.context();
    return this.world.transaction(() => run(context, input as never)) as Output;
  }

  /** Moves simulated time forward and fires what came due. */
  advance(seconds: number): void {
    this.clock.advance(seconds * 1000);
    this.world.runDueTimers(this.clock.now());
  }

  /** Changes stores directly inside a transaction (for setting up EC2 state). */
  change<T>(run: (stores: { ec2: Ec2Store; elbv2: Elbv2Store; context: ServiceContext }) => T): T {
    const context = this.context();
    return this.world.transaction(() => run({ ec2: context.store<Ec2Store>('ec2'), elbv2: context.store<Elbv2Store>('elbv2'), context }));
  }

  /** EC2's store, for reading. */
  get ec2(): Ec2Store {
    return this.context().store<Ec2Store>('ec2');
  }

  /** The default VPC and its default subnets, in zone order. */
  defaultNetwork(): { vpcId: string; subnets: { id: string; zone: string }[] } {
    const vpc = [...this.ec2.vpcs.values()].find((candidate) => candidate.isDefault)!;
    const subnets = this.ec2.subnets.find('vpc-id', vpc.id).map((subnet) => ({ id: subnet.id, zone: subnet.availabilityZone }))
      .sort((a, b) => a.zone.localeCompare(b.zone));
    return { vpcId: vpc.id, subnets };
  }

  /** Puts a running instance into EC2's store, as RunInstances would leave it. */
  putInstance(subnetId: string, overrides: Partial<InstanceRecord> = {}): InstanceRecord {
    return this.change(({ ec2, context }) => {
      const subnet = ec2.subnets.get(subnetId)!;
      const vpc = ec2.vpcs.get(subnet.vpcId)!;
      const instance = runningInstance(context, subnet.vpcId, subnet.id, subnet.availabilityZone);
      // As RunInstances does when no group is named: the VPC's default security group.
      return ec2.instances.put({ ...instance, securityGroupIds: [vpc.defaultSecurityGroupId], ...overrides });
    });
  }

  /** Changes an instance's state (as Stop/Start/TerminateInstances would). */
  setInstanceState(id: string, state: InstanceRecord['state']): void {
    this.change(({ ec2, context }) => ec2.instances.update(id, (draft) => {
      draft.state = state;
      (draft as { runningSince?: number }).runningSince = state === 'running' ? context.now : undefined;
      if (state === 'terminated') draft.terminatedAt = context.now;
    }));
  }
}

/**
 * A running instance with the fields ELBv2 reads. EC2's record grows as EC2 does; the cast keeps
 * tests about ELBv2 from breaking on fields ELBv2 never looks at.
 */
export function runningInstance(context: ServiceContext, vpcId: string, subnetId: string, zone: string): InstanceRecord {
  const instance = {
    id: context.ids.resource('i'),
    reservationId: context.ids.resource('r'),
    imageId: 'ami-0abcdef1234567890',
    instanceType: 't3.micro',
    state: 'running',
    stateTransitionReason: '',
    stateReason: undefined,
    launchTime: context.now,
    runningSince: context.now,
    availabilityZone: zone,
    subnetId,
    vpcId,
    privateIpAddress: '172.31.0.10',
    securityGroupIds: [],
    terminatedAt: undefined,
    tags: {},
  };
  return instance as unknown as InstanceRecord;
}
