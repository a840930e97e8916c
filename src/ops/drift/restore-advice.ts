import type { DriftFinding } from './types.js';

/**
 * "Bring the cloud back to the code", as text a person can run: the `cirro ask` request or AWS call
 * that sets one finding back to what the template says. Re-deploying a drifted stack's own template does
 * not do it: CloudFormation compares the new template with the old one, not with the cloud, so an
 * unchanged template is "No updates are to be performed". What works is the service's own API call (after
 * which drift detection reads IN_SYNC), or two stack updates that toggle the resource or property.
 */
export function restoreAdvice(finding: DriftFinding): string {
  const target = finding.name ?? finding.physicalId;
  if (finding.kind === 'unmanaged') {
    const removal = finding.resourceType === 'AWS::EC2::Instance' ? `terminate ${target}` : `delete ${target}`;
    return `adopt it into a stack with an IMPORT change set (cirro iac export --resources ${target} writes its template), or remove it: cirro ask "${removal}"`;
  }
  if (finding.kind === 'deleted') {
    return `re-deploying the same template does not recreate it (CloudFormation still records ${finding.logicalId}); update the stack with ${finding.logicalId} removed, then again with the original template, and CloudFormation creates it anew`;
  }
  const rule = finding.property?.match(/^\/(SecurityGroupIngress|SecurityGroupEgress)\/\d+$/);
  if (rule) return ruleAdvice(finding, rule[1] === 'SecurityGroupIngress' ? 'ingress' : 'egress', target);
  if (finding.resourceType === 'AWS::EC2::Instance' && finding.property === '/InstanceType' && finding.expected !== 'null') {
    return `cirro ask "resize ${target} to ${finding.expected}" (it stops and starts the instance)`;
  }
  const toggle = `or update the stack twice: once with ${finding.property} set to the cloud's value (cirro drift --patch), then with the original template, so CloudFormation sets it back`;
  if (finding.difference === 'ADD') return `remove ${finding.property} from ${target} with the service's own API call, ${toggle}`;
  return `set ${finding.property} of ${target} back to ${finding.expected ?? 'the template\'s value'} with the service's own API call, ${toggle}`;
}

/** A group rule added or removed by hand: the exact revoke or authorize call, and the cirro ask request for one port. */
function ruleAdvice(finding: DriftFinding, direction: 'ingress' | 'egress', target: string): string {
  const added = finding.difference === 'ADD';
  const text = added ? finding.actual : finding.expected;
  let permission: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text ?? '');
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) permission = parsed as Record<string, unknown>;
  } catch {
    permission = undefined;
  }
  const call = `aws ec2 ${added ? 'revoke' : 'authorize'}-security-group-${direction} --group-id ${finding.physicalId} --ip-permissions '${JSON.stringify(ipPermission(permission ?? {}))}'`;
  const port = permission?.['FromPort'];
  const onePort = permission !== undefined && port !== undefined && port === permission['ToPort'] && direction === 'ingress';
  if (added && onePort) return `cirro ask "close port ${String(port)} on ${target}" (it closes every source of that port), or exactly this rule: ${call}`;
  return call;
}

/** A template rule (CidrIp, FromPort, …) as the IpPermission the EC2 authorize and revoke calls take. */
export function ipPermission(rule: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const permission: Record<string, unknown> = {};
  if (rule['IpProtocol'] !== undefined) permission['IpProtocol'] = rule['IpProtocol'];
  if (rule['FromPort'] !== undefined) permission['FromPort'] = rule['FromPort'];
  if (rule['ToPort'] !== undefined) permission['ToPort'] = rule['ToPort'];
  const cidr = rule['CidrIp'] ?? rule['CidrIpv6'];
  const description = rule['Description'] !== undefined ? { Description: rule['Description'] } : {};
  if (rule['CidrIp'] !== undefined) permission['IpRanges'] = [{ CidrIp: cidr, ...description }];
  else if (rule['CidrIpv6'] !== undefined) permission['Ipv6Ranges'] = [{ CidrIpv6: cidr, ...description }];
  const peer = rule['SourceSecurityGroupId'] ?? rule['DestinationSecurityGroupId'];
  if (peer !== undefined) permission['UserIdGroupPairs'] = [{ GroupId: peer, ...description }];
  const prefixList = rule['SourcePrefixListId'] ?? rule['DestinationPrefixListId'];
  if (prefixList !== undefined) permission['PrefixListIds'] = [{ PrefixListId: prefixList, ...description }];
  return permission;
}
