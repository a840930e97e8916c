/**
 * The ResourceIdentifier keys each importable type takes (from its registry schema's primary identifier)
 * and how they make the physical id the stack engine uses for that type. Types missing here (gateway
 * attachments, routes, address associations) are not importable, as in AWS.
 */
const IDENTIFIERS: Readonly<Record<string, readonly string[]>> = {
  'AWS::EC2::VPC': ['VpcId'],
  'AWS::EC2::Subnet': ['SubnetId'],
  'AWS::EC2::InternetGateway': ['InternetGatewayId'],
  'AWS::EC2::RouteTable': ['RouteTableId'],
  'AWS::EC2::SubnetRouteTableAssociation': ['Id'],
  'AWS::EC2::SecurityGroup': ['GroupId'],
  'AWS::EC2::SecurityGroupIngress': ['Id'],
  'AWS::EC2::SecurityGroupEgress': ['Id'],
  'AWS::EC2::Instance': ['InstanceId'],
  'AWS::EC2::Volume': ['VolumeId'],
  'AWS::EC2::VolumeAttachment': ['VolumeId', 'InstanceId'],
  'AWS::EC2::EIP': ['PublicIp'],
  'AWS::EC2::KeyPair': ['KeyName'],
  'AWS::EC2::LaunchTemplate': ['LaunchTemplateId'],
  'AWS::ElasticLoadBalancingV2::LoadBalancer': ['LoadBalancerArn'],
  'AWS::ElasticLoadBalancingV2::TargetGroup': ['TargetGroupArn'],
  'AWS::ElasticLoadBalancingV2::Listener': ['ListenerArn'],
};

/** Whether resources of a type can be imported into a stack. */
export function isImportable(type: string): boolean {
  return type in IDENTIFIERS;
}

/** The identifier keys of an importable type, for error messages. */
export function identifierKeys(type: string): readonly string[] {
  return IDENTIFIERS[type] ?? [];
}

/** The physical id a ResourceIdentifier names, or undefined when a key the type needs is missing. */
export function physicalIdOf(type: string, identifier: Readonly<Record<string, string>>): string | undefined {
  const keys = identifierKeys(type);
  const values = keys.map((key) => identifier[key]);
  if (keys.length === 0 || values.some((value) => value === undefined || value === '')) return undefined;
  // A volume attachment's physical id is the volume and the instance, as the engine writes it.
  return values.join('|');
}

/** A ResourceIdentifier as AWS prints it in messages: `{VpcId=vpc-1}`. */
export function shownIdentifier(identifier: Readonly<Record<string, string>>): string {
  return `{${Object.entries(identifier).map(([key, value]) => `${key}=${value}`).join(', ')}}`;
}
