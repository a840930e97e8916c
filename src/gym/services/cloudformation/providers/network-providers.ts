import type {
  CreateInternetGatewayResult, CreateSubnetResult, CreateVpcResult, DescribeInternetGatewaysResult, DescribeSubnetsResult,
  DescribeInstancesResult, DescribeVpcAttributeResult, DescribeVpcsResult, InternetGateway, Subnet, Vpc,
} from '@aws-sdk/client-ec2';
import { AwsError } from '../../../../aws/aws-error.js';
import type { Ec2Store } from '../../ec2/store.js';
import { ec2, tagSpecifications, tagWithStack, updateTags } from './ec2-calls.js';
import { unknownAttribute, type ProviderContext, type ResourceProperties, type ResourceProvider } from './provider.js';
import { defined, optionalBoolean, optionalString, readTags, requiredString, unlessNotFound } from './provider-values.js';

function describeVpc(context: ProviderContext, id: string): Vpc | undefined {
  return unlessNotFound(() => ec2<DescribeVpcsResult>(context, 'DescribeVpcs', { VpcIds: [id] }).Vpcs?.[0]);
}

function vpcAttribute(context: ProviderContext, id: string, attribute: 'enableDnsSupport' | 'enableDnsHostnames'): boolean {
  const result = ec2<DescribeVpcAttributeResult>(context, 'DescribeVpcAttribute', { VpcId: id, Attribute: attribute });
  return (attribute === 'enableDnsSupport' ? result.EnableDnsSupport?.Value : result.EnableDnsHostnames?.Value) ?? false;
}

function setDns(context: ProviderContext, id: string, properties: ResourceProperties, previous?: ResourceProperties): void {
  for (const name of ['EnableDnsSupport', 'EnableDnsHostnames'] as const) {
    const value = optionalBoolean(properties, name);
    if (value === undefined || (previous && optionalBoolean(previous, name) === value)) continue;
    ec2(context, 'ModifyVpcAttribute', { VpcId: id, [name]: { Value: value } });
  }
}

/** AWS::EC2::VPC. */
export const vpcProvider: ResourceProvider = {
  type: 'AWS::EC2::VPC',
  properties: {
    CidrBlock: { update: 'replace' },
    EnableDnsHostnames: { update: 'none' },
    EnableDnsSupport: { update: 'none' },
    InstanceTenancy: { update: 'conditional' },
    Ipv4IpamPoolId: { update: 'replace' },
    Ipv4NetmaskLength: { update: 'replace' },
    Tags: { update: 'none' },
  },
  attributes: ['CidrBlock', 'CidrBlockAssociations', 'DefaultNetworkAcl', 'DefaultSecurityGroup', 'Ipv6CidrBlocks', 'VpcId'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, attribute, context) {
    const vpc = describeVpc(context, physicalId);
    const record = context.store<Ec2Store>('ec2').vpcs.get(physicalId);
    switch (attribute) {
      case 'CidrBlock': return vpc?.CidrBlock;
      case 'CidrBlockAssociations': return (vpc?.CidrBlockAssociationSet ?? []).map((association) => association.AssociationId);
      // EC2's network ACL API is not in the gym; the VPC record knows its default ACL.
      case 'DefaultNetworkAcl': return record?.defaultNetworkAclId;
      case 'DefaultSecurityGroup': return record?.defaultSecurityGroupId;
      case 'Ipv6CidrBlocks': return [];
      case 'VpcId': return vpc?.VpcId;
      default: throw unknownAttribute(this, attribute);
    }
  },
  create(context, logicalId, properties) {
    if (properties['Ipv4IpamPoolId'] !== undefined) throw new AwsError('ValidationError', `${logicalId}: the gym has no IPAM; give the VPC a CidrBlock instead of Ipv4IpamPoolId`);
    const { Vpc: vpc } = ec2<CreateVpcResult>(context, 'CreateVpc', {
      CidrBlock: requiredString(properties, 'CidrBlock', logicalId),
      InstanceTenancy: optionalString(properties, 'InstanceTenancy'),
      TagSpecifications: tagSpecifications('vpc', properties),
    });
    const id = vpc!.VpcId!;
    setDns(context, id, properties);
    tagWithStack(context, id, logicalId);
    return { physicalId: id };
  },
  update(context, physicalId, previous, next) {
    setDns(context, physicalId, next, previous);
    updateTags(context, physicalId, previous, next);
  },
  // EC2 can move a VPC from dedicated to default tenancy in place, and nothing else.
  conditionalReplacement: (previous, next) => !(previous['InstanceTenancy'] === 'dedicated' && next['InstanceTenancy'] === 'default'),
  delete(context, physicalId) {
    unlessNotFound(() => ec2(context, 'DeleteVpc', { VpcId: physicalId }));
  },
  read(context, physicalId) {
    const vpc = describeVpc(context, physicalId);
    if (!vpc) return undefined;
    return defined({
      CidrBlock: vpc.CidrBlock,
      EnableDnsHostnames: vpcAttribute(context, physicalId, 'enableDnsHostnames'),
      EnableDnsSupport: vpcAttribute(context, physicalId, 'enableDnsSupport'),
      InstanceTenancy: vpc.InstanceTenancy,
      Tags: readTags(vpc.Tags),
    });
  },
};

