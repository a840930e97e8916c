import type {
  AssociateRouteTableRequest, AssociateRouteTableResult, CreateRouteTableRequest, CreateRouteTableResult, DeleteRouteTableRequest,
  DescribeRouteTablesRequest, DescribeRouteTablesResult, DisassociateRouteTableRequest, ReplaceRouteTableAssociationRequest,
  ReplaceRouteTableAssociationResult, Route, RouteTable,
} from '@aws-sdk/client-ec2';
import { handler, type ServiceContext } from '../../../service.js';
import { ec2Errors } from '../errors.js';
import { applyFilters, type FilterSpec } from '../filters.js';
import { paginate } from '../paging.js';
import type { RouteEntry, RouteTableAssociation, RouteTableRecord } from '../records/network.js';
import type { Ec2Store } from '../store.js';
import { apiTags, tagsFor } from '../tags.js';
import { requireSubnet } from './subnets.js';
import { requireVpc } from './vpcs.js';

/** The route table with this id, or the AWS not-found (or malformed-id) error. */
export function requireRouteTable(store: Ec2Store, id: string): RouteTableRecord {
  const table = store.routeTables.get(id);
  if (table) return table;
  if (!id.startsWith('rtb-')) throw ec2Errors.malformedId('InvalidRouteTableId.Malformed', id, 'rtb');
  throw ec2Errors.routeTableNotFound(id);
}

/** A route as the API shows it. */
export function apiRoute(route: RouteEntry, accountId: string): Route {
  return {
    DestinationCidrBlock: route.destinationCidrBlock,
    GatewayId: route.gatewayId,
    InstanceId: route.instanceId,
    InstanceOwnerId: route.instanceId ? accountId : undefined,
    NatGatewayId: route.natGatewayId,
    NetworkInterfaceId: route.networkInterfaceId,
    Origin: route.origin,
    State: route.state,
  };
}

/** A route table as DescribeRouteTables returns it. */
export function apiRouteTable(table: RouteTableRecord, accountId: string): RouteTable {
  return {
    RouteTableId: table.id,
    VpcId: table.vpcId,
    OwnerId: accountId,
    Routes: table.routes.map((route) => apiRoute(route, accountId)),
    Associations: table.associations.map((association) => ({
      Main: association.main,
      RouteTableAssociationId: association.id,
      RouteTableId: table.id,
      SubnetId: association.subnetId,
      AssociationState: { State: 'associated' },
    })),
    PropagatingVgws: [],
    Tags: apiTags(table.tags),
  };
}

/** Finds an association by id across the region's route tables. */
function requireAssociation(store: Ec2Store, id: string): { table: RouteTableRecord; association: RouteTableAssociation } {
  for (const table of store.routeTables.values()) {
    const association = table.associations.find((candidate) => candidate.id === id);
    if (association) return { table, association };
  }
  throw ec2Errors.associationNotFound(id);
}

const tableFilters = (accountId: string): FilterSpec<RouteTableRecord> => ({
  accessors: {
    'vpc-id': (table) => table.vpcId,
    'route-table-id': (table) => table.id,
    'owner-id': () => accountId,
    'association.main': (table) => table.associations.map((association) => String(association.main)),
    'association.subnet-id': (table) => table.associations.map((association) => association.subnetId),
    'association.route-table-association-id': (table) => table.associations.map((association) => association.id),
    'association.route-table-id': (table) => (table.associations.length > 0 ? table.id : undefined),
    'association.association-state': (table) => (table.associations.length > 0 ? 'associated' : undefined),
    'route.destination-cidr-block': (table) => table.routes.map((route) => route.destinationCidrBlock),
    'route.gateway-id': (table) => table.routes.map((route) => route.gatewayId),
    'route.instance-id': (table) => table.routes.map((route) => route.instanceId),
    'route.nat-gateway-id': (table) => table.routes.map((route) => route.natGatewayId),
    'route.origin': (table) => table.routes.map((route) => route.origin),
    'route.state': (table) => table.routes.map((route) => route.state),
  },
  indexed: ['vpc-id'],
});

function store(context: ServiceContext): Ec2Store {
  return context.store<Ec2Store>('ec2');
}

