import type { InstanceAttribute, DescribeInstancesResult, DescribeLaunchTemplatesResult, DescribeVolumesResult, Instance, Reservation } from '@aws-sdk/client-ec2';
import { ec2, tagWithStack, updateTags } from './ec2-calls.js';
import { runInstancesInput } from './instance-launch.js';
import { unknownAttribute, type PropertySpec, type ProviderContext, type ResourceProperties, type ResourceProvider } from './provider.js';
import { defined, optionalBoolean, optionalString, optionalStrings, readTags, unlessNotFound } from './provider-values.js';

const none: PropertySpec = { update: 'none' };
const interrupt: PropertySpec = { update: 'interrupt' };
const replace: PropertySpec = { update: 'replace' };
const conditional: PropertySpec = { update: 'conditional' };

function describeInstance(context: ProviderContext, id: string): Instance | undefined {
  const instance = unlessNotFound(() => ec2<DescribeInstancesResult>(context, 'DescribeInstances', { InstanceIds: [id] }).Reservations?.[0]?.Instances?.[0]);
  return instance?.State?.Name === 'terminated' ? undefined : instance;
}

/** The disks launched with the instance (root, or deleted with it), as the template's BlockDeviceMappings describe them. */
function launchDisks(context: ProviderContext, instance: Instance): ResourceProperties[] | undefined {
  const devices = (instance.BlockDeviceMappings ?? []).filter((device) => device.DeviceName === instance.RootDeviceName || device.Ebs?.DeleteOnTermination !== false);
  const ids = devices.map((device) => device.Ebs?.VolumeId).filter((id): id is string => id !== undefined);
  if (ids.length === 0) return undefined;
  const volumes = new Map((ec2<DescribeVolumesResult>(context, 'DescribeVolumes', { VolumeIds: ids }).Volumes ?? []).map((volume) => [volume.VolumeId, volume]));
  return devices.map((device) => {
    const volume = volumes.get(device.Ebs?.VolumeId);
    return { DeviceName: device.DeviceName, Ebs: defined({ DeleteOnTermination: device.Ebs?.DeleteOnTermination, Encrypted: volume?.Encrypted, Iops: volume?.Iops, VolumeSize: volume?.Size, VolumeType: volume?.VolumeType }) } as ResourceProperties;
  });
}

/**
 * The launch template an instance came from, as EC2's `aws:ec2launchtemplate:*` tags on it record (id
 * and the version it resolved to), with the template's name; undefined for an instance launched without one.
 */
function launchTemplateOf(context: ProviderContext, instance: Instance): ResourceProperties | undefined {
  const tag = (key: string) => instance.Tags?.find((candidate) => candidate.Key === key)?.Value;
  const id = tag('aws:ec2launchtemplate:id');
  if (!id) return undefined;
  const template = unlessNotFound(() => ec2<DescribeLaunchTemplatesResult>(context, 'DescribeLaunchTemplates', { LaunchTemplateIds: [id] }).LaunchTemplates?.[0]);
  return defined({ LaunchTemplateId: id, LaunchTemplateName: template?.LaunchTemplateName, Version: tag('aws:ec2launchtemplate:version') });
}

function attribute<K extends keyof InstanceAttribute>(context: ProviderContext, id: string, name: string, key: K): InstanceAttribute[K] {
  return ec2<InstanceAttribute>(context, 'DescribeInstanceAttribute', { InstanceId: id, Attribute: name })[key];
}

/** The properties EC2 changes only while the instance is stopped ("Some interruptions"), with the call that sets each. */
const STOPPED_CHANGES: Record<string, (properties: ResourceProperties) => object> = {
  InstanceType: (properties) => ({ InstanceType: { Value: optionalString(properties, 'InstanceType') } }),
  UserData: (properties) => ({ UserData: { Value: Buffer.from(optionalString(properties, 'UserData') ?? '', 'base64') } }),
  EbsOptimized: (properties) => ({ EbsOptimized: { Value: optionalBoolean(properties, 'EbsOptimized') ?? false } }),
};

/** The stopped-only properties whose current value differs from what the template asks. */
function pendingStoppedChanges(context: ProviderContext, id: string, instance: Instance, wanted: ResourceProperties): string[] {
  const pending: string[] = [];
  if (wanted['InstanceType'] !== undefined && instance.InstanceType !== wanted['InstanceType']) pending.push('InstanceType');
  if (wanted['EbsOptimized'] !== undefined && instance.EbsOptimized !== optionalBoolean(wanted, 'EbsOptimized')) pending.push('EbsOptimized');
  const userData = optionalString(wanted, 'UserData');
  if (userData !== undefined && attribute(context, id, 'userData', 'UserData')?.Value !== userData) pending.push('UserData');
  return pending;
}