function describeSubnet(context: ProviderContext, id: string): Subnet | undefined {
  return unlessNotFound(() => ec2<DescribeSubnetsResult>(context, 'DescribeSubnets', { SubnetIds: [id] }).Subnets?.[0]);
}

/** AWS::EC2::Subnet. */
export const subnetProvider: ResourceProvider = {
  type: 'AWS::EC2::Subnet',
  properties: {
    AssignIpv6AddressOnCreation: { update: 'none' },
    AvailabilityZone: { update: 'replace' },
    AvailabilityZoneId: { update: 'replace' },
    CidrBlock: { update: 'replace' },
    EnableDns64: { update: 'none' },
    Ipv4IpamPoolId: { update: 'replace' },
    Ipv4NetmaskLength: { update: 'replace' },
    Ipv6CidrBlock: { update: 'conditional' },
    Ipv6Native: { update: 'replace' },
    MapPublicIpOnLaunch: { update: 'none' },
    OutpostArn: { update: 'replace' },
    PrivateDnsNameOptionsOnLaunch: { update: 'none' },
    Tags: { update: 'none' },
    VpcId: { update: 'replace', required: true },
  },
  attributes: ['AvailabilityZone', 'AvailabilityZoneId', 'CidrBlock', 'Ipv6CidrBlocks', 'NetworkAclAssociationId', 'OutpostArn', 'SubnetId', 'VpcId'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, attribute, context) {
    const subnet = describeSubnet(context, physicalId);
    switch (attribute) {
      case 'AvailabilityZone': return subnet?.AvailabilityZone;
      case 'AvailabilityZoneId': return subnet?.AvailabilityZoneId;
      case 'CidrBlock': return subnet?.CidrBlock;
      case 'Ipv6CidrBlocks': return [];
      // The gym has no network ACLs; a stable id derived from the subnet stands in for the association.
      case 'NetworkAclAssociationId': return subnet ? `aclassoc-${physicalId.slice('subnet-'.length)}` : undefined;
      case 'OutpostArn': return '';
      case 'SubnetId': return subnet?.SubnetId;
      case 'VpcId': return subnet?.VpcId;
      default: throw unknownAttribute(this, attribute);
    }
  },
  create(context, logicalId, properties) {
    const { Subnet: subnet } = ec2<CreateSubnetResult>(context, 'CreateSubnet', {
      VpcId: requiredString(properties, 'VpcId', logicalId),
      CidrBlock: optionalString(properties, 'CidrBlock'),
      AvailabilityZone: optionalString(properties, 'AvailabilityZone'),
      AvailabilityZoneId: optionalString(properties, 'AvailabilityZoneId'),
      Ipv6CidrBlock: optionalString(properties, 'Ipv6CidrBlock'),
      Ipv6Native: optionalBoolean(properties, 'Ipv6Native'),
      TagSpecifications: tagSpecifications('subnet', properties),
    });
    const id = subnet!.SubnetId!;
    const mapPublic = optionalBoolean(properties, 'MapPublicIpOnLaunch');
    if (mapPublic !== undefined) ec2(context, 'ModifySubnetAttribute', { SubnetId: id, MapPublicIpOnLaunch: { Value: mapPublic } });
    tagWithStack(context, id, logicalId);
    return { physicalId: id };
  },
  update(context, physicalId, previous, next) {
    const mapPublic = optionalBoolean(next, 'MapPublicIpOnLaunch') ?? false;
    if (mapPublic !== (optionalBoolean(previous, 'MapPublicIpOnLaunch') ?? false)) {
      ec2(context, 'ModifySubnetAttribute', { SubnetId: physicalId, MapPublicIpOnLaunch: { Value: mapPublic } });
    }
    updateTags(context, physicalId, previous, next);
  },
  delete(context, physicalId) {
    unlessNotFound(() => ec2(context, 'DeleteSubnet', { SubnetId: physicalId }));
  },
  read(context, physicalId) {
    const subnet = describeSubnet(context, physicalId);
    if (!subnet) return undefined;
    return defined({
      AssignIpv6AddressOnCreation: subnet.AssignIpv6AddressOnCreation,
      AvailabilityZone: subnet.AvailabilityZone,
      CidrBlock: subnet.CidrBlock,
      EnableDns64: subnet.EnableDns64,
      MapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch,
      Tags: readTags(subnet.Tags),
      VpcId: subnet.VpcId,
    });
  },
};

