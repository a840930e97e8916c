import type { AssociateRouteTableResult, CreateRouteTableResult, DescribeRouteTablesResult, RouteTable } from '@aws-sdk/client-ec2';
import { AwsError } from '../../../../aws/aws-error.js';
import { ec2, tagSpecifications, tagWithStack, updateTags } from './ec2-calls.js';
import { unknownAttribute, type ProviderContext, type ResourceProperties, type ResourceProvider } from './provider.js';
import { defined, optionalString, readTags, requiredString, unlessNotFound } from './provider-values.js';

function describeTable(context: ProviderContext, id: string): RouteTable | undefined {
  return unlessNotFound(() => ec2<DescribeRouteTablesResult>(context, 'DescribeRouteTables', { RouteTableIds: [id] }).RouteTables?.[0]);
}

/** AWS::EC2::RouteTable. */
export const routeTableProvider: ResourceProvider = {
  type: 'AWS::EC2::RouteTable',
  properties: { Tags: { update: 'none' }, VpcId: { update: 'replace', required: true } },
  attributes: ['RouteTableId'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, attribute, context) {
    if (attribute !== 'RouteTableId') throw unknownAttribute(this, attribute);
    return describeTable(context, physicalId)?.RouteTableId;
  },
  create(context, logicalId, properties) {
    const { RouteTable: table } = ec2<CreateRouteTableResult>(context, 'CreateRouteTable', {
      VpcId: requiredString(properties, 'VpcId', logicalId),
      TagSpecifications: tagSpecifications('route-table', properties),
    });
    tagWithStack(context, table!.RouteTableId!, logicalId);
    return { physicalId: table!.RouteTableId! };
  },
  update(context, physicalId, previous, next) {
    updateTags(context, physicalId, previous, next);
  },
  delete(context, physicalId) {
    unlessNotFound(() => ec2(context, 'DeleteRouteTable', { RouteTableId: physicalId }));
  },
  read(context, physicalId) {
    const table = describeTable(context, physicalId);
    return table ? defined({ Tags: readTags(table.Tags), VpcId: table.VpcId }) : undefined;
  },
};

/** Route targets the gym's EC2 routes to; the others are kept in the table so templates name them exactly. */
const ROUTE_TARGETS = ['GatewayId', 'InstanceId', 'NatGatewayId', 'NetworkInterfaceId'] as const;
const OTHER_TARGETS = ['CarrierGatewayId', 'CoreNetworkArn', 'EgressOnlyInternetGatewayId', 'LocalGatewayId', 'TransitGatewayId', 'VpcEndpointId', 'VpcPeeringConnectionId'] as const;

function routeInput(logicalId: string, properties: ResourceProperties): Record<string, string | undefined> {
  const unsupported = OTHER_TARGETS.find((name) => properties[name] !== undefined);
  if (unsupported) throw new AwsError('ValidationError', `${logicalId}: the gym does not route to a ${unsupported}; use one of ${ROUTE_TARGETS.join(', ')}`);
  if (properties['DestinationIpv6CidrBlock'] !== undefined || properties['DestinationPrefixListId'] !== undefined) {
    throw new AwsError('ValidationError', `${logicalId}: the gym routes IPv4 only; give a DestinationCidrBlock`);
  }
  const input: Record<string, string | undefined> = {
    RouteTableId: requiredString(properties, 'RouteTableId', logicalId),
    DestinationCidrBlock: requiredString(properties, 'DestinationCidrBlock', logicalId),
  };
  for (const name of ROUTE_TARGETS) input[name] = optionalString(properties, name);
  return input;
}

/** A route's physical id: its table and destination, which is what identifies a route in EC2. */
function routeId(tableId: string, destination: string): string {
  return `${tableId}|${destination}`;
}

function splitRouteId(physicalId: string): { tableId: string; destination: string } {
  const [tableId = '', destination = ''] = physicalId.split('|');
  return { tableId, destination };
}

