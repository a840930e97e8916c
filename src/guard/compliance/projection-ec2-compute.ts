import type { ElasticIpView, InstanceView, SubnetView, VolumeView } from '../../cloud/inventory.js';
import type { Step } from '../../plan/plan.js';
import { placeholderId, specifiedTags, text, texts, type Projection, type ResolvedInput, type StepProjection } from './projection.js';

/** What a projected instance shows as its public address when AWS assigns one at launch. */
export const PUBLIC_IP_AT_LAUNCH = 'a public IP assigned at launch';

/** What a projected Elastic IP shows as its address before AWS allocates it. */
export const NEW_ADDRESS = 'a new Elastic IP address';

/** Device names AWS images use for the root volume; a mapping for one of them configures the root volume. */
const ROOT_DEVICES = new Set(['/dev/xvda', '/dev/sda1', '/dev/sda', '/dev/nvme0n1']);

/** A nested input member as a record (absent or not an object: empty). */
function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : {};
}

/** A boolean member, whether given plainly or as AWS's `{ Value: … }` attribute shape. */
function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const inner = record(value)['Value'];
  return typeof inner === 'boolean' ? inner : undefined;
}

/** The default VPC's subnet AWS picks when RunInstances names none (the first, for the projection). */
function defaultSubnet(projection: Projection): SubnetView | undefined {
  const defaultVpc = projection.all('vpc').find((vpc) => vpc.isDefault);
  return projection.all('subnet').find((subnet) => subnet.defaultForAz && subnet.vpcId === defaultVpc?.id);
}

/** The `default` security group of a VPC, which AWS gives an instance launched without groups. */
function defaultGroups(projection: Projection, vpcId: string | undefined): string[] {
  const group = projection.all('security-group').find((candidate) => candidate.vpcId === vpcId && candidate.groupName === 'default');
  return group ? [group.id] : [];
}

/** The volumes RunInstances creates: one per EBS mapping, plus the root volume when no mapping configures it. */
function launchVolumes(instanceId: string, input: ResolvedInput, availabilityZone: string, tags: Record<string, string>): VolumeView[] {
  const mappings = (Array.isArray(input['BlockDeviceMappings']) ? input['BlockDeviceMappings'] : []).map(record);
  const ebsMappings = mappings.filter((mapping) => mapping['Ebs'] !== undefined && mapping['NoDevice'] === undefined);
  const volume = (device: string, ebs: Record<string, unknown>): VolumeView => ({
    kind: 'volume', id: `${instanceId}:${device || 'root'}`, name: tags['Name'], tags,
    sizeGiB: typeof ebs['VolumeSize'] === 'number' ? ebs['VolumeSize'] : 0,
    volumeType: text(ebs['VolumeType']) ?? 'gp3',
    iops: typeof ebs['Iops'] === 'number' ? ebs['Iops'] : undefined,
    state: 'creating', availabilityZone,
    // Without Encrypted: true the volume takes its snapshot's (the image's) encryption, which the plan cannot show.
    encrypted: ebs['Encrypted'] === true,
    attachment: { instanceId, device, state: 'attaching', deleteOnTermination: ebs['DeleteOnTermination'] !== false },
  });
  const volumes = ebsMappings.map((mapping) => volume(text(mapping['DeviceName']) ?? '', record(mapping['Ebs'])));
  const rootMapped = ebsMappings.some((mapping) => ROOT_DEVICES.has(text(mapping['DeviceName']) ?? ''));
  return rootMapped ? volumes : [volume('', {}), ...volumes];
}