function describeGateway(context: ProviderContext, id: string): InternetGateway | undefined {
  return unlessNotFound(() => ec2<DescribeInternetGatewaysResult>(context, 'DescribeInternetGateways', { InternetGatewayIds: [id] }).InternetGateways?.[0]);
}

/** AWS::EC2::InternetGateway. */
export const internetGatewayProvider: ResourceProvider = {
  type: 'AWS::EC2::InternetGateway',
  properties: { Tags: { update: 'none' } },
  attributes: ['InternetGatewayId'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, attribute, context) {
    if (attribute !== 'InternetGatewayId') throw unknownAttribute(this, attribute);
    return describeGateway(context, physicalId)?.InternetGatewayId;
  },
  create(context, logicalId, properties) {
    const { InternetGateway: gateway } = ec2<CreateInternetGatewayResult>(context, 'CreateInternetGateway', {
      TagSpecifications: tagSpecifications('internet-gateway', properties),
    });
    tagWithStack(context, gateway!.InternetGatewayId!, logicalId);
    return { physicalId: gateway!.InternetGatewayId! };
  },
  update(context, physicalId, previous, next) {
    updateTags(context, physicalId, previous, next);
  },
  delete(context, physicalId) {
    unlessNotFound(() => ec2(context, 'DeleteInternetGateway', { InternetGatewayId: physicalId }));
  },
  read(context, physicalId) {
    const gateway = describeGateway(context, physicalId);
    return gateway ? defined({ Tags: readTags(gateway.Tags) }) : undefined;
  },
};

/** The physical id AWS gives a gateway attachment: the gateway kind and the VPC. */
function attachmentId(vpcId: string): string {
  return `IGW|${vpcId}`;
}

function attachmentVpc(physicalId: string): string {
  return physicalId.slice(physicalId.indexOf('|') + 1);
}

function attach(context: ProviderContext, logicalId: string, properties: ResourceProperties): string {
  if (properties['VpnGatewayId'] !== undefined) throw new AwsError('ValidationError', `${logicalId}: the gym has no VPN gateways; attach an InternetGatewayId`);
  const vpcId = requiredString(properties, 'VpcId', logicalId);
  ec2(context, 'AttachInternetGateway', { VpcId: vpcId, InternetGatewayId: requiredString(properties, 'InternetGatewayId', logicalId) });
  return attachmentId(vpcId);
}

