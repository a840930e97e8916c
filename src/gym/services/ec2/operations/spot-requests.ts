import type { InstanceMarketOptionsRequest, RunInstancesRequest } from '@aws-sdk/client-ec2';
import { AwsError } from '../../../../aws/aws-error.js';
import type { ServiceContext } from '../../../service.js';
import type { TimerRecord } from '../../../world/scheduler.js';
import { ec2Errors } from '../errors.js';
import type { InstanceRecord, SpotLaunchSpecification, SpotRequestRecord } from '../records/compute.js';
import type { Ec2Store } from '../store.js';
import { ec2Store, jitter } from './compute-common.js';
import { launchInstances } from './instance-create.js';
import { planLaunch, type LaunchPlan } from './instance-launch.js';
import { formatPrice, onDemandPrice, spotPrice } from './spot-prices.js';
import { availableAddressCount } from './subnet-addresses.js';

/** Spot status codes and the messages AWS pairs with them. */
export const SPOT_STATUS = {
  'pending-evaluation': 'Your Spot request has been submitted for review, and is pending evaluation.',
  'pending-fulfillment': 'Your Spot request is pending fulfillment.',
  'fulfilled': 'Your spot request is fulfilled.',
  'canceled-before-fulfillment': 'Your Spot request was canceled before it was fulfilled.',
  'request-canceled-and-instance-running': 'Your Spot request is canceled, but your Spot Instance is still running.',
  'instance-terminated-by-user': 'Spot Instance terminated due to user-initiated termination.',
  'instance-stopped-by-user': 'Your Spot Instance was stopped by you; the request is disabled until you start it.',
  'price-too-low': 'Your Spot request price is lower than the current Spot price. Raise the maximum price or wait for the price to fall.',
  'capacity-not-available': 'There is no free address in the chosen subnet; EC2 keeps trying.',
  'bad-parameters': 'One or more parameters of your Spot request are invalid or no longer exist.',
} as const;

/** A spot status code. */
export type SpotStatusCode = keyof typeof SPOT_STATUS;

/** The spot terms of a launch (from InstanceMarketOptions or RequestSpotInstances). */
export interface SpotTerms {
  readonly type: 'one-time' | 'persistent';
  readonly interruptionBehavior: 'terminate' | 'stop' | 'hibernate';
  readonly maxPrice: string;
  readonly validUntil: number | undefined;
}

/** A new spot request id (`sir-` and 8 characters, as EC2 makes them). */
export function newSpotRequestId(context: ServiceContext): string {
  return `sir-${context.ids.hex(8)}`;
}

/** The product a launch is priced as. */
export function spotProduct(plan: LaunchPlan): string {
  return plan.image.os === 'windows' ? 'Windows' : 'Linux/UNIX';
}

/** Checks RunInstances' spot options; a maximum price under the current price fails as AWS fails it. */
export function planSpotTerms(context: ServiceContext, plan: LaunchPlan, options: InstanceMarketOptionsRequest): SpotTerms {
  if (options.MarketType !== 'spot') throw ec2Errors.invalidParameterValue(`Value (${options.MarketType}) for parameter MarketType is invalid. Use spot or capacity-block.`);
  const spot = options.SpotOptions ?? {};
  const type = spot.SpotInstanceType ?? 'one-time';
  const interruptionBehavior = spot.InstanceInterruptionBehavior ?? 'terminate';
  if (type === 'persistent' && interruptionBehavior === 'terminate') {
    throw ec2Errors.invalidParameterCombination("A persistent Spot Instance needs InstanceInterruptionBehavior 'stop' or 'hibernate'; 'terminate' is only for one-time requests.");
  }
  const zone = plan.subnet.availabilityZone;
  const maxPrice = spot.MaxPrice ?? formatPrice(onDemandPrice(plan.type, zone, plan.image.os === 'windows'));
  const current = spotPrice(plan.type, zone, spotProduct(plan), context.now);
  const offered = Number(maxPrice);
  if (!Number.isFinite(offered) || offered <= 0) throw ec2Errors.invalidParameterValue(`Value (${maxPrice}) for parameter MaxPrice is invalid. Give a price in USD per hour, such as 0.05.`);
  if (offered < current) {
    throw new AwsError('SpotMaxPriceTooLow', `Your Spot request price of ${maxPrice} is lower than the minimum required Spot request fulfillment price of ${formatPrice(current)}.`);
  }
  return { type, interruptionBehavior, maxPrice, validUntil: spot.ValidUntil ? spot.ValidUntil.getTime() : undefined };
}

