import type {
  CancelSpotInstanceRequestsRequest, CancelSpotInstanceRequestsResult, DescribeSpotInstanceRequestsRequest,
  DescribeSpotInstanceRequestsResult, DescribeSpotPriceHistoryRequest, DescribeSpotPriceHistoryResult,
  RequestSpotInstancesRequest, RequestSpotInstancesResult, RunInstancesRequest, SpotInstanceRequest, SpotPrice, _InstanceType,
} from '@aws-sdk/client-ec2';
import { availabilityZones } from '../../../regions.js';
import { handler } from '../../../service.js';
import { INSTANCE_TYPES, instanceTypeSpec } from '../catalog/instance-types.js';
import { computeErrors, ec2Errors } from '../errors.js';
import { applyFilters, type FilterSpec } from '../filters.js';
import { paginate } from '../paging.js';
import type { SpotRequestRecord } from '../records/compute.js';
import type { Ec2Store } from '../store.js';
import { apiTags, tagsFor } from '../tags.js';
import { ec2Store, jitter } from './compute-common.js';
import { planLaunch } from './instance-launch.js';
import { filterList } from './list-filters.js';
import { formatPrice, onDemandPrice, priceChangedAt, SPOT_PRICE_PERIOD, SPOT_PRODUCTS, spotPrice } from './spot-prices.js';
import { launchSpecificationOf, newSpotRequestId, setSpotStatus, SPOT_STATUS, spotProduct } from './spot-requests.js';

/** A spot request as the API returns it. */
function apiSpotRequest(store: Ec2Store, request: SpotRequestRecord): SpotInstanceRequest {
  const specification = request.launchSpecification;
  return {
    CreateTime: new Date(request.createdAt),
    InstanceId: request.instanceId,
    LaunchSpecification: {
      ImageId: specification.imageId,
      InstanceType: specification.instanceType as _InstanceType,
      KeyName: specification.keyName,
      Placement: { AvailabilityZone: specification.availabilityZone },
      SubnetId: specification.subnetId,
      SecurityGroups: specification.securityGroupIds.map((id) => ({ GroupId: id, GroupName: store.securityGroups.get(id)?.groupName ?? '' })),
      Monitoring: { Enabled: specification.monitoring },
    },
    LaunchedAvailabilityZone: request.launchedAvailabilityZone,
    ProductDescription: request.productDescription as SpotInstanceRequest['ProductDescription'],
    SpotInstanceRequestId: request.id,
    SpotPrice: request.spotPrice,
    State: request.state,
    Status: { Code: request.status.code, Message: request.status.message, UpdateTime: new Date(request.status.updateTime) },
    Tags: apiTags(request.tags),
    Type: request.type,
    ValidUntil: request.validUntil !== undefined ? new Date(request.validUntil) : undefined,
    InstanceInterruptionBehavior: request.instanceInterruptionBehavior,
  };
}

const spotRequestFilters: FilterSpec<SpotRequestRecord> = {
  accessors: {
    'spot-instance-request-id': (request) => request.id,
    'state': (request) => request.state,
    'status-code': (request) => request.status.code,
    'status-message': (request) => request.status.message,
    'instance-id': (request) => request.instanceId,
    'type': (request) => request.type,
    'spot-price': (request) => request.spotPrice,
    'product-description': (request) => request.productDescription,
    'launched-availability-zone': (request) => request.launchedAvailabilityZone,
    'launch.image-id': (request) => request.launchSpecification.imageId,
    'launch.instance-type': (request) => request.launchSpecification.instanceType,
    'launch.key-name': (request) => request.launchSpecification.keyName,
    'launch.group-id': (request) => request.launchSpecification.securityGroupIds,
    'create-time': (request) => new Date(request.createdAt).toISOString(),
    'instance-interruption-behavior': (request) => request.instanceInterruptionBehavior,
  },
};

function requireSpotRequests(store: Ec2Store, ids: readonly string[]): void {
  for (const id of ids) {
    if (!/^sir-[0-9a-z]{8}$/.test(id)) throw ec2Errors.malformedId('InvalidSpotInstanceRequestID.Malformed', id, 'sir');
    if (!store.spotRequests.has(id)) throw ec2Errors.spotRequestNotFound(id);
  }
}

/** RequestSpotInstances' launch specification as the RunInstances request the checks understand. */
function runRequestOf(input: RequestSpotInstancesRequest): RunInstancesRequest {
  const specification = input.LaunchSpecification ?? {};
  return {
    MinCount: 1,
    MaxCount: 1,
    ImageId: specification.ImageId,
    InstanceType: specification.InstanceType,
    SubnetId: specification.SubnetId,
    Placement: specification.Placement?.AvailabilityZone ? { AvailabilityZone: specification.Placement.AvailabilityZone } : undefined,
    SecurityGroupIds: specification.SecurityGroupIds,
    SecurityGroups: specification.SecurityGroups,
    KeyName: specification.KeyName,
    UserData: specification.UserData,
    Monitoring: specification.Monitoring ? { Enabled: specification.Monitoring.Enabled ?? false } : undefined,
    BlockDeviceMappings: specification.BlockDeviceMappings,
    NetworkInterfaces: specification.NetworkInterfaces,
    EbsOptimized: specification.EbsOptimized,
  };
}