/** AWS::EC2::VPCGatewayAttachment (internet gateways). */
export const vpcGatewayAttachmentProvider: ResourceProvider = {
  type: 'AWS::EC2::VPCGatewayAttachment',
  properties: {
    InternetGatewayId: { update: 'none' },
    VpcId: { update: 'none', required: true },
    VpnGatewayId: { update: 'none' },
  },
  attributes: ['AttachmentType'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, attribute) {
    if (attribute !== 'AttachmentType') throw unknownAttribute(this, attribute);
    return physicalId.split('|')[0]!.toLowerCase();
  },
  create: (context, logicalId, properties) => ({ physicalId: attach(context, logicalId, properties) }),
  update(context, physicalId, previous, next) {
    // Moving the gateway or the VPC is a detach and an attach: no replacement, but a gap in connectivity.
    this.delete(context, physicalId, previous);
    return { physicalId: attach(context, physicalId, next) };
  },
  delete(context, physicalId, properties) {
    const gatewayId = optionalString(properties, 'InternetGatewayId');
    if (gatewayId === undefined) return;
    try {
      unlessNotFound(() => ec2(context, 'DetachInternetGateway', { VpcId: attachmentVpc(physicalId), InternetGatewayId: gatewayId }));
    } catch (error) {
      // Instances of the same stack may still hold public addresses; deleteStabilized retries the detach.
      if (!isMappedAddressRefusal(error)) throw error;
    }
  },
  deleteStabilized(context, physicalId) {
    const vpcId = attachmentVpc(physicalId);
    const gatewayId = attachedGateway(context, vpcId);
    if (gatewayId === undefined) return 'done';
    try {
      ec2(context, 'DetachInternetGateway', { VpcId: vpcId, InternetGatewayId: gatewayId });
      return 'done';
    } catch (error) {
      if (!isMappedAddressRefusal(error)) throw error;
      return addressesBeingReleased(context, vpcId) ? 'pending' : { failed: `${error.message} (Service: ${error.code})` };
    }
  },
  read(context, physicalId) {
    const vpcId = attachmentVpc(physicalId);
    const result = ec2<DescribeInternetGatewaysResult>(context, 'DescribeInternetGateways', { Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] });
    const gateway = result.InternetGateways?.[0];
    return gateway ? { InternetGatewayId: gateway.InternetGatewayId, VpcId: vpcId } : undefined;
  },
};

function attachedGateway(context: ProviderContext, vpcId: string): string | undefined {
  const result = ec2<DescribeInternetGatewaysResult>(context, 'DescribeInternetGateways', { Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }] });
  return result.InternetGateways?.[0]?.InternetGatewayId;
}

function isMappedAddressRefusal(error: unknown): error is AwsError {
  return AwsError.isAws(error) && error.code === 'DependencyViolation' && error.message.includes('mapped public address');
}

/**
 * True while the public addresses that block a detach are going away: an instance is shutting down, or
 * the stack still has instances in the VPC (deleted in the same DeleteStack, often after the attachment
 * starts, since nothing orders them). CloudFormation retries the detach meanwhile; addresses held by
 * anything else fail the delete at once with EC2's message, rather than retrying for ever.
 */
function addressesBeingReleased(context: ProviderContext, vpcId: string): boolean {
  const result = ec2<DescribeInstancesResult>(context, 'DescribeInstances', {
    Filters: [{ Name: 'vpc-id', Values: [vpcId] }, { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped', 'shutting-down'] }],
  });
  const instances = (result.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []);
  return instances.some((instance) => instance.State?.Name === 'shutting-down'
    || instance.Tags?.some((tag) => tag.Key === 'aws:cloudformation:stack-id' && tag.Value === context.stack.stackId));
}
