import type { BlockDeviceMapping, InstanceNetworkInterfaceSpecification, RunInstancesRequest } from '@aws-sdk/client-ec2';
import type { ResourceProperties } from './provider.js';
import { templateTags } from './provider-values.js';
import { optionalBoolean, optionalInteger, optionalString, optionalStrings } from './provider-values.js';

type Loose = Record<string, unknown>;

function blockDevices(properties: ResourceProperties): BlockDeviceMapping[] | undefined {
  const mappings = properties['BlockDeviceMappings'] as Loose[] | undefined;
  return mappings?.map((mapping) => {
    const ebs = mapping['Ebs'] as Loose | undefined;
    return {
      DeviceName: optionalString(mapping, 'DeviceName'),
      VirtualName: optionalString(mapping, 'VirtualName'),
      NoDevice: mapping['NoDevice'] !== undefined ? '' : undefined,
      Ebs: ebs && {
        DeleteOnTermination: optionalBoolean(ebs, 'DeleteOnTermination'),
        Encrypted: optionalBoolean(ebs, 'Encrypted'),
        Iops: optionalInteger(ebs, 'Iops'),
        KmsKeyId: optionalString(ebs, 'KmsKeyId'),
        SnapshotId: optionalString(ebs, 'SnapshotId'),
        Throughput: optionalInteger(ebs, 'Throughput'),
        VolumeSize: optionalInteger(ebs, 'VolumeSize'),
        VolumeType: optionalString(ebs, 'VolumeType') as NonNullable<BlockDeviceMapping['Ebs']>['VolumeType'],
      },
    };
  });
}

function networkInterfaces(properties: ResourceProperties): InstanceNetworkInterfaceSpecification[] | undefined {
  const interfaces = properties['NetworkInterfaces'] as Loose[] | undefined;
  return interfaces?.map((entry) => ({
    AssociatePublicIpAddress: optionalBoolean(entry, 'AssociatePublicIpAddress'),
    DeleteOnTermination: optionalBoolean(entry, 'DeleteOnTermination'),
    Description: optionalString(entry, 'Description'),
    DeviceIndex: optionalInteger(entry, 'DeviceIndex'),
    Groups: optionalStrings(entry, 'GroupSet'),
    NetworkInterfaceId: optionalString(entry, 'NetworkInterfaceId'),
    PrivateIpAddress: optionalString(entry, 'PrivateIpAddress'),
    SubnetId: optionalString(entry, 'SubnetId'),
  }));
}

/** An AWS::EC2::Instance's properties as the RunInstances request CloudFormation makes (one instance). */
export function runInstancesInput(properties: ResourceProperties): RunInstancesRequest {
  const template = properties['LaunchTemplate'] as Loose | undefined;
  const monitoring = optionalBoolean(properties, 'Monitoring');
  const zone = optionalString(properties, 'AvailabilityZone');
  const tenancy = optionalString(properties, 'Tenancy');
  const tags = templateTags(properties);
  return {
    MinCount: 1,
    MaxCount: 1,
    ImageId: optionalString(properties, 'ImageId'),
    InstanceType: optionalString(properties, 'InstanceType') as RunInstancesRequest['InstanceType'],
    KeyName: optionalString(properties, 'KeyName'),
    SubnetId: optionalString(properties, 'SubnetId'),
    SecurityGroupIds: optionalStrings(properties, 'SecurityGroupIds'),
    SecurityGroups: optionalStrings(properties, 'SecurityGroups'),
    PrivateIpAddress: optionalString(properties, 'PrivateIpAddress'),
    UserData: optionalString(properties, 'UserData'),
    Monitoring: monitoring === undefined ? undefined : { Enabled: monitoring },
    DisableApiTermination: optionalBoolean(properties, 'DisableApiTermination'),
    EbsOptimized: optionalBoolean(properties, 'EbsOptimized'),
    InstanceInitiatedShutdownBehavior: optionalString(properties, 'InstanceInitiatedShutdownBehavior') as RunInstancesRequest['InstanceInitiatedShutdownBehavior'],
    BlockDeviceMappings: blockDevices(properties),
    NetworkInterfaces: networkInterfaces(properties),
    Placement: zone || tenancy ? { AvailabilityZone: zone, Tenancy: tenancy as 'default' } : undefined,
    MetadataOptions: properties['MetadataOptions'] as RunInstancesRequest['MetadataOptions'],
    LaunchTemplate: template && {
      LaunchTemplateId: optionalString(template, 'LaunchTemplateId'),
      LaunchTemplateName: optionalString(template, 'LaunchTemplateName'),
      Version: optionalString(template, 'Version'),
    },
    TagSpecifications: tags.length > 0 ? [{ ResourceType: 'instance', Tags: tags }] : undefined,
  };
}
