import type {
  DeregisterTargetsInput, DeregisterTargetsOutput, DescribeTargetHealthInput, DescribeTargetHealthOutput, RegisterTargetsInput,
  RegisterTargetsOutput, TargetDescription, TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { handler, type ServiceContext, type TimerHandler } from '../../../service.js';
import type { Ec2Store } from '../../ec2/store.js';
import { elbv2Errors } from '../errors.js';
import { deregisteredByTermination, notRegisteredHealth, targetHealth } from '../health.js';
import { ec2Store, elbv2Store, requireTargetGroup } from '../lookups.js';
import { healthChecksReach } from '../reachability.js';
import { targetKey, type LoadBalancerRecord, type TargetGroupRecord, type TargetRecord } from '../records.js';
import type { Elbv2Store } from '../store.js';
import { checkTargets } from '../target-validation.js';

/** The timer that ends a deregistered target's draining. */
export const DRAINED = 'elbv2.target-drained';

/** AWS's quota of targets per target group (Application Load Balancers: 1000 per load balancer). */
export const TARGET_LIMIT = 1000;

/** The port a target description means: its own, or the group's. */
function portOf(group: TargetGroupRecord, target: TargetDescription): number | undefined {
  return group.targetType === 'lambda' ? undefined : (target.Port ?? group.port);
}

/** The load balancers that forward to a group and still exist. */
function balancersOf(store: Elbv2Store, group: TargetGroupRecord): LoadBalancerRecord[] {
  return Object.keys(group.usage).map((arn) => store.loadBalancers.get(arn)).filter((balancer): balancer is LoadBalancerRecord => !!balancer);
}

/** One registration's health, with what DescribeTargetHealth shows next to it; undefined once its instance is gone. */
function describe(context: ServiceContext, ec2: Ec2Store, group: TargetGroupRecord, balancers: LoadBalancerRecord[], target: TargetRecord): TargetHealthDescription | undefined {
  const instance = group.targetType === 'instance' ? ec2.instances.get(target.targetId) : undefined;
  if (group.targetType === 'instance' && !instance) return undefined;
  if (deregisteredByTermination(instance, group, balancers.length > 0, context.now)) return undefined;
  const zone = instance?.availabilityZone ?? target.availabilityZone;
  const port = group.healthCheck.port === 'traffic-port' ? (target.port === undefined ? undefined : String(target.port)) : group.healthCheck.port;
  const reachable = !instance || port === undefined || healthChecksReach(ec2, balancers, instance, Number(port));
  const health = targetHealth({ target, group, balancers, instance, zone, reachable, now: context.now });
  return {
    Target: { Id: target.targetId, Port: target.port, AvailabilityZone: group.targetType === 'ip' ? target.availabilityZone : undefined },
    HealthCheckPort: port,
    TargetHealth: health,
  };
}

/** Drops registrations of instances that termination has deregistered (or that EC2 no longer knows). */
function forgetGoneInstances(context: ServiceContext, ec2: Ec2Store, store: Elbv2Store, group: TargetGroupRecord): void {
  if (group.targetType !== 'instance') return;
  const inUse = Object.keys(group.usage).length > 0;
  for (const target of store.targets.find('target-group', group.id)) {
    const instance = ec2.instances.get(target.targetId);
    if (!instance || deregisteredByTermination(instance, group, inUse, context.now)) store.targets.delete(target.id);
  }
}

/** RegisterTargets, DeregisterTargets and DescribeTargetHealth. */
export const targetOperations = {
  RegisterTargets: handler<RegisterTargetsInput, RegisterTargetsOutput>((context, input) => {
    const store = elbv2Store(context);
    const group = requireTargetGroup(store, input.TargetGroupArn!);
    const ec2 = ec2Store(context);
    const zones = checkTargets(store, ec2, group, input.Targets ?? []);
    forgetGoneInstances(context, ec2, store, group);
    (input.Targets ?? []).forEach((target, index) => {
      const port = portOf(group, target);
      const id = targetKey(group.id, target.Id!, port);
      const existing = store.targets.get(id);
      if (existing && existing.drainingUntil === undefined) return; // registering again changes nothing
      if (existing) {
        // Its drain timer still fires, finds the target registered again, and leaves it be.
        store.targets.update(id, (draft) => {
          draft.drainingUntil = undefined;
          draft.registeredAt = context.now;
        });
        return;
      }
      store.targets.put({ id, targetGroupArn: group.id, targetId: target.Id!, port, availabilityZone: zones[index], registeredAt: context.now, drainingUntil: undefined });
    });
    const registered = store.targets.lookup('target-group', group.id).size;
    if (registered > TARGET_LIMIT) throw elbv2Errors.tooManyTargets(group.id, TARGET_LIMIT);
    return {};
  }),

  DeregisterTargets: handler<DeregisterTargetsInput, DeregisterTargetsOutput>((context, input) => {
    const store = elbv2Store(context);
    const ec2 = ec2Store(context);
    const group = requireTargetGroup(store, input.TargetGroupArn!);
    const balancers = balancersOf(store, group);
    const delay = Number(group.attributes['deregistration_delay.timeout_seconds'] ?? '0') * 1000;
    for (const target of input.Targets ?? []) {
      const id = targetKey(group.id, target.Id!, portOf(group, target));
      const registered = store.targets.get(id);
      // AWS: deregistering a target that is not registered succeeds.
      if (!registered || registered.drainingUntil !== undefined) continue;
      const state = describe(context, ec2, group, balancers, registered)?.TargetHealth?.State;
      if (delay === 0 || state === undefined || state === 'unused' || state === 'unavailable') {
        store.targets.delete(id);
        continue;
      }
      store.targets.update(id, (draft) => {
        draft.drainingUntil = context.now + delay;
      });
      context.schedule(delay, DRAINED, id);
    }
    return {};
  }),

  DescribeTargetHealth: handler<DescribeTargetHealthInput, DescribeTargetHealthOutput>((context, input) => {
    const store = elbv2Store(context);
    const ec2 = ec2Store(context);
    const group = requireTargetGroup(store, input.TargetGroupArn!);
    const balancers = balancersOf(store, group);
    if (input.Targets === undefined || input.Targets.length === 0) {
      const descriptions = store.targets.find('target-group', group.id)
        .sort((a, b) => store.targets.orderOf(a.id) - store.targets.orderOf(b.id))
        .map((target) => describe(context, ec2, group, balancers, target))
        .filter((description): description is TargetHealthDescription => !!description);
      return { TargetHealthDescriptions: descriptions };
    }
    const missing = group.targetType === 'instance' ? input.Targets.map((target) => target.Id!).filter((id) => !ec2.instances.has(id)) : [];
    if (missing.length > 0) throw elbv2Errors.instancesNotFound(missing);
    const descriptions = input.Targets.map((target): TargetHealthDescription => {
      const port = portOf(group, target);
      const registered = store.targets.get(targetKey(group.id, target.Id!, port));
      const found = registered ? describe(context, ec2, group, balancers, registered) : undefined;
      return found ?? {
        Target: { Id: target.Id, Port: port },
        HealthCheckPort: group.healthCheck.port === 'traffic-port' ? (port === undefined ? undefined : String(port)) : group.healthCheck.port,
        TargetHealth: notRegisteredHealth(),
      };
    });
    return { TargetHealthDescriptions: descriptions };
  }),
};

/** Draining ends: the deregistered target leaves the group. */
export const finishDraining: TimerHandler = (context, timer) => {
  const store = elbv2Store(context);
  const target = store.targets.get(timer.target);
  if (target?.drainingUntil !== undefined && target.drainingUntil <= context.now) store.targets.delete(target.id);
};
