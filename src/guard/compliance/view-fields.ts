import type { ResourceKind } from '../../cloud/inventory.js';
import type { ViewOf } from '../../cloud/inventory-query.js';

type InventoryKind = Exclude<ResourceKind, 'image'>;

const COMMON = { kind: true, id: true, name: true, tags: true } as const;

/**
 * The fields of each kind's view, so a custom rule's `when:` path can be checked when the policy file
 * is read: a misspelt field would otherwise never match, and the rule would silently never fire.
 * Typed as every key of the view: adding a field to a view in src/cloud/inventory.ts means adding it here.
 */
const VIEW_FIELDS: { readonly [K in InventoryKind]: Readonly<Record<keyof ViewOf<K>, true>> } = {
  vpc: { ...COMMON, cidrBlock: true, isDefault: true, state: true },
  subnet: { ...COMMON, vpcId: true, cidrBlock: true, availabilityZone: true, defaultForAz: true, mapPublicIpOnLaunch: true, availableIpAddressCount: true },
  'internet-gateway': { ...COMMON, vpcId: true },
  'route-table': { ...COMMON, vpcId: true, main: true, subnetIds: true, routes: true },
  'security-group': { ...COMMON, groupName: true, description: true, vpcId: true, rules: true },
  'key-pair': { ...COMMON, keyType: true },
  instance: {
    ...COMMON, state: true, instanceType: true, imageId: true, architecture: true, vpcId: true, subnetId: true, availabilityZone: true,
    privateIpAddress: true, publicIpAddress: true, securityGroupIds: true, keyName: true, monitoring: true, lifecycle: true,
    spotInstanceRequestId: true, rootDeviceName: true, volumes: true, launchTime: true, terminationProtected: true,
    metadataHttpTokens: true, metadataHttpEndpoint: true,
  },
  volume: { ...COMMON, sizeGiB: true, volumeType: true, iops: true, state: true, availabilityZone: true, encrypted: true, attachment: true },
  'elastic-ip': { ...COMMON, publicIp: true, instanceId: true, associationId: true },
  'load-balancer': { ...COMMON, type: true, scheme: true, state: true, dnsName: true, vpcId: true, subnetIds: true, securityGroupIds: true, deletionProtection: true },
  'target-group': { ...COMMON, protocol: true, port: true, vpcId: true, targetType: true, healthCheckPath: true, loadBalancerArns: true, targets: true },
  listener: { ...COMMON, loadBalancerArn: true, protocol: true, port: true, targetGroupArns: true },
};

/** The top-level fields a custom rule may test on a kind's view (`tags.<key>` reaches any tag). */
export function viewFields(kind: string): readonly string[] {
  const fields = (VIEW_FIELDS as Readonly<Record<string, Readonly<Record<string, true>>>>)[kind];
  return fields ? Object.keys(fields) : [];
}
