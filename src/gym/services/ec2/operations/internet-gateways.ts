import type {
  AttachInternetGatewayRequest, CreateInternetGatewayRequest, CreateInternetGatewayResult, DeleteInternetGatewayRequest,
  DescribeInternetGatewaysRequest, DescribeInternetGatewaysResult, DetachInternetGatewayRequest, InternetGateway, InternetGatewayAttachment,
} from '@aws-sdk/client-ec2';
import { handler, type ServiceContext } from '../../../service.js';
import { ec2Errors } from '../errors.js';
import { applyFilters, type FilterSpec } from '../filters.js';
import { paginate } from '../paging.js';
import type { InternetGatewayRecord } from '../records/network.js';
import type { Ec2Store } from '../store.js';
import { apiTags, tagsFor } from '../tags.js';
import { requireVpc } from './vpcs.js';

/** The internet gateway with this id, or the AWS not-found (or malformed-id) error. */
export function requireInternetGateway(store: Ec2Store, id: string): InternetGatewayRecord {
  const gateway = store.internetGateways.get(id);
  if (gateway) return gateway;
  if (!id.startsWith('igw-')) throw ec2Errors.malformedId('InvalidInternetGatewayId.Malformed', id, 'igw');
  throw ec2Errors.internetGatewayNotFound(id);
}

/** Attaches a gateway to a VPC and revives the routes through it (shared with the default network). */
export function attachInternetGateway(store: Ec2Store, gatewayId: string, vpcId: string): void {
  store.internetGateways.update(gatewayId, (draft) => {
    draft.vpcId = vpcId;
  });
  setRouteStates(store, vpcId, gatewayId, 'active');
}

/** An internet gateway as DescribeInternetGateways returns it. */
export function apiInternetGateway(gateway: InternetGatewayRecord, accountId: string): InternetGateway {
  return {
    InternetGatewayId: gateway.id,
    OwnerId: accountId,
    // AWS reports an attached internet gateway as 'available', a value the SDK's AttachmentStatus lacks.
    Attachments: gateway.vpcId ? [{ State: 'available' as InternetGatewayAttachment['State'], VpcId: gateway.vpcId }] : [],
    Tags: apiTags(gateway.tags),
  };
}

/** Routes through a gateway work while it is attached and turn to blackholes when it leaves. */
function setRouteStates(store: Ec2Store, vpcId: string, gatewayId: string, state: 'active' | 'blackhole'): void {
  for (const table of store.routeTables.find('vpc-id', vpcId)) {
    if (!table.routes.some((route) => route.gatewayId === gatewayId && route.state !== state)) continue;
    store.routeTables.update(table.id, (draft) => {
      for (const route of draft.routes) if (route.gatewayId === gatewayId) route.state = state;
    });
  }
}

/** True when something in the VPC has a public address that needs the gateway (AWS refuses to detach then). */
function hasMappedPublicAddresses(store: Ec2Store, vpcId: string): boolean {
  for (const id of store.instances.lookup('vpc-id', vpcId)) {
    const instance = store.instances.get(id)!;
    if (instance.state !== 'terminated' && instance.publicIpAddress) return true;
  }
  return false;
}

const gatewayFilters = (accountId: string): FilterSpec<InternetGatewayRecord> => ({
  accessors: {
    'attachment.vpc-id': (gateway) => gateway.vpcId,
    'attachment.state': (gateway) => (gateway.vpcId ? 'available' : undefined),
    'internet-gateway-id': (gateway) => gateway.id,
    'owner-id': () => accountId,
  },
  indexed: ['attachment.vpc-id'],
});

function store(context: ServiceContext): Ec2Store {
  return context.store<Ec2Store>('ec2');
}

/** Internet gateway operations. */
export const internetGatewayOperations = {
  CreateInternetGateway: handler<CreateInternetGatewayRequest, CreateInternetGatewayResult>((context, input) => {
    const gateway = store(context).internetGateways.put({
      id: context.ids.resource('igw'),
      vpcId: undefined,
      tags: tagsFor(input.TagSpecifications, 'internet-gateway'),
    });
    return { InternetGateway: apiInternetGateway(gateway, context.accountId) };
  }),

  DescribeInternetGateways: handler<DescribeInternetGatewaysRequest, DescribeInternetGatewaysResult>((context, input) => {
    const ec2 = store(context);
    const ids = input.InternetGatewayIds ?? [];
    for (const id of ids) requireInternetGateway(ec2, id);
    const found = applyFilters(ec2.internetGateways, input.Filters, gatewayFilters(context.accountId), ids);
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 1000 });
    return { InternetGateways: page.items.map((gateway) => apiInternetGateway(gateway, context.accountId)), NextToken: page.nextToken };
  }),

  DeleteInternetGateway: handler<DeleteInternetGatewayRequest, Record<string, never>>((context, input) => {
    const ec2 = store(context);
    const gateway = requireInternetGateway(ec2, input.InternetGatewayId!);
    if (gateway.vpcId) {
      throw ec2Errors.dependencyViolation(
        `The internetGateway '${gateway.id}' has dependencies and cannot be deleted: it is attached to ${gateway.vpcId}; detach it first.`,
      );
    }
    ec2.internetGateways.delete(gateway.id);
    return {};
  }),

  AttachInternetGateway: handler<AttachInternetGatewayRequest, Record<string, never>>((context, input) => {
    const ec2 = store(context);
    const gateway = requireInternetGateway(ec2, input.InternetGatewayId!);
    const vpc = requireVpc(ec2, input.VpcId!);
    if (gateway.vpcId) throw ec2Errors.resourceAlreadyAssociated(`resource ${gateway.id} is already attached to network ${gateway.vpcId}`);
    const [other] = ec2.internetGateways.lookup('attachment.vpc-id', vpc.id);
    if (other) {
      throw ec2Errors.resourceAlreadyAssociated(`resource ${vpc.id} already has an internet gateway (${other}) attached; a VPC takes one. Detach ${other} first.`);
    }
    attachInternetGateway(ec2, gateway.id, vpc.id);
    return {};
  }),

  DetachInternetGateway: handler<DetachInternetGatewayRequest, Record<string, never>>((context, input) => {
    const ec2 = store(context);
    const gateway = requireInternetGateway(ec2, input.InternetGatewayId!);
    const vpc = requireVpc(ec2, input.VpcId!);
    if (gateway.vpcId !== vpc.id) throw ec2Errors.gatewayNotAttached(gateway.id, vpc.id);
    if (hasMappedPublicAddresses(ec2, vpc.id)) {
      throw ec2Errors.dependencyViolation(
        `Network ${vpc.id} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`,
      );
    }
    ec2.internetGateways.update(gateway.id, (draft) => {
      draft.vpcId = undefined;
    });
    setRouteStates(ec2, vpc.id, gateway.id, 'blackhole');
    return {};
  }),
};