/** Attaches the template's Volumes that are not attached yet (CloudFormation does this once the instance runs). */
function attachVolumes(context: ProviderContext, instance: Instance, wanted: ResourceProperties): void {
  const attached = new Set((instance.BlockDeviceMappings ?? []).map((device) => device.Ebs?.VolumeId));
  for (const volume of (wanted['Volumes'] as { Device: string; VolumeId: string }[] | undefined) ?? []) {
    if (!attached.has(volume.VolumeId)) ec2(context, 'AttachVolume', { InstanceId: instance.InstanceId, VolumeId: volume.VolumeId, Device: volume.Device });
  }
}

function setLiveAttributes(context: ProviderContext, id: string, previous: ResourceProperties, next: ResourceProperties): void {
  const changed = (name: string) => JSON.stringify(previous[name]) !== JSON.stringify(next[name]);
  if (changed('Monitoring')) ec2(context, optionalBoolean(next, 'Monitoring') ? 'MonitorInstances' : 'UnmonitorInstances', { InstanceIds: [id] });
  if (changed('DisableApiTermination')) ec2(context, 'ModifyInstanceAttribute', { InstanceId: id, DisableApiTermination: { Value: optionalBoolean(next, 'DisableApiTermination') ?? false } });
  if (changed('SourceDestCheck')) ec2(context, 'ModifyInstanceAttribute', { InstanceId: id, SourceDestCheck: { Value: optionalBoolean(next, 'SourceDestCheck') ?? true } });
  if (changed('InstanceInitiatedShutdownBehavior')) {
    ec2(context, 'ModifyInstanceAttribute', { InstanceId: id, InstanceInitiatedShutdownBehavior: { Value: optionalString(next, 'InstanceInitiatedShutdownBehavior') ?? 'stop' } });
  }
  if (changed('SecurityGroupIds') && next['SecurityGroupIds'] !== undefined) ec2(context, 'ModifyInstanceAttribute', { InstanceId: id, Groups: optionalStrings(next, 'SecurityGroupIds') });
  updateTags(context, id, previous, next);
}

/**
 * AWS::EC2::Instance. Changes EC2 allows only on a stopped instance (type, user data, EBS optimization)
 * stop it in `update`; `stabilized` then applies them and starts it again, as CloudFormation does.
 */