/** RunInstances: the instances (MinCount of them), their volumes, and whether they get a public address. */
function runInstances(projection: Projection, step: Step, input: ResolvedInput): void {
  const networkInterface = record(Array.isArray(input['NetworkInterfaces']) ? input['NetworkInterfaces'][0] : undefined);
  const subnet = projection.get('subnet', text(input['SubnetId']) ?? text(networkInterface['SubnetId'])) ?? defaultSubnet(projection);
  const groups = [...texts(input['SecurityGroupIds']), ...texts(networkInterface['Groups'])];
  const tags = specifiedTags(input['TagSpecifications'], 'instance');
  const volumeTags = specifiedTags(input['TagSpecifications'], 'volume');
  const publicIp = flag(networkInterface['AssociatePublicIpAddress']) ?? subnet?.mapPublicIpOnLaunch ?? false;
  const metadata = record(input['MetadataOptions']);
  const count = Math.min(50, Math.max(1, typeof input['MinCount'] === 'number' ? input['MinCount'] : 1));
  for (let index = 0; index < count; index++) {
    const id = placeholderId(step, count > 1 ? String(index + 1) : undefined);
    const volumes = launchVolumes(id, input, subnet?.availabilityZone ?? '', volumeTags);
    volumes.forEach((volume) => projection.create(volume));
    const instance: InstanceView = {
      kind: 'instance', id, name: tags['Name'] ?? step.resource.name, tags,
      state: 'pending',
      instanceType: text(input['InstanceType']) ?? 'm1.small',
      imageId: text(input['ImageId']) ?? '',
      architecture: undefined,
      vpcId: subnet?.vpcId,
      subnetId: subnet?.id,
      availabilityZone: subnet?.availabilityZone,
      privateIpAddress: text(input['PrivateIpAddress']),
      publicIpAddress: publicIp ? PUBLIC_IP_AT_LAUNCH : undefined,
      securityGroupIds: groups.length > 0 ? groups : defaultGroups(projection, subnet?.vpcId),
      keyName: text(input['KeyName']),
      monitoring: flag(record(input['Monitoring'])['Enabled']) ? 'pending' : 'disabled',
      lifecycle: record(input['InstanceMarketOptions'])['MarketType'] === 'spot' ? 'spot' : 'on-demand',
      spotInstanceRequestId: undefined,
      rootDeviceName: undefined,
      volumes: volumes.map((volume) => ({ volumeId: volume.id, device: volume.attachment!.device, deleteOnTermination: volume.attachment!.deleteOnTermination })),
      launchTime: undefined,
      terminationProtected: flag(input['DisableApiTermination']) ?? false,
      // Unset means the image's default, which is IMDSv1-capable for most images: the rules treat it as not required.
      metadataHttpTokens: text(metadata['HttpTokens']),
      metadataHttpEndpoint: text(metadata['HttpEndpoint']),
    };
    projection.create(instance);
    if (index === 0) projection.setOutput(step.id, id);
  }
}

/** TerminateInstances: the instances go, their addresses are released from them, their volumes deleted or freed. */
function terminateInstances(projection: Projection, _step: Step, input: ResolvedInput): void {
  for (const instanceId of texts(input['InstanceIds'])) {
    for (const address of projection.all('elastic-ip').filter((candidate) => candidate.instanceId === instanceId)) {
      projection.update('elastic-ip', address.id, (view) => ({ ...view, instanceId: undefined, associationId: undefined }));
    }
    for (const volume of projection.all('volume').filter((candidate) => candidate.attachment?.instanceId === instanceId)) {
      if (volume.attachment?.deleteOnTermination) projection.remove(volume.id);
      else projection.update('volume', volume.id, (view) => ({ ...view, state: 'available', attachment: undefined }));
    }
    projection.remove(instanceId);
  }
}

/** StopInstances and StartInstances: a state change on each instance. */
function setState(state: string): StepProjection {
  return (projection, _step, input) => {
    for (const instanceId of texts(input['InstanceIds'])) projection.update('instance', instanceId, (view) => ({ ...view, state }));
  };
}

/** ModifyInstanceAttribute: type, security groups and termination protection (the attributes views show). */
function modifyInstanceAttribute(projection: Projection, _step: Step, input: ResolvedInput): void {
  projection.update('instance', text(input['InstanceId']), (view) => {
    const instanceType = text(record(input['InstanceType'])['Value']) ?? view.instanceType;
    const groups = texts(input['Groups']);
    const protectedFlag = flag(input['DisableApiTermination']);
    return { ...view, instanceType, securityGroupIds: groups.length > 0 ? groups : view.securityGroupIds, terminationProtected: protectedFlag ?? view.terminationProtected };
  });
}

/** ModifyInstanceMetadataOptions: IMDS tokens and endpoint. */
function modifyMetadataOptions(projection: Projection, _step: Step, input: ResolvedInput): void {
  projection.update('instance', text(input['InstanceId']), (view) => ({
    ...view,
    metadataHttpTokens: text(input['HttpTokens']) ?? view.metadataHttpTokens,
    metadataHttpEndpoint: text(input['HttpEndpoint']) ?? view.metadataHttpEndpoint,
  }));
}

/** CreateVolume: a loose volume, encrypted only when asked. */
function createVolume(projection: Projection, step: Step, input: ResolvedInput): void {
  const tags = specifiedTags(input['TagSpecifications'], 'volume');
  const id = placeholderId(step);
  projection.create({
    kind: 'volume', id, name: tags['Name'] ?? step.resource.name, tags,
    sizeGiB: typeof input['Size'] === 'number' ? input['Size'] : 0,
    volumeType: text(input['VolumeType']) ?? 'gp2',
    iops: typeof input['Iops'] === 'number' ? input['Iops'] : undefined,
    state: 'creating',
    availabilityZone: text(input['AvailabilityZone']) ?? '',
    encrypted: input['Encrypted'] === true,
    attachment: undefined,
  });
  projection.setOutput(step.id, id);
}

