import { cdkMetadataProvider } from './cdk-metadata-provider.js';
import { launchTemplateProvider } from './launch-template-provider.js';
import { listenerProvider } from './listener-provider.js';
import { loadBalancerProvider } from './load-balancer-provider.js';
import { eipAssociationProvider, eipProvider, keyPairProvider } from './address-providers.js';
import { instanceProvider } from './instance-provider.js';
import { internetGatewayProvider, subnetProvider, vpcGatewayAttachmentProvider, vpcProvider } from './network-providers.js';
import type { ResourceProvider } from './provider.js';
import { securityGroupEgressProvider, securityGroupIngressProvider, securityGroupProvider } from './security-group-providers.js';
import { volumeAttachmentProvider, volumeProvider } from './storage-providers.js';
import { targetGroupProvider } from './target-group-provider.js';
import { routeProvider, routeTableProvider, subnetRouteTableAssociationProvider } from './routing-providers.js';

/** Every resource type the gym's CloudFormation can manage, by type name. */
export function resourceProviders(): ReadonlyMap<string, ResourceProvider> {
  const providers: ResourceProvider[] = [
    vpcProvider, subnetProvider, internetGatewayProvider, vpcGatewayAttachmentProvider,
    routeTableProvider, routeProvider, subnetRouteTableAssociationProvider,
    securityGroupProvider, securityGroupIngressProvider, securityGroupEgressProvider,
    instanceProvider, volumeProvider, volumeAttachmentProvider, eipProvider, eipAssociationProvider, keyPairProvider, launchTemplateProvider,
    loadBalancerProvider, targetGroupProvider, listenerProvider, cdkMetadataProvider,
  ];
  return new Map(providers.map((provider) => [provider.type, provider]));
}
