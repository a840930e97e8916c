import type {
  DescribeInstancesRequest, DescribeInstancesResult, DescribeInstanceStatusRequest, DescribeInstanceStatusResult,
  InstanceStatus, Reservation, RunInstancesRequest,
} from '@aws-sdk/client-ec2';
import { handler, type ServiceContext } from '../../../service.js';
import { computeErrors, ec2Errors } from '../errors.js';
import { applyFilters, type FilterSpec } from '../filters.js';
import { paginate } from '../paging.js';
import { INSTANCE_STATE_CODES, type InstanceRecord } from '../records/compute.js';
import type { Ec2Store } from '../store.js';
import { tagsFor } from '../tags.js';
import { apiState, ec2Store, requireInstances } from './compute-common.js';
import { launchInstances } from './instance-create.js';
import { instanceFilters, narrowInstanceCandidates } from './instance-filters.js';
import { planLaunch } from './instance-launch.js';
import { apiInstance, reservations } from './instance-view.js';
import { launchTemplateTags, withLaunchTemplate } from './launch-templates.js';
import { launchSpecificationOf, newSpotRequestId, planSpotTerms, recordLaunchedSpotRequests, spotProduct } from './spot-requests.js';
import { availableAddressCount } from './subnet-addresses.js';

/** How long status checks stay `initializing` after an instance reaches running (simulated ms). */
export const STATUS_CHECK_DELAY = 90_000;

function reservationOf(context: ServiceContext, store: Ec2Store, instances: readonly InstanceRecord[]): Reservation {
  return {
    ReservationId: instances[0]!.reservationId,
    OwnerId: context.accountId,
    Groups: [],
    Instances: instances.map((instance) => apiInstance(context, store, instance)),
  };
}

/** Instances the filters and ids select, narrowed through indexes before any record is read. */
function selectInstances(store: Ec2Store, filters: DescribeInstancesRequest['Filters'], ids: readonly string[], spec: FilterSpec<InstanceRecord>): InstanceRecord[] {
  const narrowed = ids.length > 0 ? undefined : narrowInstanceCandidates(store, filters);
  if (narrowed && narrowed.length === 0) return [];
  return applyFilters(store.instances, filters, spec, narrowed ?? ids);
}

function statusOf(context: ServiceContext, instance: InstanceRecord): 'ok' | 'initializing' | 'not-applicable' {
  if (instance.state !== 'running') return 'not-applicable';
  return context.now - (instance.runningSince ?? context.now) < STATUS_CHECK_DELAY ? 'initializing' : 'ok';
}

function apiStatus(context: ServiceContext, instance: InstanceRecord): InstanceStatus {
  const status = statusOf(context, instance);
  const details = status === 'not-applicable' ? undefined : [{ Name: 'reachability' as const, Status: status === 'ok' ? ('passed' as const) : ('initializing' as const) }];
  return {
    AvailabilityZone: instance.availabilityZone,
    InstanceId: instance.id,
    InstanceState: apiState(instance.state),
    InstanceStatus: { Status: status, Details: details },
    SystemStatus: { Status: status, Details: details },
    AttachedEbsStatus: { Status: status, Details: details },
  };
}

/** RunInstances, DescribeInstances and DescribeInstanceStatus. */
export const instanceOperations = {
  RunInstances: handler<RunInstancesRequest, Reservation>((context, request) => {
    const store = ec2Store(context);
    // What the request leaves out comes from its launch template, if it names one.
    const input = withLaunchTemplate(store, request);
    if (input.ClientToken) {
      // Idempotency: the same token returns the first call's reservation, as it is now.
      const earlier = store.instances.find('client-token', input.ClientToken);
      if (earlier.length > 0) return reservationOf(context, store, earlier);
    }
    const minimum = input.MinCount ?? 1;
    const maximum = input.MaxCount ?? minimum;
    if (minimum < 1) throw ec2Errors.invalidParameterValue(`Value (${minimum}) for parameter minCount is invalid. Launch at least 1 instance.`);
    if (maximum < minimum) throw ec2Errors.invalidParameterValue(`Value (${maximum}) for parameter maxCount is invalid. MaxCount must be at least MinCount (${minimum}).`);
    const plan = planLaunch(context, store, input);
    const market = input.InstanceMarketOptions;
    const terms = market ? planSpotTerms(context, plan, market) : undefined;
    const count = Math.min(maximum, availableAddressCount(store, plan.subnet));
    if (count < minimum) throw ec2Errors.insufficientAddresses(plan.subnet.id);
    const spotRequestIds = terms ? Array.from({ length: count }, () => newSpotRequestId(context)) : undefined;
    // The launch template's aws: tags go on the instances only, not into a spot request's launch specification.
    const instances = launchInstances(context, store, { ...plan, instanceTags: { ...plan.instanceTags, ...launchTemplateTags(store, request) } }, {
      count,
      reservationId: context.ids.resource('r'),
      clientToken: input.ClientToken,
      spotRequestIds,
    });
    if (terms) {
      const explicitSubnet = !!input.SubnetId || !!input.NetworkInterfaces?.length;
      const specification = launchSpecificationOf(plan, input, explicitSubnet);
      recordLaunchedSpotRequests(context, store, instances, terms, specification, spotProduct(plan), tagsFor(input.TagSpecifications, 'spot-instances-request'));
    }
    return reservationOf(context, store, instances);
  }),

  DescribeInstances: handler<DescribeInstancesRequest, DescribeInstancesResult>((context, input) => {
    const store = ec2Store(context);
    const ids = input.InstanceIds ?? [];
    if (ids.length > 0 && input.MaxResults !== undefined) throw computeErrors.idsWithMaxResults('instancesSet');
    requireInstances(store, ids);
    const found = selectInstances(store, input.Filters, ids, instanceFilters(context, store));
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 1000 });
    return { Reservations: reservations(context, store, page.items), NextToken: page.nextToken };
  }),

  DescribeInstanceStatus: handler<DescribeInstanceStatusRequest, DescribeInstanceStatusResult>((context, input) => {
    const store = ec2Store(context);
    const ids = input.InstanceIds ?? [];
    if (ids.length > 0 && input.MaxResults !== undefined) throw computeErrors.idsWithMaxResults('instancesSet');
    requireInstances(store, ids);
    const filters = [...(input.Filters ?? [])];
    // Without IncludeAllInstances AWS reports running instances only; the state index finds them.
    if (!input.IncludeAllInstances) filters.push({ Name: 'instance-state-name', Values: ['running'] });
    const spec = statusFilters(context);
    const found = applyFilters(store.instances, filters, spec, ids);
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 1000 });
    return { InstanceStatuses: page.items.map((instance) => apiStatus(context, instance)), NextToken: page.nextToken };
  }),
};

function statusFilters(context: ServiceContext): FilterSpec<InstanceRecord> {
  return {
    accessors: {
      'availability-zone': (instance) => instance.availabilityZone,
      'instance-state-name': (instance) => instance.state,
      'instance-state-code': (instance) => INSTANCE_STATE_CODES[instance.state],
      'instance-status.status': (instance) => statusOf(context, instance),
      'system-status.status': (instance) => statusOf(context, instance),
      'instance-status.reachability': (instance) => (statusOf(context, instance) === 'ok' ? 'passed' : statusOf(context, instance)),
      'system-status.reachability': (instance) => (statusOf(context, instance) === 'ok' ? 'passed' : statusOf(context, instance)),
    },
    indexed: ['instance-state-name'],
  };
}
