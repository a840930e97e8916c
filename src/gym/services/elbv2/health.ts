import type { TargetHealth } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InstanceRecord } from '../ec2/records/compute.js';
import type { LoadBalancerRecord, TargetGroupRecord, TargetRecord } from './records.js';

/** Everything a target's health depends on, read from the world at one simulated instant. */
export interface HealthInputs {
  readonly target: TargetRecord;
  readonly group: TargetGroupRecord;
  /** The load balancers that forward to the group (the keys of `group.usage`) that still exist. */
  readonly balancers: readonly LoadBalancerRecord[];
  /** The EC2 instance behind an `instance` target (undefined for other target types). */
  readonly instance: InstanceRecord | undefined;
  /** The target's Availability Zone when known (the instance's, or the one given at registration). */
  readonly zone: string | undefined;
  /** Whether the load balancer's health checks get through security groups to the target. */
  readonly reachable: boolean;
  readonly now: number;
}

const NOT_IN_USE = 'Target group is not configured to receive traffic from the load balancer';

function state(State: TargetHealth['State'], Reason?: TargetHealth['Reason'], Description?: string): TargetHealth {
  return Reason === undefined ? { State } : { State, Reason, Description };
}

/**
 * A target's health as AWS reports it, computed from records and the simulated clock rather than from
 * a timer per target. A registered target in use by an active load balancer stays `initial` until
 * `interval × healthy threshold` has passed since checks could start (registration, the group coming
 * into use, the load balancer becoming active, the instance reaching running: whichever is last), then turns
 * `healthy`. Checks that security groups block time out: `unhealthy` after `interval × unhealthy
 * threshold`. Stopped instances are `unused`; instances stopping while in use are `unhealthy`;
 * terminating instances drain, as AWS deregisters them. (Checks are not replayed: a target whose
 * security groups are fixed counts its healthy threshold from when checks started, not from the fix.)
 */
export function targetHealth(inputs: HealthInputs): TargetHealth {
  const { target, group, instance, now } = inputs;
  if (target.drainingUntil !== undefined) return state('draining', 'Target.DeregistrationInProgress', 'Target deregistration is in progress');
  if (!group.healthCheck.enabled) return state('unavailable', 'Target.HealthCheckDisabled', 'Health checks are disabled');
  if (instance?.state === 'shutting-down' || instance?.state === 'terminated') {
    return state('draining', 'Target.DeregistrationInProgress', 'Target deregistration is in progress');
  }
  if (instance?.state === 'stopped') return state('unused', 'Target.InvalidState', 'Target is in the stopped state');
  if (inputs.balancers.length === 0) return state('unused', 'Target.NotInUse', NOT_IN_USE);
  const serving = inputs.zone === undefined || inputs.zone === 'all'
    ? inputs.balancers
    : inputs.balancers.filter((balancer) => balancer.subnets.some((subnet) => subnet.zoneName === inputs.zone));
  if (serving.length === 0) return state('unused', 'Target.NotInUse', 'Target is in an Availability Zone that is not enabled for the load balancer');
  if (instance?.state === 'stopping') {
    return state('unhealthy', 'Target.FailedHealthChecks', 'Health checks failed');
  }
  const starts = serving
    .filter((balancer) => balancer.state === 'active' && balancer.activatedAt !== undefined)
    .map((balancer) => Math.max(balancer.activatedAt!, group.usage[balancer.id] ?? now));
  if (starts.length === 0 || instance?.state === 'pending') return state('initial', 'Elb.RegistrationInProgress', 'Target registration is in progress');
  const checksStart = Math.max(Math.min(...starts), target.registeredAt, instance ? runningSince(instance) : 0);
  if (!inputs.reachable) {
    // Checks time out: initial until the unhealthy threshold of failures, then unhealthy.
    const failsAt = checksStart + group.healthCheck.intervalSeconds * group.healthCheck.unhealthyThreshold * 1000;
    if (now < failsAt) return state('initial', 'Elb.RegistrationInProgress', 'Target registration is in progress');
    return group.healthCheck.protocol === 'TCP'
      ? state('unhealthy', 'Target.FailedHealthChecks', 'Health checks failed')
      : state('unhealthy', 'Target.Timeout', 'Request timed out');
  }
  const healthyAt = checksStart + group.healthCheck.intervalSeconds * group.healthCheck.healthyThreshold * 1000;
  if (now < healthyAt) return state('initial', 'Elb.RegistrationInProgress', 'Target registration is in progress');
  return state('healthy');
}

/**
 * Whether terminating an instance has taken it out of a group, as AWS does it: the target drains for
 * the deregistration delay from when the instance terminated (no time at all when no load balancer
 * uses the group), then it is no longer registered.
 */
export function deregisteredByTermination(instance: InstanceRecord | undefined, group: TargetGroupRecord, inUse: boolean, now: number): boolean {
  if (instance?.state !== 'terminated') return false;
  if (!inUse) return true;
  const delay = Number(group.attributes['deregistration_delay.timeout_seconds'] ?? '0') * 1000;
  return now >= (instance.terminatedAt ?? now) + delay;
}

/**
 * When the instance last reached `running`: EC2 records it as `runningSince` (a restart resets it);
 * records without it fall back to the launch time.
 */
function runningSince(instance: InstanceRecord): number {
  return (instance as { runningSince?: number }).runningSince ?? instance.launchTime;
}

/** The health of a target that is not registered with the group (DescribeTargetHealth with Targets). */
export function notRegisteredHealth(): TargetHealth {
  return state('unused', 'Target.NotRegistered', 'Target is not registered to the target group');
}
