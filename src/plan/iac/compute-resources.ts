import type { ElasticIpView, InstanceView, VolumeView } from '../../cloud/inventory.js';
import { compact, templateTags, type TemplateBuilder } from './template-builder.js';

/** The IOPS AWS gives a volume when none are asked for: gp3's baseline; gp2's follow from the size. */
function explicitIops(volume: VolumeView): number | undefined {
  if (volume.volumeType === 'gp2' || volume.volumeType === 'standard' || volume.volumeType === 'st1' || volume.volumeType === 'sc1') return undefined;
  if (volume.volumeType === 'gp3' && volume.iops === 3000) return undefined;
  return volume.iops;
}

/** The instance's root volume, which the instance creates itself (so it is written as a block device mapping). */
export function rootVolumeOf(builder: TemplateBuilder, instance: InstanceView): VolumeView | undefined {
  const mapped = instance.volumes.find((volume) => volume.device === instance.rootDeviceName);
  return mapped ? builder.inventory.volumes.find((volume) => volume.id === mapped.volumeId) : undefined;
}

/** True when the volume is the root device of its instance. */
export function isRootVolume(volume: VolumeView, instances: readonly InstanceView[]): boolean {
  const attachment = volume.attachment;
  if (!attachment) return false;
  return instances.some((instance) => instance.id === attachment.instanceId && instance.rootDeviceName === attachment.device);
}

function rootBlockDevice(builder: TemplateBuilder, instance: InstanceView): unknown[] | undefined {
  const root = rootVolumeOf(builder, instance);
  if (!root || !instance.rootDeviceName) return undefined;
  const deleteOnTermination = instance.volumes.find((volume) => volume.volumeId === root.id)?.deleteOnTermination;
  return [{
    DeviceName: instance.rootDeviceName,
    Ebs: compact({
      // 0 is a size not yet known (a planned launch leaving it to the image): the image's own size applies.
      VolumeSize: root.sizeGiB > 0 ? root.sizeGiB : undefined,
      VolumeType: root.volumeType === 'gp2' ? undefined : root.volumeType,
      Iops: explicitIops(root),
      Encrypted: root.encrypted ? true : undefined,
      DeleteOnTermination: deleteOnTermination === false ? false : undefined,
    }),
  }];
}

/**
 * Writes an AWS::EC2::Instance: image, type, subnet, groups, key, detailed monitoring and IMDS settings
 * when they differ from AWS's defaults, the root volume's size and type, and for a spot instance an
 * AWS::EC2::LaunchTemplate asking for the spot market (the Instance resource cannot ask for it itself).
 */
export function writeInstance(builder: TemplateBuilder, instance: InstanceView): void {
  const logical = builder.logicalId(instance.id);
  let launchTemplate: Record<string, unknown> | undefined;
  if (instance.lifecycle === 'spot') {
    const templateName = builder.claim(`${logical}LaunchTemplate`);
    builder.add(templateName, { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { InstanceMarketOptions: { MarketType: 'spot' } } } });
    launchTemplate = { LaunchTemplateId: { Ref: templateName }, Version: { 'Fn::GetAtt': [templateName, 'LatestVersionNumber'] } };
  }
  const metadata = compact({
    HttpTokens: instance.metadataHttpTokens === 'required' ? 'required' : undefined,
    HttpEndpoint: instance.metadataHttpEndpoint === 'disabled' ? 'disabled' : undefined,
  });
  const groups = builder.references(instance.securityGroupIds);
  if (instance.state === 'stopped' || instance.state === 'stopping') {
    builder.note(`${logical}: ${instance.name ?? instance.id} is ${instance.state}; a stack creates it running (stop it after deploying)`);
  }
  builder.add(logical, {
    Type: 'AWS::EC2::Instance',
    Properties: compact({
      ImageId: instance.imageId,
      InstanceType: instance.instanceType,
      SubnetId: instance.subnetId ? builder.reference(instance.subnetId) : undefined,
      SecurityGroupIds: groups.length > 0 ? groups : undefined,
      KeyName: instance.keyName ? builder.keyName(instance.keyName) : undefined,
      Monitoring: instance.monitoring === 'enabled' || instance.monitoring === 'pending' ? true : undefined,
      DisableApiTermination: instance.terminationProtected ? true : undefined,
      MetadataOptions: Object.keys(metadata).length > 0 ? metadata : undefined,
      BlockDeviceMappings: rootBlockDevice(builder, instance),
      LaunchTemplate: launchTemplate,
      Tags: templateTags(instance.tags),
    }),
  });
}

/** Writes an AWS::EC2::Volume and, when it is attached, its AWS::EC2::VolumeAttachment. */
export function writeVolume(builder: TemplateBuilder, volume: VolumeView): void {
  const logical = builder.logicalId(volume.id);
  builder.add(logical, {
    Type: 'AWS::EC2::Volume',
    Properties: compact({
      AvailabilityZone: volume.availabilityZone,
      Size: volume.sizeGiB,
      VolumeType: volume.volumeType === 'gp2' ? undefined : volume.volumeType,
      Iops: explicitIops(volume),
      Encrypted: volume.encrypted ? true : undefined,
      Tags: templateTags(volume.tags),
    }),
  });
  if (!volume.attachment) return;
  builder.add(builder.claim(`${logical}Attachment`), {
    Type: 'AWS::EC2::VolumeAttachment',
    Properties: { InstanceId: builder.reference(volume.attachment.instanceId), VolumeId: { Ref: logical }, Device: volume.attachment.device },
  });
}

/**
 * Writes an AWS::EC2::EIP and, when it is associated, its AWS::EC2::EIPAssociation. An association in a
 * VPC whose internet gateway is in the template waits for the gateway's attachment, as AWS requires.
 */
export function writeElasticIp(builder: TemplateBuilder, address: ElasticIpView, attachments: ReadonlyMap<string, string>): void {
  const logical = builder.logicalId(address.id);
  builder.add(logical, { Type: 'AWS::EC2::EIP', Properties: compact({ Domain: 'vpc', Tags: templateTags(address.tags) }) });
  if (!address.instanceId) return;
  const vpcId = builder.inventory.instances.find((instance) => instance.id === address.instanceId)?.vpcId;
  const gateway = builder.inventory.internetGateways.find((candidate) => candidate.vpcId !== undefined && candidate.vpcId === vpcId);
  const attachment = gateway ? attachments.get(gateway.id) : undefined;
  builder.add(builder.claim(`${logical}Association`), {
    Type: 'AWS::EC2::EIPAssociation',
    Properties: { AllocationId: { 'Fn::GetAtt': [logical, 'AllocationId'] }, InstanceId: builder.reference(address.instanceId) },
    ...(attachment ? { DependsOn: [attachment] } : {}),
  });
}
