import type { CreateRouteRequest, CreateRouteResult, DeleteRouteRequest, ReplaceRouteRequest } from '@aws-sdk/client-ec2';
import { handler, type ServiceContext } from '../../../service.js';
import { contains, parseCidr } from '../cidr.js';
import { ec2Errors } from '../errors.js';
import type { RouteEntry, RouteTableRecord } from '../records/network.js';
import type { Ec2Store } from '../store.js';
import { requireRouteTable } from './route-tables.js';

/** Where a route sends traffic: exactly one of these. */
type RouteTarget = Pick<RouteEntry, 'gatewayId' | 'instanceId' | 'natGatewayId' | 'networkInterfaceId'> & { state: RouteEntry['state'] };

type RouteRequest = CreateRouteRequest | ReplaceRouteRequest;

/** Targets AWS has that the gym does not model yet. */
const UNMODELLED_TARGETS = [
  'VpcPeeringConnectionId', 'TransitGatewayId', 'EgressOnlyInternetGatewayId', 'CarrierGatewayId', 'LocalGatewayId', 'VpcEndpointId', 'CoreNetworkArn',
] as const;

/** Checks the destination as AWS does and returns it in its canonical form. */
function destination(input: RouteRequest): string {
  if (input.DestinationIpv6CidrBlock !== undefined || input.DestinationPrefixListId !== undefined) {
    throw ec2Errors.unsupportedOperation('The gym models IPv4 routes only; give DestinationCidrBlock.');
  }
  const cidr = input.DestinationCidrBlock;
  if (cidr === undefined) throw ec2Errors.missingParameter('destinationCidrBlock');
  if (!parseCidr(cidr)) {
    throw ec2Errors.invalidParameterValue(`Value (${cidr}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`);
  }
  return cidr;
}

/** Resolves and checks the one target of a route against the table's VPC. */
function target(store: Ec2Store, table: RouteTableRecord, input: RouteRequest): RouteTarget {
  for (const name of UNMODELLED_TARGETS) {
    if (input[name] !== undefined) throw ec2Errors.unsupportedOperation(`The gym does not model ${name} route targets yet; use GatewayId, InstanceId or NetworkInterfaceId.`);
  }
  const given = [input.GatewayId, input.InstanceId, input.NatGatewayId, input.NetworkInterfaceId].filter((value) => value !== undefined);
  if (given.length !== 1) {
    throw ec2Errors.invalidParameterCombination('The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId or instanceId.');
  }
  if (input.GatewayId !== undefined) {
    const gateway = store.internetGateways.get(input.GatewayId);
    if (!gateway) throw ec2Errors.gatewayIdNotFound(input.GatewayId);
    if (gateway.vpcId !== table.vpcId) {
      throw ec2Errors.invalidParameterValue(`route table ${table.id} and network gateway ${gateway.id} belong to different networks (attach ${gateway.id} to ${table.vpcId} first)`);
    }
    return { gatewayId: gateway.id, state: 'active' };
  }
  if (input.NatGatewayId !== undefined) throw ec2Errors.natGatewayNotFound(input.NatGatewayId);
  const instance = input.InstanceId !== undefined
    ? store.instances.get(input.InstanceId)
    : [...store.instances.lookup('vpc-id', table.vpcId)].map((id) => store.instances.get(id)!).find((candidate) => candidate.networkInterfaceId === input.NetworkInterfaceId);
  if (!instance || instance.state === 'terminated') {
    if (input.InstanceId !== undefined) throw ec2Errors.instanceNotFound([input.InstanceId]);
    throw ec2Errors.networkInterfaceNotFound(input.NetworkInterfaceId!);
  }
  if (instance.vpcId !== table.vpcId) {
    throw ec2Errors.invalidParameterValue(`route table ${table.id} and instance ${instance.id} belong to different networks`);
  }
  return { instanceId: instance.id, networkInterfaceId: instance.networkInterfaceId, state: 'active' };
}

/** AWS lets only an instance or interface take traffic for addresses inside the VPC. */
function checkAgainstVpc(store: Ec2Store, table: RouteTableRecord, cidr: string, route: RouteTarget): void {
  const vpc = store.vpcs.get(table.vpcId);
  if (!vpc || !route.gatewayId) return;
  if (contains(parseCidr(vpc.cidrBlock)!, parseCidr(cidr)!)) {
    throw ec2Errors.invalidParameterValue(
      `The destination CIDR block ${cidr} is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance.`,
    );
  }
}

function store(context: ServiceContext): Ec2Store {
  return context.store<Ec2Store>('ec2');
}

/** Route operations. */
export const routeOperations = {
  CreateRoute: handler<CreateRouteRequest, CreateRouteResult>((context, input) => {
    const ec2 = store(context);
    const table = requireRouteTable(ec2, input.RouteTableId!);
    const cidr = destination(input);
    if (table.routes.some((route) => route.destinationCidrBlock === cidr)) throw ec2Errors.routeAlreadyExists(cidr);
    const route = target(ec2, table, input);
    checkAgainstVpc(ec2, table, cidr, route);
    ec2.routeTables.update(table.id, (draft) => {
      draft.routes.push({ destinationCidrBlock: cidr, origin: 'CreateRoute', ...route });
    });
    return { Return: true };
  }),

  ReplaceRoute: handler<ReplaceRouteRequest, Record<string, never>>((context, input) => {
    const ec2 = store(context);
    const table = requireRouteTable(ec2, input.RouteTableId!);
    const cidr = destination(input);
    const index = table.routes.findIndex((route) => route.destinationCidrBlock === cidr);
    if (index < 0) throw ec2Errors.invalidParameterValue(`There is no route defined for '${cidr}' in the route table. Use CreateRoute instead.`);
    if (table.routes[index]!.gatewayId === 'local') throw ec2Errors.invalidParameterValue(`cannot replace local route ${cidr} in route table ${table.id}`);
    const route = target(ec2, table, input);
    checkAgainstVpc(ec2, table, cidr, route);
    ec2.routeTables.update(table.id, (draft) => {
      draft.routes[index] = { destinationCidrBlock: cidr, origin: 'CreateRoute', ...route };
    });
    return {};
  }),

  DeleteRoute: handler<DeleteRouteRequest, Record<string, never>>((context, input) => {
    const ec2 = store(context);
    const table = requireRouteTable(ec2, input.RouteTableId!);
    if (input.DestinationIpv6CidrBlock !== undefined || input.DestinationPrefixListId !== undefined) {
      throw ec2Errors.unsupportedOperation('The gym models IPv4 routes only; give DestinationCidrBlock.');
    }
    const cidr = input.DestinationCidrBlock;
    if (cidr === undefined) throw ec2Errors.missingParameter('destinationCidrBlock');
    const route = table.routes.find((candidate) => candidate.destinationCidrBlock === cidr);
    if (!route) throw ec2Errors.routeNotFound(table.id, cidr);
    if (route.gatewayId === 'local') throw ec2Errors.invalidParameterValue(`cannot remove local route ${cidr} in route table ${table.id}`);
    ec2.routeTables.update(table.id, (draft) => {
      draft.routes = draft.routes.filter((candidate) => candidate.destinationCidrBlock !== cidr);
    });
    return {};
  }),
};