/** Route table and association operations (routes themselves are in routes.ts). */
export const routeTableOperations = {
  CreateRouteTable: handler<CreateRouteTableRequest, CreateRouteTableResult>((context, input) => {
    const ec2 = store(context);
    const vpc = requireVpc(ec2, input.VpcId!);
    const table = ec2.routeTables.put({
      id: context.ids.resource('rtb'),
      vpcId: vpc.id,
      tags: tagsFor(input.TagSpecifications, 'route-table'),
      routes: [{ destinationCidrBlock: vpc.cidrBlock, gatewayId: 'local', origin: 'CreateRouteTable', state: 'active' }],
      associations: [],
    });
    return { RouteTable: apiRouteTable(table, context.accountId) };
  }),

  DescribeRouteTables: handler<DescribeRouteTablesRequest, DescribeRouteTablesResult>((context, input) => {
    const ec2 = store(context);
    const ids = input.RouteTableIds ?? [];
    for (const id of ids) requireRouteTable(ec2, id);
    const found = applyFilters(ec2.routeTables, input.Filters, tableFilters(context.accountId), ids);
    const page = paginate(found, input.MaxResults, input.NextToken, { minimum: 5, maximum: 100 });
    return { RouteTables: page.items.map((table) => apiRouteTable(table, context.accountId)), NextToken: page.nextToken };
  }),

  DeleteRouteTable: handler<DeleteRouteTableRequest, Record<string, never>>((context, input) => {
    const ec2 = store(context);
    const table = requireRouteTable(ec2, input.RouteTableId!);
    if (table.associations.length > 0) {
      const what = table.associations.some((association) => association.main)
        ? 'it is the main route table of its VPC'
        : `it is associated with ${table.associations.map((association) => association.subnetId).join(', ')}; disassociate it first`;
      throw ec2Errors.dependencyViolation(`The routeTable '${table.id}' has dependencies and cannot be deleted: ${what}.`);
    }
    ec2.routeTables.delete(table.id);
    return {};
  }),

  AssociateRouteTable: handler<AssociateRouteTableRequest, AssociateRouteTableResult>((context, input) => {
    const ec2 = store(context);
    const table = requireRouteTable(ec2, input.RouteTableId!);
    if (input.GatewayId !== undefined) {
      throw ec2Errors.unsupportedOperation('The gym does not model gateway (edge) route table associations yet; associate a SubnetId.');
    }
    if (input.SubnetId === undefined) throw ec2Errors.missingParameter('SubnetId');
    const subnet = requireSubnet(ec2, input.SubnetId);
    if (subnet.vpcId !== table.vpcId) {
      throw ec2Errors.invalidParameterValue(`Route table ${table.id} and subnet ${subnet.id} belong to different networks`);
    }
    const existing = ec2.routeTables.find('vpc-id', table.vpcId).find((candidate) =>
      candidate.associations.some((association) => association.subnetId === subnet.id));
    if (existing) {
      throw ec2Errors.resourceAlreadyAssociated(
        `the specified association for route table ${table.id} conflicts with an existing association (${subnet.id} is associated with ${existing.id}; use ReplaceRouteTableAssociation)`,
      );
    }
    const id = context.ids.resource('rtbassoc');
    ec2.routeTables.update(table.id, (draft) => {
      draft.associations.push({ id, subnetId: subnet.id, main: false });
    });
    return { AssociationId: id, AssociationState: { State: 'associated' } };
  }),

  DisassociateRouteTable: handler<DisassociateRouteTableRequest, Record<string, never>>((context, input) => {
    const ec2 = store(context);
    const { table, association } = requireAssociation(ec2, input.AssociationId!);
    if (association.main) {
      throw ec2Errors.invalidParameterValue(
        `cannot disassociate the main route table association ${association.id}; make another table main with ReplaceRouteTableAssociation instead.`,
      );
    }
    ec2.routeTables.update(table.id, (draft) => {
      draft.associations = draft.associations.filter((candidate) => candidate.id !== association.id);
    });
    return {};
  }),

  ReplaceRouteTableAssociation: handler<ReplaceRouteTableAssociationRequest, ReplaceRouteTableAssociationResult>((context, input) => {
    const ec2 = store(context);
    const { table, association } = requireAssociation(ec2, input.AssociationId!);
    const target = requireRouteTable(ec2, input.RouteTableId!);
    if (target.vpcId !== table.vpcId) {
      throw ec2Errors.invalidParameterValue(`Route table ${target.id} and association ${association.id} belong to different networks`);
    }
    ec2.routeTables.update(table.id, (draft) => {
      draft.associations = draft.associations.filter((candidate) => candidate.id !== association.id);
    });
    const id = context.ids.resource('rtbassoc');
    ec2.routeTables.update(target.id, (draft) => {
      draft.associations.push({ id, subnetId: association.subnetId, main: association.main });
    });
    if (association.main) {
      ec2.vpcs.update(target.vpcId, (draft) => {
        draft.mainRouteTableId = target.id;
      });
    }
    return { NewAssociationId: id, AssociationState: { State: 'associated' } };
  }),
};
