/**
 * The response elements that carry the id of what a call made, per `service:Operation`. Only these:
 * a RunInstances response also names the subnet, VPC and groups it used, and those were not made by
 * the plan, so collecting every id in a response would admit calls on resources the plan never made.
 */
const CREATED_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  'ec2:RunInstances': ['instanceId'],
  'ec2:AllocateAddress': ['allocationId'],
  'ec2:AssociateAddress': ['associationId'],
  'ec2:AssociateRouteTable': ['associationId'],
  'ec2:CreateSecurityGroup': ['groupId'],
  'ec2:CreateKeyPair': ['keyPairId'],
  'ec2:ImportKeyPair': ['keyPairId'],
  'ec2:CreateImage': ['imageId'],
  'ec2:CopyImage': ['imageId'],
  'ec2:RegisterImage': ['imageId'],
  'ec2:CopySnapshot': ['snapshotId'],
  'ec2:RequestSpotInstances': ['spotInstanceRequestId'],
  'elbv2:CreateLoadBalancer': ['LoadBalancerArn'],
  'elbv2:CreateTargetGroup': ['TargetGroupArn'],
  'elbv2:CreateListener': ['ListenerArn'],
  'elbv2:CreateRule': ['RuleArn'],
};

/**
 * Where the ids a call made appear in its response: the table above, else by AWS's naming pattern
 * (EC2 `CreateVolume` answers `<volumeId>`, ELBv2 `CreateX` answers `<XArn>`), else nowhere.
 */
export function createdIdElements(service: string, operation: string): readonly string[] {
  const known = CREATED_ELEMENTS[`${service}:${operation}`];
  if (known) return known;
  const created = /^Create(.+)$/.exec(operation)?.[1];
  if (!created) return [];
  if (service === 'ec2') return [`${created.charAt(0).toLowerCase()}${created.slice(1)}Id`];
  if (service === 'elbv2') return [`${created}Arn`];
  return [];
}

/** The ids of what a call made, read from its XML response body. */
export function createdIds(service: string, operation: string, body: string): string[] {
  const ids = new Set<string>();
  for (const element of createdIdElements(service, operation)) {
    const pattern = new RegExp(`<${element}>([^<]+)</${element}>`, 'g');
    for (const match of body.matchAll(pattern)) ids.add(match[1]!.trim());
  }
  return [...ids];
}
