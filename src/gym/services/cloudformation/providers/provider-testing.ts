import { SimulatedClock } from '../../../../core/clock.js';
import { World } from '../../../world/world.js';
import { ec2Service } from '../../ec2/provider.js';
import { elbv2Service } from '../../elbv2/provider.js';
import { providerContext, type ProviderContext, type ResourceProperties, type ResourceProvider, type Stabilization } from './provider.js';

/** The stack test resources belong to. */
export const TEST_STACK = { stackName: 'web', stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/web/0a1b2c3d-4e5f-4a5b-9c8d-7e6f5a4b3c2d' };

/**
 * A test double for providers: a world with EC2 and ELBv2 on a frozen clock, where each provider call runs
 * in its own transaction (as the stack engine will run them) and time moves only when told.
 */
export class ProviderTestWorld {
  readonly clock = new SimulatedClock({ speed: 0, start: Date.UTC(2026, 2, 1) });
  readonly world = new World({ services: [ec2Service, elbv2Service], clock: this.clock, accountId: '123456789012', seed: 5 });
  private requests = 0;

  constructor() {
    this.world.ensureRegion('us-east-1', 'setup');
  }

  /** Runs code with a provider context in one transaction, after due timers have fired. */
  run<T>(work: (context: ProviderContext) => T): T {
    this.world.runDueTimers(this.clock.now());
    const context = providerContext(this.world.context('us-east-1', this.clock.now(), `request-${++this.requests}`), TEST_STACK);
    return this.world.transaction(() => work(context));
  }

  /** Calls a gym operation directly, as a client would (`ec2`, `DescribeVpcs`). */
  call<Output = any>(service: string, operation: string, input: object = {}): Output {
    return this.run((context) => context.invoke<Output>(service, operation, input));
  }

  /** Creates a resource and waits (in simulated time) until it is stable; returns its physical id. */
  create(provider: ResourceProvider, logicalId: string, properties: ResourceProperties): string {
    const { physicalId } = this.run((context) => provider.create(context, logicalId, properties));
    this.settle(() => this.run((context) => provider.stabilized?.(context, physicalId, properties) ?? 'done'));
    return physicalId;
  }

  /** Updates a resource in place and waits until it is stable; returns its (possibly new) physical id. */
  update(provider: ResourceProvider, physicalId: string, previous: ResourceProperties, next: ResourceProperties): string {
    const renamed = this.run((context) => provider.update(context, physicalId, previous, next));
    const id = renamed ? renamed.physicalId : physicalId;
    this.settle(() => this.run((context) => provider.stabilized?.(context, id, next) ?? 'done'));
    return id;
  }

  /** Deletes a resource and waits until it is gone. */
  delete(provider: ResourceProvider, physicalId: string, properties: ResourceProperties): void {
    this.run((context) => provider.delete(context, physicalId, properties));
    this.settle(() => this.run((context) => provider.deleteStabilized?.(context, physicalId) ?? 'done'));
  }

  /** Reads a resource back. */
  read(provider: ResourceProvider, physicalId: string): ResourceProperties | undefined {
    return this.run((context) => provider.read(context, physicalId));
  }

  /** A GetAtt value. */
  getAtt(provider: ResourceProvider, physicalId: string, attribute: string): unknown {
    return this.run((context) => provider.getAtt(physicalId, attribute, context));
  }

  /** Moves simulated time forward and fires what came due. */
  advance(seconds: number): void {
    this.clock.advance(seconds * 1000);
    this.world.runDueTimers(this.clock.now());
  }

  private settle(check: () => Stabilization): void {
    for (let second = 0; second < 900; second += 5) {
      const state = check();
      if (state === 'done') return;
      if (state !== 'pending') throw new Error(`stabilization failed: ${state.failed}`);
      this.advance(5);
    }
    throw new Error('resource did not stabilize within 15 simulated minutes');
  }
}