/** Spot operations: requests, their fulfilment by timer, cancellation, and price history. */
export const spotOperations = {
  RequestSpotInstances: handler<RequestSpotInstancesRequest, RequestSpotInstancesResult>((context, input) => {
    const store = ec2Store(context);
    const count = input.InstanceCount ?? 1;
    if (count < 1) throw ec2Errors.invalidParameterValue(`Value (${count}) for parameter InstanceCount is invalid. Ask for at least 1 instance.`);
    const type = input.Type ?? 'one-time';
    const behavior = input.InstanceInterruptionBehavior ?? 'terminate';
    if (type === 'one-time' && behavior !== 'terminate') {
      throw ec2Errors.invalidParameterCombination(`InstanceInterruptionBehavior '${behavior}' needs a persistent request; one-time requests can only terminate.`);
    }
    const runRequest = runRequestOf(input);
    const plan = planLaunch(context, store, runRequest);
    const product = spotProduct(plan);
    const maxPrice = input.SpotPrice ?? formatPrice(onDemandPrice(plan.type, plan.subnet.availabilityZone, plan.image.os === 'windows'));
    if (!(Number(maxPrice) > 0)) throw ec2Errors.invalidParameterValue(`Value (${maxPrice}) for parameter SpotPrice is invalid. Give a price in USD per hour, such as 0.05.`);
    const specification = launchSpecificationOf(plan, runRequest, !!runRequest.SubnetId || !!runRequest.NetworkInterfaces?.length);
    const tags = tagsFor(input.TagSpecifications, 'spot-instances-request');
    const created: SpotRequestRecord[] = [];
    for (let index = 0; index < count; index++) {
      const request = store.spotRequests.put({
        id: newSpotRequestId(context),
        state: 'open',
        status: { code: 'pending-evaluation', message: SPOT_STATUS['pending-evaluation'], updateTime: context.now },
        type,
        spotPrice: maxPrice,
        instanceId: undefined,
        launchSpecification: specification,
        launchedAvailabilityZone: undefined,
        productDescription: product,
        createdAt: context.now,
        instanceInterruptionBehavior: behavior,
        validUntil: input.ValidUntil?.getTime(),
        tags: { ...tags },
      });
      context.schedule(jitter(context, 1_000, 3_000), 'ec2.spot-evaluate', request.id);
      created.push(request);
    }
    return { SpotInstanceRequests: created.map((request) => apiSpotRequest(store, request)) };
  }),

  DescribeSpotInstanceRequests: handler<DescribeSpotInstanceRequestsRequest, DescribeSpotInstanceRequestsResult>((context, input) => {
    const store = ec2Store(context);
    const ids = input.SpotInstanceRequestIds ?? [];
    requireSpotRequests(store, ids);
    const found = applyFilters(store.spotRequests, input.Filters, spotRequestFilters, ids);
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 1000 });
    return { SpotInstanceRequests: page.items.map((request) => apiSpotRequest(store, request)), NextToken: page.nextToken };
  }),

  CancelSpotInstanceRequests: handler<CancelSpotInstanceRequestsRequest, CancelSpotInstanceRequestsResult>((context, input) => {
    const store = ec2Store(context);
    const ids = input.SpotInstanceRequestIds ?? [];
    if (ids.length === 0) throw ec2Errors.missingParameter('SpotInstanceRequestId');
    requireSpotRequests(store, ids);
    return {
      CancelledSpotInstanceRequests: ids.map((id) => {
        const request = store.spotRequests.get(id)!;
        if (request.state === 'open') setSpotStatus(context, store, id, 'cancelled', 'canceled-before-fulfillment');
        else if (request.state === 'active' || request.state === 'disabled') setSpotStatus(context, store, id, 'cancelled', 'request-canceled-and-instance-running');
        const state = store.spotRequests.get(id)!.state;
        return { SpotInstanceRequestId: id, State: state === 'failed' ? 'closed' : state === 'disabled' ? 'cancelled' : state };
      }),
    };
  }),

  DescribeSpotPriceHistory: handler<DescribeSpotPriceHistoryRequest, DescribeSpotPriceHistoryResult>((context, input) => {
    const zones = availabilityZones(context.region) ?? [];
    if (input.AvailabilityZone !== undefined && !zones.includes(input.AvailabilityZone)) throw computeErrors.invalidAvailabilityZone(input.AvailabilityZone);
    for (const name of input.InstanceTypes ?? []) if (!instanceTypeSpec(name)) throw ec2Errors.invalidInstanceType(name);
    const types = input.InstanceTypes?.length ? input.InstanceTypes.map((name) => instanceTypeSpec(name)!) : INSTANCE_TYPES;
    const products = input.ProductDescriptions?.length ? input.ProductDescriptions : SPOT_PRODUCTS;
    const end = Math.min(input.EndTime?.getTime() ?? context.now, context.now);
    const start = Math.max(input.StartTime?.getTime() ?? end, end - 90 * 24 * 3600_000);
    const entries: SpotPrice[] = [];
    for (let at = priceChangedAt(end); at >= priceChangedAt(start); at -= SPOT_PRICE_PERIOD) {
      for (const type of types) {
        for (const zone of input.AvailabilityZone ? [input.AvailabilityZone] : zones) {
          for (const product of products) {
            entries.push({
              AvailabilityZone: zone,
              InstanceType: type.name as SpotPrice['InstanceType'],
              ProductDescription: product as SpotPrice['ProductDescription'],
              SpotPrice: formatPrice(spotPrice(type, zone, product, at)),
              Timestamp: new Date(at),
            });
          }
        }
      }
    }
    const filtered = filterList(entries, input.Filters, {
      accessors: {
        'availability-zone': (entry) => entry.AvailabilityZone,
        'instance-type': (entry) => entry.InstanceType,
        'product-description': (entry) => entry.ProductDescription,
        'spot-price': (entry) => entry.SpotPrice,
        'timestamp': (entry) => entry.Timestamp!.toISOString(),
      },
    });
    const page = paginate(filtered, input.MaxResults ?? 1000, input.NextToken, { minimum: 1, maximum: 10000 });
    return { SpotPriceHistory: page.items, NextToken: page.nextToken };
  }),
};
