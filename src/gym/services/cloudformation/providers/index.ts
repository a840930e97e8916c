import { internetGatewayProvider, subnetProvider, vpcGatewayAttachmentProvider, vpcProvider } from './network-providers.js';
import type { ResourceProvider } from './provider.js';
import { routeProvider, routeTableProvider, subnetRouteTableAssociationProvider } from './routing-providers.js';

/** Every resource type the gym's CloudFormation can manage, by type name. */
export function resourceProviders(): ReadonlyMap<string, ResourceProvider> {
  const providers: ResourceProvider[] = [
    vpcProvider, subnetProvider, internetGatewayProvider, vpcGatewayAttachmentProvider,
    routeTableProvider, routeProvider, subnetRouteTableAssociationProvider,
  ];
  return new Map(providers.map((provider) => [provider.type, provider]));
}
