import type { ServiceContext } from '../../service.js';
import { availabilityZones } from '../../regions.js';
import { createVpc } from './operations/vpcs.js';
import type { Ec2Store } from './store.js';

/**
 * Builds what every AWS region has for a new account: the default VPC (172.31.0.0/16) with one /20
 * default subnet per availability zone that gives instances public addresses, and an internet gateway
 * routed from the main route table.
 */
export function buildDefaultNetwork(context: ServiceContext, store: Ec2Store): void {
  const vpc = createVpc(context, store, { cidrBlock: '172.31.0.0/16', isDefault: true, tags: {} });
  const zones = availabilityZones(context.region) ?? [];
  zones.forEach((zone, index) => {
    store.subnets.put({
      id: context.ids.resource('subnet'),
      vpcId: vpc.id,
      cidrBlock: `172.31.${index * 16}.0/20`,
      availabilityZone: zone,
      state: 'available',
      defaultForAz: true,
      mapPublicIpOnLaunch: true,
      nextAddressOffset: 4,
      tags: {},
      createdAt: context.now,
    });
  });
  const gatewayId = context.ids.resource('igw');
  store.internetGateways.put({ id: gatewayId, vpcId: vpc.id, tags: {} });
  store.routeTables.update(vpc.mainRouteTableId, (table) => {
    table.routes.push({ destinationCidrBlock: '0.0.0.0/0', gatewayId, origin: 'CreateRoute', state: 'active' });
  });
}