/** The launch specification a spot request keeps (enough to launch again by timer). */
export function launchSpecificationOf(plan: LaunchPlan, input: RunInstancesRequest, explicitSubnet: boolean): SpotLaunchSpecification {
  return {
    imageId: plan.image.id,
    instanceType: plan.type.name,
    subnetId: explicitSubnet ? plan.subnet.id : undefined,
    availabilityZone: plan.subnet.availabilityZone,
    securityGroupIds: [...plan.securityGroupIds],
    keyName: plan.keyName,
    userData: plan.userData,
    monitoring: plan.monitoring,
    blockDeviceMappings: input.BlockDeviceMappings ? JSON.parse(JSON.stringify(input.BlockDeviceMappings)) : undefined,
    instanceTags: { ...plan.instanceTags },
  };
}

/** Records the fulfilled spot requests behind instances RunInstances launched on the spot market. */
export function recordLaunchedSpotRequests(
  context: ServiceContext,
  store: Ec2Store,
  instances: readonly InstanceRecord[],
  terms: SpotTerms,
  specification: SpotLaunchSpecification,
  product: string,
  tags: Record<string, string>,
): void {
  for (const instance of instances) {
    store.spotRequests.put({
      id: instance.spotInstanceRequestId!,
      state: 'active',
      status: { code: 'fulfilled', message: SPOT_STATUS.fulfilled, updateTime: context.now },
      type: terms.type,
      spotPrice: terms.maxPrice,
      instanceId: instance.id,
      launchSpecification: specification,
      launchedAvailabilityZone: instance.availabilityZone,
      productDescription: product,
      createdAt: context.now,
      instanceInterruptionBehavior: terms.interruptionBehavior,
      validUntil: terms.validUntil,
      tags: { ...tags },
    });
  }
}

/** Moves a spot request to a state and status. */
export function setSpotStatus(context: ServiceContext, store: Ec2Store, id: string, state: SpotRequestRecord['state'], code: SpotStatusCode, change?: (draft: SpotRequestRecord) => void): void {
  store.spotRequests.update(id, (draft) => {
    draft.state = state;
    draft.status = { code, message: SPOT_STATUS[code], updateTime: context.now };
    change?.(draft);
  });
}

/** What a spot request does when its instance stops (persistent requests are disabled until it starts). */
export function spotInstanceStopped(context: ServiceContext, store: Ec2Store, instance: InstanceRecord): void {
  const request = instance.spotInstanceRequestId ? store.spotRequests.get(instance.spotInstanceRequestId) : undefined;
  if (request?.state === 'active') setSpotStatus(context, store, request.id, 'disabled', 'instance-stopped-by-user');
}

/** What a spot request does when its instance starts again. */
export function spotInstanceStarted(context: ServiceContext, store: Ec2Store, instance: InstanceRecord): void {
  const request = instance.spotInstanceRequestId ? store.spotRequests.get(instance.spotInstanceRequestId) : undefined;
  if (request?.state === 'disabled') setSpotStatus(context, store, request.id, 'active', 'fulfilled');
}

/**
 * What a spot request does when the user terminates its instance: a one-time request closes; a
 * persistent one opens again and launches a replacement, as AWS does (cancel the request first to stop that).
 */
