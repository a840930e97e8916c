import type {
  Address, AllocateAddressResult, AssociateAddressResult, DescribeAddressesResult, DescribeKeyPairsResult,
  ImportKeyPairResult, KeyPair, KeyPairInfo,
} from '@aws-sdk/client-ec2';
import { AwsError } from '../../../../aws/aws-error.js';
import { ec2, tagSpecifications, tagWithStack, updateTags } from './ec2-calls.js';
import { unknownAttribute, type ProviderContext, type ResourceProperties, type ResourceProvider } from './provider.js';
import { defined, optionalString, readTags, requiredString, unlessNotFound } from './provider-values.js';

function addressByIp(context: ProviderContext, publicIp: string): Address | undefined {
  return unlessNotFound(() => ec2<DescribeAddressesResult>(context, 'DescribeAddresses', { PublicIps: [publicIp] }).Addresses?.[0]);
}

/** AWS::EC2::EIP. Its physical id is the address itself, as in AWS. */
export const eipProvider: ResourceProvider = {
  type: 'AWS::EC2::EIP',
  properties: {
    Address: { update: 'replace' }, Domain: { update: 'replace' }, InstanceId: { update: 'none' }, IpamPoolId: { update: 'replace' },
    NetworkBorderGroup: { update: 'replace' }, PublicIpv4Pool: { update: 'none' }, Tags: { update: 'none' }, TransferAddress: { update: 'replace' },
  },
  attributes: ['AllocationId', 'PublicIp'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, attribute, context) {
    const address = addressByIp(context, physicalId);
    switch (attribute) {
      case 'AllocationId': return address?.AllocationId;
      case 'PublicIp': return address?.PublicIp;
      default: throw unknownAttribute(this, attribute);
    }
  },
  create(context, logicalId, properties) {
    const address = ec2<AllocateAddressResult>(context, 'AllocateAddress', {
      Domain: optionalString(properties, 'Domain') ?? 'vpc',
      NetworkBorderGroup: optionalString(properties, 'NetworkBorderGroup'),
      PublicIpv4Pool: optionalString(properties, 'PublicIpv4Pool'),
      Address: optionalString(properties, 'Address'),
      TagSpecifications: tagSpecifications('elastic-ip', properties),
    });
    tagWithStack(context, address.AllocationId!, logicalId);
    const instanceId = optionalString(properties, 'InstanceId');
    if (instanceId) ec2(context, 'AssociateAddress', { AllocationId: address.AllocationId, InstanceId: instanceId });
    return { physicalId: address.PublicIp! };
  },
  update(context, physicalId, previous, next) {
    const address = addressByIp(context, physicalId);
    if (!address) throw new AwsError('NotFound', `Elastic IP ${physicalId} no longer exists; remove it from the stack or allocate it again`);
    const instanceId = optionalString(next, 'InstanceId');
    if (instanceId !== optionalString(previous, 'InstanceId')) {
      if (instanceId) ec2(context, 'AssociateAddress', { AllocationId: address.AllocationId, InstanceId: instanceId, AllowReassociation: true });
      else if (address.AssociationId) ec2(context, 'DisassociateAddress', { AssociationId: address.AssociationId });
    }
    updateTags(context, address.AllocationId!, previous, next);
  },
  delete(context, physicalId) {
    const address = addressByIp(context, physicalId);
    if (!address) return;
    if (address.AssociationId) ec2(context, 'DisassociateAddress', { AssociationId: address.AssociationId });
    ec2(context, 'ReleaseAddress', { AllocationId: address.AllocationId });
  },
  read(context, physicalId) {
    const address = addressByIp(context, physicalId);
    if (!address) return undefined;
    return defined({
      Domain: address.Domain,
      InstanceId: address.InstanceId,
      NetworkBorderGroup: address.NetworkBorderGroup,
      PublicIpv4Pool: address.PublicIpv4Pool,
      Tags: readTags(address.Tags),
    });
  },
};

function addressByAssociation(context: ProviderContext, associationId: string): Address | undefined {
  const result = ec2<DescribeAddressesResult>(context, 'DescribeAddresses', { Filters: [{ Name: 'association-id', Values: [associationId] }] });
  return result.Addresses?.[0];
}

