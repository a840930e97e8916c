import { AwsError } from '../../../aws/aws-error.js';

/** EC2's errors, with the codes and messages AWS sends. */
export const ec2Errors = {
  notFound: (code: string, message: string) => new AwsError(code, message),
  vpcNotFound: (id: string) => new AwsError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`),
  subnetNotFound: (id: string) => new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`),
  internetGatewayNotFound: (id: string) => new AwsError('InvalidInternetGatewayID.NotFound', `The internetGateway ID '${id}' does not exist`),
  routeTableNotFound: (id: string) => new AwsError('InvalidRouteTableID.NotFound', `The routeTable ID '${id}' does not exist`),
  securityGroupNotFound: (id: string) => new AwsError('InvalidGroup.NotFound', `The security group '${id}' does not exist`),
  keyPairNotFound: (name: string) => new AwsError('InvalidKeyPair.NotFound', `The key pair '${name}' does not exist`),
  keyPairDuplicate: (name: string) => new AwsError('InvalidKeyPair.Duplicate', `The keypair '${name}' already exists.`),
  allocationNotFound: (id: string) => new AwsError('InvalidAllocationID.NotFound', `The allocation ID '${id}' does not exist`),
  associationNotFound: (id: string) => new AwsError('InvalidAssociationID.NotFound', `The association ID '${id}' does not exist`),
  imageNotFound: (id: string) => new AwsError('InvalidAMIID.NotFound', `The image id '[${id}]' does not exist`),
  imageMalformed: (id: string) => new AwsError('InvalidAMIID.Malformed', `Invalid id: "${id}" (expecting "ami-...")`),
  instanceNotFound: (ids: readonly string[]) =>
    new AwsError('InvalidInstanceID.NotFound', `The instance ID${ids.length > 1 ? 's' : ''} '${ids.join(', ')}' ${ids.length > 1 ? 'do' : 'does'} not exist`),
  instanceMalformed: (id: string) => new AwsError('InvalidInstanceID.Malformed', `Invalid id: "${id}"`),
  volumeNotFound: (id: string) => new AwsError('InvalidVolume.NotFound', `The volume '${id}' does not exist.`),
  snapshotNotFound: (id: string) => new AwsError('InvalidSnapshot.NotFound', `The snapshot '${id}' does not exist.`),
  spotRequestNotFound: (id: string) => new AwsError('InvalidSpotInstanceRequestID.NotFound', `The spot instance request ID '${id}' does not exist`),
  launchTemplateIdNotFound: (id: string) =>
    new AwsError('InvalidLaunchTemplateId.NotFound', `The specified launch template, with template ID ${id}, does not exist.`),
  launchTemplateNameNotFound: () =>
    new AwsError('InvalidLaunchTemplateName.NotFoundException', 'At least one of the launch templates specified in the request does not exist.'),
  launchTemplateNameInUse: (name: string) =>
    new AwsError('InvalidLaunchTemplateName.AlreadyExistsException', `Launch template name already in use: '${name}'. Choose another name, or add a version to the existing template.`),
  launchTemplateVersionNotFound: (id: string, version: string) =>
    new AwsError('InvalidLaunchTemplateId.VersionNotFound', `Could not find launch template version ${version} for the launch template with ID ${id}.`),
  invalidParameterValue: (message: string) => new AwsError('InvalidParameterValue', message),
  invalidParameterCombination: (message: string) => new AwsError('InvalidParameterCombination', message),
  missingParameter: (name: string) => new AwsError('MissingParameter', `The request must contain the parameter ${name}`),
  invalidInstanceType: (type: string) => new AwsError('InvalidParameterValue', `Invalid value '${type}' for InstanceType.`),
  incorrectInstanceState: (id: string, state: string, operation: string) =>
    new AwsError('IncorrectInstanceState', `The instance '${id}' is not in a state from which it can be ${operation}: it is ${state}.`),
  incorrectState: (message: string) => new AwsError('IncorrectState', message),
  dependencyViolation: (message: string) => new AwsError('DependencyViolation', message),
  invalidCidr: (cidr: string) => new AwsError('InvalidParameterValue', `Value (${cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block.`),
  invalidVpcRange: (cidr: string) => new AwsError('InvalidVpc.Range', `The CIDR '${cidr}' is invalid.`),
  invalidSubnetRange: (cidr: string) => new AwsError('InvalidSubnet.Range', `The CIDR '${cidr}' is invalid.`),
  subnetConflict: (cidr: string) => new AwsError('InvalidSubnet.Conflict', `The CIDR '${cidr}' conflicts with another subnet`),
  invalidAvailabilityZone: (zone: string) =>
    new AwsError('InvalidParameterValue', `Value (${zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: `),
  groupDuplicate: (name: string, vpcId: string) => new AwsError('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpcId}'`),
  permissionDuplicate: (message: string) => new AwsError('InvalidPermission.Duplicate', message),
  permissionNotFound: (message: string) => new AwsError('InvalidPermission.NotFound', message),
  operationNotPermitted: (message: string) => new AwsError('OperationNotPermitted', message),
  unsupportedOperation: (message: string) => new AwsError('UnsupportedOperation', message),
  addressLimitExceeded: () => new AwsError('AddressLimitExceeded', 'The maximum number of addresses has been reached.'),
  insufficientAddresses: (subnetId: string) =>
    new AwsError('InsufficientFreeAddressesInSubnet', `There are not enough free addresses in subnet '${subnetId}' to satisfy the requested number of instances.`),
  invalidIpAddress: (message: string) => new AwsError('InvalidParameterValue', message),
  resourceAlreadyAssociated: (message: string) => new AwsError('Resource.AlreadyAssociated', message),
  gatewayNotAttached: (gatewayId: string, vpcId: string) => new AwsError('Gateway.NotAttached', `resource ${gatewayId} is not attached to network ${vpcId}`),
  volumeInUse: (id: string) => new AwsError('VolumeInUse', `Volume ${id} is currently attached to an instance`),
  volumeZoneMismatch: (volumeId: string, instanceId: string) =>
    new AwsError('InvalidVolume.ZoneMismatch', `The volume '${volumeId}' is not in the same availability zone as instance '${instanceId}'`),
  attachmentNotFound: (volumeId: string) => new AwsError('IncorrectState', `Volume '${volumeId}' is in the 'available' state.`),
  invalidDevice: (device: string, instanceId: string) =>
    new AwsError('InvalidParameterValue', `Invalid value '${device}' for unixDevice. Attachment point ${device} is already in use on ${instanceId}`),
  invalidTagKey: (key: string) => new AwsError('InvalidParameterValue', `Tag keys starting with 'aws:' are reserved for internal use: ${key}`),
  tagLimitExceeded: () => new AwsError('TagLimitExceeded', 'The maximum number of Tags for a resource has been reached.'),
  invalidResourceId: (id: string) => new AwsError('InvalidID', `The ID '${id}' is not valid`),
  dryRun: () => new AwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', { status: 412 }),
  invalidNextToken: (token: string) => new AwsError('InvalidNextToken', `The token '${token}' is not valid or has expired.`),
  // Networking: subnets, gateways, routes, security groups, key pairs, addresses, tags, zones.
  malformedId: (code: string, id: string, prefix: string) => new AwsError(code, `Invalid id: "${id}" (expecting "${prefix}-...")`),
  subnetZoneInvalid: (zone: string, zones: readonly string[]) =>
    new AwsError('InvalidParameterValue', `Value (${zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${zones.join(', ')}.`),
  subnetZoneIdInvalid: (zoneId: string, zoneIds: readonly string[]) =>
    new AwsError('InvalidParameterValue', `Value (${zoneId}) for parameter availabilityZoneId is invalid. Subnets can currently only be created in the following availability zone ids: ${zoneIds.join(', ')}.`),
  ipAddressInUse: (address: string) => new AwsError('InvalidIPAddress.InUse', `Address ${address} is in use.`),
  addressNotFound: (address: string) => new AwsError('InvalidAddress.NotFound', `Address '${address}' not found.`),
  gatewayIdNotFound: (id: string) => new AwsError('InvalidGatewayID.NotFound', `The gateway ID '${id}' does not exist`),
  natGatewayNotFound: (id: string) => new AwsError('InvalidNatGatewayID.NotFound', `The natGateway ID '${id}' does not exist`),
  networkInterfaceNotFound: (id: string) => new AwsError('InvalidNetworkInterfaceID.NotFound', `The networkInterface ID '${id}' does not exist`),
  routeAlreadyExists: (cidr: string) => new AwsError('RouteAlreadyExists', `The route identified by ${cidr} already exists.`),
  routeNotFound: (routeTableId: string, cidr: string) =>
    new AwsError('InvalidRoute.NotFound', `no route with destination-cidr-block ${cidr} in route table ${routeTableId}`),
  groupNameNotFound: (name: string, vpcId: string | undefined) =>
    new AwsError('InvalidGroup.NotFound', vpcId ? `The security group '${name}' does not exist in default VPC '${vpcId}'` : `The security group '${name}' does not exist`),
  groupIdMalformed: (id: string) => new AwsError('InvalidGroupId.Malformed', `Invalid id: "${id}" (expecting "sg-...")`),
  groupReserved: () => new AwsError('InvalidGroup.Reserved', "The security group 'default' is reserved: choose another GroupName."),
  cannotDelete: (message: string) => new AwsError('CannotDelete', message),
  securityGroupRuleNotFound: (id: string) => new AwsError('InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${id}' does not exist`),
  rulesPerGroupLimitExceeded: () => new AwsError('RulesPerSecurityGroupLimitExceeded', 'The maximum number of rules per security group has been reached.'),
  noDefaultVpc: () => new AwsError('VPCIdNotSpecified', 'No default VPC for this user. Pass VpcId to say which VPC the security group belongs to.'),
  keyFormat: (detail: string) => new AwsError('InvalidKey.Format', `Key is not in valid OpenSSH public key format: ${detail}`),
  keyPairIdNotFound: (id: string) => new AwsError('InvalidKeyPair.NotFound', `The key pair ID '${id}' does not exist`),
  instanceNotAddressable: (id: string, state: string) =>
    new AwsError('InvalidInstanceID', `The ${state} instance '${id}' is not in a valid state for this operation.`),
  vpcWithoutGateway: (vpcId: string) => new AwsError('Gateway.NotAttached', `Network ${vpcId} is not attached to any internet gateway`),
  zoneNotFound: (names: readonly string[]) => new AwsError('InvalidParameterValue', `Invalid availability zone: [${names.join(', ')}]`),
  regionNotFound: (names: readonly string[]) => new AwsError('InvalidParameterValue', `Invalid region names: ${names.join(', ')}`),
};

/** Errors of EC2 compute and storage (instances, images, volumes, snapshots, spot), as AWS words them. */
export const computeErrors = {
  imageUnavailable: (id: string, reason: string) => new AwsError('InvalidAMIID.Unavailable', `AMI '${id}' ${reason}`),
  imageNotOwned: (id: string) =>
    new AwsError('AuthFailure', `Not authorized for image:${id}. Only the image's owner can change it; this one is a public image owned by another account.`),
  amiNameDuplicate: (name: string, imageId: string) => new AwsError('InvalidAMIName.Duplicate', `AMI name ${name} is already in use by AMI ${imageId}`),
  amiNameMalformed: (name: string) =>
    new AwsError('InvalidAMIName.Malformed', `AMI name '${name}' is invalid: use 3 to 128 characters from letters, numbers, spaces and ( ) [ ] . / - ' @ _`),
  architectureMismatch: (typeArchitectures: string, imageArchitecture: string) =>
    new AwsError(
      'InvalidParameterValue',
      `The architecture '${typeArchitectures}' of the specified instance type does not match the architecture '${imageArchitecture}' of the specified AMI. ` +
        `Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.`,
    ),
  groupInOtherNetwork: (groupId: string, subnetId: string) =>
    new AwsError('InvalidParameter', `Security group ${groupId} and subnet ${subnetId} belong to different networks.`),
  groupNameNotInDefaultVpc: (name: string, vpcId: string) =>
    new AwsError('InvalidGroup.NotFound', `The security group '${name}' does not exist in default VPC '${vpcId}'`),
  groupNameWithSubnet: () =>
    new AwsError('InvalidParameterCombination', 'The parameter groupName cannot be used with the parameter subnet. Use SecurityGroupIds for instances in a subnet.'),
  noDefaultVpc: () => new AwsError('VPCIdNotSpecified', 'No default VPC for this user. Specify a SubnetId to launch into a VPC.'),
  invalidAvailabilityZone: (zone: string) => new AwsError('InvalidParameterValue', `Invalid availability zone: [${zone}]`),
  invalidBlockDeviceMapping: (message: string) => new AwsError('InvalidBlockDeviceMapping', message),
  instanceState: (message: string) => new AwsError('IncorrectInstanceState', message),
  terminationProtected: (id: string) =>
    new AwsError('OperationNotPermitted', `The instance '${id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`),
  stopProtected: (id: string) =>
    new AwsError('OperationNotPermitted', `The instance '${id}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.`),
  spotOneTimeStop: (id: string) =>
    new AwsError(
      'UnsupportedOperation',
      `You can't stop the Spot Instance '${id}' because it is associated with a one-time Spot Instance request. You can only stop Spot Instances associated with persistent Spot Instance requests.`,
    ),
  idsWithMaxResults: (parameter: string) =>
    new AwsError('InvalidParameterCombination', `The parameter ${parameter} cannot be used with the parameter maxResults`),
  snapshotInUse: (snapshotId: string, imageId: string) =>
    new AwsError('InvalidSnapshot.InUse', `The snapshot ${snapshotId} is currently in use by ${imageId}`),
  snapshotNotOwned: (snapshotId: string) =>
    new AwsError('AuthFailure', `Not authorized for snapshot:${snapshotId}. It is a public snapshot owned by another account; copy it (aws ec2 copy-snapshot) to get one you own.`),
  volumeNotAvailable: (id: string) => new AwsError('IncorrectState', `${id} is not 'available'.`),
  volumeAlreadyAttached: (id: string) => new AwsError('VolumeInUse', `${id} is already attached to an instance`),
  volumeAttachedTo: (volumeId: string, instanceId: string) =>
    new AwsError('VolumeInUse', `Volume ${volumeId} is currently attached to ${instanceId}. Detach it first (aws ec2 detach-volume --volume-id ${volumeId}).`),
  invalidDeviceName: (device: string) =>
    new AwsError('InvalidParameterValue', `Value (${device}) for parameter device is invalid. ${device} is not a valid EBS device name.`),
  rootVolumeDetach: (volumeId: string, instanceId: string) =>
    new AwsError('IncorrectState', `Unable to detach root volume '${volumeId}' from instance '${instanceId}'`),
  attachmentNotFound: (volumeId: string, instanceId: string) =>
    new AwsError('InvalidAttachment.NotFound', `The volume '${volumeId}' is not attached to instance '${instanceId}'`),
  attachmentDeviceNotFound: (volumeId: string, device: string, actual: string) =>
    new AwsError('InvalidAttachment.NotFound', `The volume '${volumeId}' is not attached at device '${device}'; it is attached at '${actual}'.`),
  volumeModificationRate: () =>
    new AwsError('VolumeModificationRateExceeded', "You've reached the maximum modification rate per volume limit. Wait at least 6 hours between modifications per EBS volume."),
  volumeBeingModified: (id: string) =>
    new AwsError('IncorrectModificationState', `Volume ${id} is already being modified; wait until its modification completes.`),
  volumeShrink: () => new AwsError('InvalidParameterValue', 'New size cannot be smaller than existing size'),
  parameterNotSupported: (parameter: string, volumeType: string) =>
    new AwsError('InvalidParameterCombination', `The parameter ${parameter} is not supported for ${volumeType} volumes.`),
  userDataTooLarge: (bytes: number) => new AwsError('InvalidParameterValue', `User data is limited to 16384 bytes; this user data is ${bytes} bytes.`),
};