export function spotInstanceTerminated(context: ServiceContext, store: Ec2Store, instance: InstanceRecord): void {
  const request = instance.spotInstanceRequestId ? store.spotRequests.get(instance.spotInstanceRequestId) : undefined;
  if (!request || request.instanceId !== instance.id) return;
  if (request.state === 'cancelled') {
    setSpotStatus(context, store, request.id, 'cancelled', 'instance-terminated-by-user');
  } else if (request.type === 'persistent') {
    setSpotStatus(context, store, request.id, 'open', 'pending-evaluation', (draft) => {
      draft.instanceId = undefined;
    });
    context.schedule(jitter(context, 2_000, 5_000), 'ec2.spot-evaluate', request.id);
  } else {
    setSpotStatus(context, store, request.id, 'closed', 'instance-terminated-by-user');
  }
}

/** The RunInstances request a spot request's timer launches with. */
function runRequestOf(request: SpotRequestRecord): RunInstancesRequest {
  const specification = request.launchSpecification;
  return {
    MinCount: 1,
    MaxCount: 1,
    ImageId: specification.imageId,
    InstanceType: specification.instanceType as RunInstancesRequest['InstanceType'],
    SubnetId: specification.subnetId,
    Placement: specification.subnetId ? undefined : { AvailabilityZone: specification.availabilityZone },
    SecurityGroupIds: specification.securityGroupIds,
    KeyName: specification.keyName,
    UserData: specification.userData,
    Monitoring: { Enabled: specification.monitoring },
    BlockDeviceMappings: specification.blockDeviceMappings as RunInstancesRequest['BlockDeviceMappings'],
    TagSpecifications: Object.keys(specification.instanceTags).length > 0
      ? [{ ResourceType: 'instance', Tags: Object.entries(specification.instanceTags).map(([Key, Value]) => ({ Key, Value })) }]
      : undefined,
  };
}

/** Timers that move spot requests along: evaluation, then fulfilment with a new instance. */
export const spotTimers = {
  'ec2.spot-evaluate': (context: ServiceContext, timer: TimerRecord) => {
    const store = ec2Store(context);
    const request = store.spotRequests.get(timer.target);
    if (request?.state !== 'open') return;
    setSpotStatus(context, store, request.id, 'open', 'pending-fulfillment');
    context.schedule(jitter(context, 2_000, 6_000), 'ec2.spot-fulfil', request.id);
  },
  'ec2.spot-fulfil': (context: ServiceContext, timer: TimerRecord) => {
    const store = ec2Store(context);
    const request = store.spotRequests.get(timer.target);
    if (request?.state !== 'open') return;
    let plan: LaunchPlan;
    try {
      plan = planLaunch(context, store, runRequestOf(request)); // changes nothing, so a failure leaves no trace
    } catch (error) {
      if (!AwsError.isAws(error)) throw error;
      setSpotStatus(context, store, request.id, 'failed', 'bad-parameters');
      return;
    }
    const price = spotPrice(plan.type, plan.subnet.availabilityZone, request.productDescription, context.now);
    if (Number(request.spotPrice) < price) {
      setSpotStatus(context, store, request.id, 'open', 'price-too-low');
      context.schedule(3600_000, 'ec2.spot-evaluate', request.id);
      return;
    }
    if (availableAddressCount(store, plan.subnet) < 1) {
      setSpotStatus(context, store, request.id, 'open', 'capacity-not-available');
      context.schedule(600_000, 'ec2.spot-evaluate', request.id);
      return;
    }
    const [instance] = launchInstances(context, store, plan, {
      count: 1,
      reservationId: context.ids.resource('r'),
      clientToken: undefined,
      spotRequestIds: [request.id],
    });
    setSpotStatus(context, store, request.id, 'active', 'fulfilled', (draft) => {
      draft.instanceId = instance!.id;
      draft.launchedAvailabilityZone = instance!.availabilityZone;
    });
  },
};