function associate(context: ProviderContext, logicalId: string, properties: ResourceProperties): string {
  const allocationId = optionalString(properties, 'AllocationId');
  const publicIp = optionalString(properties, 'EIP');
  if (!allocationId && !publicIp) throw new AwsError('ValidationError', `${logicalId}: give the AllocationId of the Elastic IP to associate`);
  const { AssociationId } = ec2<AssociateAddressResult>(context, 'AssociateAddress', {
    AllocationId: allocationId,
    PublicIp: allocationId ? undefined : publicIp,
    InstanceId: optionalString(properties, 'InstanceId'),
    NetworkInterfaceId: optionalString(properties, 'NetworkInterfaceId'),
    PrivateIpAddress: optionalString(properties, 'PrivateIpAddress'),
    AllowReassociation: true,
  });
  return AssociationId!;
}

const ADDRESS = ['AllocationId', 'EIP'];
const TARGET = ['InstanceId', 'NetworkInterfaceId'];

/** AWS::EC2::EIPAssociation. */
export const eipAssociationProvider: ResourceProvider = {
  type: 'AWS::EC2::EIPAssociation',
  properties: {
    AllocationId: { update: 'conditional' }, EIP: { update: 'conditional' }, InstanceId: { update: 'conditional' },
    NetworkInterfaceId: { update: 'conditional' }, PrivateIpAddress: { update: 'none' },
  },
  attributes: ['Id'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, attribute) {
    if (attribute !== 'Id') throw unknownAttribute(this, attribute);
    return physicalId;
  },
  create: (context, logicalId, properties) => ({ physicalId: associate(context, logicalId, properties) }),
  // As the reference says: a new address for a new target is a replacement; moving either one alone is not.
  conditionalReplacement(previous, next) {
    const changed = (names: string[]) => names.some((name) => previous[name] !== next[name]);
    return changed(ADDRESS) && changed(TARGET);
  },
  update(context, physicalId, previous, next) {
    if (ADDRESS.some((name) => previous[name] !== next[name])) this.delete(context, physicalId, previous);
    return { physicalId: associate(context, physicalId, next) };
  },
  delete(context, physicalId) {
    if (addressByAssociation(context, physicalId)) ec2(context, 'DisassociateAddress', { AssociationId: physicalId });
  },
  read(context, physicalId) {
    const address = addressByAssociation(context, physicalId);
    if (!address) return undefined;
    return defined({ AllocationId: address.AllocationId, InstanceId: address.InstanceId, PrivateIpAddress: address.PrivateIpAddress });
  },
};

function describeKey(context: ProviderContext, name: string): KeyPairInfo | undefined {
  return unlessNotFound(() => ec2<DescribeKeyPairsResult>(context, 'DescribeKeyPairs', { KeyNames: [name] }).KeyPairs?.[0]);
}

/**
 * AWS::EC2::KeyPair. Every property, tags included, requires replacement, as the reference says. AWS keeps
 * a created key's private half in Parameter Store; the gym has no Parameter Store, so it is not kept.
 */
export const keyPairProvider: ResourceProvider = {
  type: 'AWS::EC2::KeyPair',
  properties: {
    KeyFormat: { update: 'replace' }, KeyName: { update: 'replace', required: true }, KeyType: { update: 'replace' },
    PublicKeyMaterial: { update: 'replace' }, Tags: { update: 'replace' },
  },
  attributes: ['KeyFingerprint', 'KeyPairId'],
  ref: (physicalId) => physicalId,
  getAtt(physicalId, attribute, context) {
    const key = describeKey(context, physicalId);
    switch (attribute) {
      case 'KeyFingerprint': return key?.KeyFingerprint;
      case 'KeyPairId': return key?.KeyPairId;
      default: throw unknownAttribute(this, attribute);
    }
  },
  create(context, logicalId, properties) {
    const KeyName = requiredString(properties, 'KeyName', logicalId);
    const TagSpecifications = tagSpecifications('key-pair', properties);
    const material = optionalString(properties, 'PublicKeyMaterial');
    const created = material
      ? ec2<ImportKeyPairResult>(context, 'ImportKeyPair', { KeyName, PublicKeyMaterial: Buffer.from(material, 'utf8'), TagSpecifications })
      : ec2<KeyPair>(context, 'CreateKeyPair', { KeyName, KeyType: optionalString(properties, 'KeyType'), KeyFormat: optionalString(properties, 'KeyFormat'), TagSpecifications });
    tagWithStack(context, created.KeyPairId!, logicalId);
    return { physicalId: KeyName };
  },
  update() {
    // Every property requires replacement: there is nothing to change in place.
  },
  delete(context, physicalId) {
    ec2(context, 'DeleteKeyPair', { KeyName: physicalId });
  },
  read(context, physicalId) {
    const key = describeKey(context, physicalId);
    return key ? defined({ KeyName: key.KeyName, KeyType: key.KeyType, Tags: readTags(key.Tags) }) : undefined;
  },
};
