import type { Inventory } from '../../cloud/inventory.js';
import type { TemplateResourceEntry } from './template-builder.js';

/** The ResourceIdentifier key of the types a stack adopts by their own id (the registry schemas' primary identifiers). */
const BY_ID: Readonly<Record<string, string>> = {
  'AWS::EC2::VPC': 'VpcId',
  'AWS::EC2::Subnet': 'SubnetId',
  'AWS::EC2::InternetGateway': 'InternetGatewayId',
  'AWS::EC2::RouteTable': 'RouteTableId',
  'AWS::EC2::SecurityGroup': 'GroupId',
  'AWS::EC2::Instance': 'InstanceId',
  'AWS::EC2::Volume': 'VolumeId',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'LoadBalancerArn',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'TargetGroupArn',
  'AWS::ElasticLoadBalancingV2::Listener': 'ListenerArn',
};

function referenced(value: unknown): string | undefined {
  return value && typeof value === 'object' && typeof (value as { Ref?: unknown }).Ref === 'string' ? (value as { Ref: string }).Ref : undefined;
}

/**
 * The ResourceIdentifier that adopts an exported entry into a stack, or undefined when the entry cannot
 * be imported (CloudFormation cannot import address associations, routes or gateway attachments; those
 * are added by the update instead, when they must be in the stack at all).
 */
export function importIdentifier(logicalId: string, entry: TemplateResourceEntry, physicalOf: ReadonlyMap<string, string>, inventory: Inventory): Record<string, string> | undefined {
  const key = BY_ID[entry.Type];
  if (key) {
    const physical = physicalOf.get(logicalId);
    return physical ? { [key]: physical } : undefined;
  }
  if (entry.Type === 'AWS::EC2::EIP') {
    const address = inventory.elasticIps.find((candidate) => candidate.id === physicalOf.get(logicalId));
    return address ? { PublicIp: address.publicIp } : undefined;
  }
  if (entry.Type === 'AWS::EC2::VolumeAttachment') {
    const volumeLogical = referenced(entry.Properties['VolumeId']);
    const volume = inventory.volumes.find((candidate) => candidate.id === (volumeLogical ? physicalOf.get(volumeLogical) : undefined));
    return volume?.attachment ? { VolumeId: volume.id, InstanceId: volume.attachment.instanceId } : undefined;
  }
  return undefined;
}