export const instanceProvider: ResourceProvider = {
  type: 'AWS::EC2::Instance',
  properties: {
    AdditionalInfo: interrupt, Affinity: conditional, AvailabilityZone: replace, BlockDeviceMappings: conditional, CpuOptions: replace,
    CreditSpecification: none, DisableApiTermination: none, EbsOptimized: interrupt, ElasticGpuSpecifications: replace,
    ElasticInferenceAccelerators: replace, EnclaveOptions: replace, HibernationOptions: replace, HostId: conditional,
    HostResourceGroupArn: replace, IamInstanceProfile: none, ImageId: replace, InstanceInitiatedShutdownBehavior: none,
    InstanceType: interrupt, Ipv6AddressCount: replace, Ipv6Addresses: replace, KernelId: interrupt, KeyName: replace,
    LaunchTemplate: replace, LicenseSpecifications: replace, MetadataOptions: none, Monitoring: none, NetworkInterfaces: replace,
    PlacementGroupName: replace, PrivateDnsNameOptions: conditional, PrivateIpAddress: replace, PropagateTagsToVolumeOnCreation: none,
    RamdiskId: interrupt, SecurityGroupIds: interrupt, SecurityGroups: replace, SourceDestCheck: none, SsmAssociations: none,
    SubnetId: replace, Tags: none, Tenancy: interrupt, UserData: interrupt, Volumes: none,
  },
  attributes: ['AvailabilityZone', 'InstanceId', 'PrivateDnsName', 'PrivateIp', 'PublicDnsName', 'PublicIp', 'VpcId'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, name, context) {
    const instance = describeInstance(context, physicalId);
    switch (name) {
      case 'AvailabilityZone': return instance?.Placement?.AvailabilityZone;
      case 'InstanceId': return instance?.InstanceId;
      case 'PrivateDnsName': return instance?.PrivateDnsName;
      case 'PrivateIp': return instance?.PrivateIpAddress;
      case 'PublicDnsName': return instance?.PublicDnsName;
      case 'PublicIp': return instance?.PublicIpAddress;
      case 'VpcId': return instance?.VpcId;
      default: throw unknownAttribute(this, name);
    }
  },
  create(context, logicalId, properties) {
    const reservation = ec2<Reservation>(context, 'RunInstances', runInstancesInput(properties));
    const id = reservation.Instances![0]!.InstanceId!;
    tagWithStack(context, id, logicalId);
    return { physicalId: id };
  },
  stabilized(context, physicalId, properties) {
    const instance = describeInstance(context, physicalId);
    const state = instance?.State?.Name;
    if (!instance || state === 'shutting-down') return { failed: `instance ${physicalId} terminated: ${instance?.StateReason?.Message ?? 'it no longer exists'}` };
    if (state === 'pending' || state === 'stopping') return 'pending';
    const pending = pendingStoppedChanges(context, physicalId, instance, properties);
    if (state === 'stopped') {
      for (const name of pending) ec2(context, 'ModifyInstanceAttribute', { InstanceId: physicalId, ...STOPPED_CHANGES[name]!(properties) });
      ec2(context, 'StartInstances', { InstanceIds: [physicalId] });
      return 'pending';
    }
    if (pending.length > 0) {
      ec2(context, 'StopInstances', { InstanceIds: [physicalId] });
      return 'pending';
    }
    attachVolumes(context, instance, properties);
    return 'done';
  },
  update(context, physicalId, previous, next) {
    setLiveAttributes(context, physicalId, previous, next);
    const instance = describeInstance(context, physicalId);
    if (instance && Object.keys(STOPPED_CHANGES).some((name) => JSON.stringify(previous[name]) !== JSON.stringify(next[name]))) {
      if (instance.State?.Name === 'running') ec2(context, 'StopInstances', { InstanceIds: [physicalId] });
    }
    const detached = ((previous['Volumes'] as { VolumeId: string }[] | undefined) ?? [])
      .filter((volume) => !((next['Volumes'] as { VolumeId: string }[] | undefined) ?? []).some((kept) => kept.VolumeId === volume.VolumeId));
    for (const volume of detached) ec2(context, 'DetachVolume', { VolumeId: volume.VolumeId, InstanceId: physicalId });
  },
  delete(context, physicalId) {
    if (describeInstance(context, physicalId)) ec2(context, 'TerminateInstances', { InstanceIds: [physicalId] });
  },
  deleteStabilized: (context, physicalId) => (describeInstance(context, physicalId) ? 'pending' : 'done'),
  read(context, physicalId) {
    const instance = describeInstance(context, physicalId);
    if (!instance) return undefined;
    const userData = attribute(context, physicalId, 'userData', 'UserData')?.Value;
    // Volumes attached after launch (kept when the instance goes) are the template's Volumes; launch-time disks are not.
    const volumes = (instance.BlockDeviceMappings ?? [])
      .filter((device) => device.DeviceName !== instance.RootDeviceName && device.Ebs?.DeleteOnTermination === false)
      .map((device) => ({ Device: device.DeviceName, VolumeId: device.Ebs?.VolumeId }));
    const metadata = instance.MetadataOptions;
    return defined({
      AvailabilityZone: instance.Placement?.AvailabilityZone,
      BlockDeviceMappings: launchDisks(context, instance),
      MetadataOptions: metadata ? defined({ HttpEndpoint: metadata.HttpEndpoint, HttpPutResponseHopLimit: metadata.HttpPutResponseHopLimit, HttpTokens: metadata.HttpTokens, InstanceMetadataTags: metadata.InstanceMetadataTags }) : undefined,
      DisableApiTermination: attribute(context, physicalId, 'disableApiTermination', 'DisableApiTermination')?.Value,
      EbsOptimized: instance.EbsOptimized,
      ImageId: instance.ImageId,
      InstanceInitiatedShutdownBehavior: attribute(context, physicalId, 'instanceInitiatedShutdownBehavior', 'InstanceInitiatedShutdownBehavior')?.Value,
      InstanceType: instance.InstanceType,
      KeyName: instance.KeyName,
      LaunchTemplate: launchTemplateOf(context, instance),
      Monitoring: instance.Monitoring?.State === 'enabled' || instance.Monitoring?.State === 'pending',
      PrivateIpAddress: instance.PrivateIpAddress,
      SecurityGroupIds: (instance.SecurityGroups ?? []).map((group) => group.GroupId),
      SourceDestCheck: instance.SourceDestCheck,
      SubnetId: instance.SubnetId,
      Tags: readTags(instance.Tags),
      UserData: userData,
      Volumes: volumes.length > 0 ? volumes : undefined,
    });
  },
};
