import type { ServiceContext } from '../../service.js';
import { availabilityZones } from '../../regions.js';
import { attachInternetGateway } from './operations/internet-gateways.js';
import { createSubnet } from './operations/subnets.js';
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
    createSubnet(context, store, {
      vpc,
      cidrBlock: `172.31.${index * 16}.0/20`,
      availabilityZone: zone,
      defaultForAz: true,
      mapPublicIpOnLaunch: true,
      tags: {},
    });
  });
  const gatewayId = context.ids.resource('igw');
  store.internetGateways.put({ id: gatewayId, vpcId: undefined, tags: {} });
  attachInternetGateway(store, gatewayId, vpc.id);
  store.routeTables.update(vpc.mainRouteTableId, (table) => {
    table.routes.push({ destinationCidrBlock: '0.0.0.0/0', gatewayId, origin: 'CreateRoute', state: 'active' });
  });
}