/** AWS::EC2::Route. */
export const routeProvider: ResourceProvider = {
  type: 'AWS::EC2::Route',
  properties: {
    CarrierGatewayId: { update: 'none' },
    CoreNetworkArn: { update: 'none' },
    DestinationCidrBlock: { update: 'replace' },
    DestinationIpv6CidrBlock: { update: 'replace' },
    DestinationPrefixListId: { update: 'replace' },
    EgressOnlyInternetGatewayId: { update: 'none' },
    GatewayId: { update: 'none' },
    InstanceId: { update: 'none' },
    LocalGatewayId: { update: 'none' },
    NatGatewayId: { update: 'none' },
    NetworkInterfaceId: { update: 'none' },
    RouteTableId: { update: 'replace', required: true },
    TransitGatewayId: { update: 'none' },
    VpcEndpointId: { update: 'none' },
    VpcPeeringConnectionId: { update: 'none' },
  },
  attributes: ['CidrBlock'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, attribute) {
    if (attribute !== 'CidrBlock') throw unknownAttribute(this, attribute);
    return splitRouteId(physicalId).destination;
  },
  create(context, logicalId, properties) {
    const input = routeInput(logicalId, properties);
    ec2(context, 'CreateRoute', input);
    return { physicalId: routeId(input['RouteTableId']!, input['DestinationCidrBlock']!) };
  },
  update(context, physicalId, _previous, next) {
    ec2(context, 'ReplaceRoute', routeInput(physicalId, next));
  },
  delete(context, physicalId) {
    const { tableId, destination } = splitRouteId(physicalId);
    unlessNotFound(() => ec2(context, 'DeleteRoute', { RouteTableId: tableId, DestinationCidrBlock: destination }));
  },
  read(context, physicalId) {
    const { tableId, destination } = splitRouteId(physicalId);
    const route = describeTable(context, tableId)?.Routes?.find((candidate) => candidate.DestinationCidrBlock === destination);
    if (!route) return undefined;
    return defined({
      DestinationCidrBlock: route.DestinationCidrBlock,
      GatewayId: route.GatewayId,
      InstanceId: route.InstanceId,
      NatGatewayId: route.NatGatewayId,
      NetworkInterfaceId: route.InstanceId ? undefined : route.NetworkInterfaceId,
      RouteTableId: tableId,
    });
  },
};

function findAssociation(context: ProviderContext, associationId: string): { RouteTableId?: string; SubnetId?: string } | undefined {
  const result = ec2<DescribeRouteTablesResult>(context, 'DescribeRouteTables', { Filters: [{ Name: 'association.route-table-association-id', Values: [associationId] }] });
  return result.RouteTables?.[0]?.Associations?.find((association) => association.RouteTableAssociationId === associationId);
}

/** AWS::EC2::SubnetRouteTableAssociation. */
export const subnetRouteTableAssociationProvider: ResourceProvider = {
  type: 'AWS::EC2::SubnetRouteTableAssociation',
  properties: { RouteTableId: { update: 'replace', required: true }, SubnetId: { update: 'replace', required: true } },
  attributes: ['Id'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, attribute) {
    if (attribute !== 'Id') throw unknownAttribute(this, attribute);
    return physicalId;
  },
  create(context, logicalId, properties) {
    const { AssociationId } = ec2<AssociateRouteTableResult>(context, 'AssociateRouteTable', {
      RouteTableId: requiredString(properties, 'RouteTableId', logicalId),
      SubnetId: requiredString(properties, 'SubnetId', logicalId),
    });
    return { physicalId: AssociationId! };
  },
  update() {
    // Both properties require replacement: there is nothing to change in place.
  },
  delete(context, physicalId) {
    unlessNotFound(() => ec2(context, 'DisassociateRouteTable', { AssociationId: physicalId }));
  },
  read(context, physicalId) {
    const association = findAssociation(context, physicalId);
    return association ? { RouteTableId: association.RouteTableId, SubnetId: association.SubnetId } : undefined;
  },
};