/** AttachVolume: the volume is attached, and the instance lists it. */
function attachVolume(projection: Projection, _step: Step, input: ResolvedInput): void {
  const volumeId = text(input['VolumeId']) ?? '';
  const instanceId = text(input['InstanceId']) ?? '';
  const device = text(input['Device']) ?? '';
  projection.update('volume', volumeId, (view) => ({ ...view, state: 'in-use', attachment: { instanceId, device, state: 'attaching', deleteOnTermination: false } }));
  projection.update('instance', instanceId, (view) => ({ ...view, volumes: [...view.volumes, { volumeId, device, deleteOnTermination: false }] }));
}

/** DetachVolume: the volume is free again. */
function detachVolume(projection: Projection, _step: Step, input: ResolvedInput): void {
  const volumeId = text(input['VolumeId']);
  const instanceId = projection.get('volume', volumeId)?.attachment?.instanceId;
  projection.update('volume', volumeId, (view) => ({ ...view, state: 'available', attachment: undefined }));
  projection.update('instance', instanceId, (view) => ({ ...view, volumes: view.volumes.filter((volume) => volume.volumeId !== volumeId) }));
}

/** The Elastic IP a call names, by allocation id or public address. */
function findAddress(projection: Projection, input: ResolvedInput): ElasticIpView | undefined {
  const allocationId = text(input['AllocationId']);
  const publicIp = text(input['PublicIp']);
  const associationId = text(input['AssociationId']);
  return projection.all('elastic-ip').find((address) =>
    (allocationId !== undefined && address.id === allocationId)
    || (publicIp !== undefined && address.publicIp === publicIp)
    || (associationId !== undefined && address.associationId === associationId));
}

/** AllocateAddress: a new, unattached Elastic IP. */
function allocateAddress(projection: Projection, step: Step, input: ResolvedInput): void {
  const tags = specifiedTags(input['TagSpecifications'], 'elastic-ip');
  const id = placeholderId(step);
  projection.create({ kind: 'elastic-ip', id, name: tags['Name'] ?? step.resource.name, tags, publicIp: NEW_ADDRESS, instanceId: undefined, associationId: undefined });
  projection.setOutput(step.id, id);
}

/** Takes an address's public IP off the instance it was on. */
function releaseFromInstance(projection: Projection, address: ElasticIpView): void {
  projection.update('instance', address.instanceId, (view) => (view.publicIpAddress === address.publicIp ? { ...view, publicIpAddress: undefined } : view));
}

/** AssociateAddress: the instance takes the address (moving it from another instance if it had one). */
function associateAddress(projection: Projection, _step: Step, input: ResolvedInput): void {
  const address = findAddress(projection, { AllocationId: input['AllocationId'], PublicIp: input['PublicIp'] });
  const instanceId = text(input['InstanceId']);
  if (!address || !instanceId) return;
  releaseFromInstance(projection, address);
  projection.update('elastic-ip', address.id, (view) => ({ ...view, instanceId, associationId: view.associationId ?? 'a new association' }));
  projection.update('instance', instanceId, (view) => ({ ...view, publicIpAddress: address.publicIp }));
}

/** DisassociateAddress: the address is left unattached. */
function disassociateAddress(projection: Projection, _step: Step, input: ResolvedInput): void {
  const address = findAddress(projection, { AssociationId: input['AssociationId'], PublicIp: input['PublicIp'] });
  if (!address) return;
  releaseFromInstance(projection, address);
  projection.update('elastic-ip', address.id, (view) => ({ ...view, instanceId: undefined, associationId: undefined }));
}

/** ReleaseAddress: the address is gone. */
function releaseAddress(projection: Projection, _step: Step, input: ResolvedInput): void {
  const address = findAddress(projection, { AllocationId: input['AllocationId'], PublicIp: input['PublicIp'] });
  if (!address) return;
  releaseFromInstance(projection, address);
  projection.remove(address.id);
}

/** EC2 compute calls: instances, volumes and addresses. */
export const EC2_COMPUTE_PROJECTIONS: Readonly<Record<string, StepProjection>> = {
  RunInstances: runInstances,
  TerminateInstances: terminateInstances,
  StopInstances: setState('stopped'),
  StartInstances: setState('running'),
  ModifyInstanceAttribute: modifyInstanceAttribute,
  ModifyInstanceMetadataOptions: modifyMetadataOptions,
  CreateVolume: createVolume,
  AttachVolume: attachVolume,
  DetachVolume: detachVolume,
  DeleteVolume: (projection, _step, input) => projection.remove(text(input['VolumeId'])),
  AllocateAddress: allocateAddress,
  AssociateAddress: associateAddress,
  DisassociateAddress: disassociateAddress,
  ReleaseAddress: releaseAddress,
};
