import type { TargetDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import { containsAddress, parseCidr, parseIpv4 } from '../ec2/cidr.js';
import type { Ec2Store } from '../ec2/store.js';
import { elbv2Errors } from './errors.js';
import type { TargetGroupRecord } from './records.js';
import type { Elbv2Store } from './store.js';
import { checkPort } from './validation.js';

/** Address ranges AWS accepts for `ip` targets outside the group's VPC (RFC 1918 and RFC 6598). */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map((cidr) => parseCidr(cidr)!);

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;

/**
 * Checks targets for RegisterTargets as AWS does for the group's target type: instances exist, run
 * and sit in the group's VPC; IP addresses are private; a Lambda function or an Application Load
 * Balancer is the group's only target. Returns each target's Availability Zone where one applies.
 */
export function checkTargets(store: Elbv2Store, ec2: Ec2Store, group: TargetGroupRecord, targets: readonly TargetDescription[]): (string | undefined)[] {
  if (targets.length === 0) throw elbv2Errors.validation('At least one target must be specified');
  for (const target of targets) {
    if (target.Port !== undefined) {
      if (group.targetType === 'lambda') throw elbv2Errors.validation("A port cannot be specified for targets of target groups with target type 'lambda'");
      checkPort('port', target.Port);
    }
  }
  switch (group.targetType) {
    case 'instance':
      checkInstances(ec2, group, targets);
      return targets.map(() => undefined);
    case 'ip':
      return targets.map((target) => ipTargetZone(ec2, group, target));
    case 'lambda':
      checkSingle(store, group, targets, (id) => LAMBDA_ARN.test(id), 'a Lambda function ARN');
      return [undefined];
    case 'alb':
      checkSingle(store, group, targets, (id) => store.loadBalancers.get(id)?.type === 'application', 'the ARN of an existing Application Load Balancer');
      return [undefined];
  }
}

function checkInstances(ec2: Ec2Store, group: TargetGroupRecord, targets: readonly TargetDescription[]): void {
  const ids = targets.map((target) => target.Id ?? '');
  for (const id of ids) if (!/^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id)) throw elbv2Errors.validation(`Instance ID '${id}' is not valid`);
  const missing = ids.filter((id) => !ec2.instances.has(id));
  if (missing.length > 0) throw elbv2Errors.instancesNotFound(missing);
  const notRunning = ids.filter((id) => ec2.instances.get(id)!.state !== 'running');
  if (notRunning.length > 0) throw elbv2Errors.targetsNotRunning(notRunning);
  const elsewhere = ids.filter((id) => ec2.instances.get(id)!.vpcId !== group.vpcId);
  if (elsewhere.length > 0) throw elbv2Errors.targetsOutsideVpc(group.vpcId ?? '', elsewhere);
}

function ipTargetZone(ec2: Ec2Store, group: TargetGroupRecord, target: TargetDescription): string {
  const id = target.Id ?? '';
  const address = parseIpv4(id);
  if (address === undefined) throw elbv2Errors.validation(`The IP address '${id}' is not a valid IPv4 address`);
  for (const subnet of ec2.subnets.find('vpc-id', group.vpcId ?? '')) {
    const block = parseCidr(subnet.cidrBlock);
    if (block && containsAddress(block, address)) {
      if (target.AvailabilityZone !== undefined && target.AvailabilityZone !== subnet.availabilityZone && target.AvailabilityZone !== 'all') {
        throw elbv2Errors.invalidTarget(`The IP address '${id}' is in Availability Zone '${subnet.availabilityZone}', not '${target.AvailabilityZone}'`);
      }
      return target.AvailabilityZone ?? subnet.availabilityZone;
    }
  }
  if (!PRIVATE_RANGES.some((range) => containsAddress(range, address))) {
    throw elbv2Errors.invalidTarget(`The IP address '${id}' is not in the VPC '${group.vpcId}' or in a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)`);
  }
  if (target.AvailabilityZone !== 'all') {
    throw elbv2Errors.validation(`The Availability Zone of target '${id}' must be 'all', because the address is outside the VPC '${group.vpcId}'`);
  }
  return 'all';
}

function checkSingle(store: Elbv2Store, group: TargetGroupRecord, targets: readonly TargetDescription[], valid: (id: string) => boolean, expected: string): void {
  for (const target of targets) {
    if (!valid(target.Id ?? '')) throw elbv2Errors.invalidTarget(`Target '${target.Id}' is not valid for target type '${group.targetType}': give ${expected}`);
  }
  const others = store.targets.find('target-group', group.id).filter((registered) => registered.targetId !== targets[0]!.Id);
  if (targets.length > 1 || others.length > 0) throw elbv2Errors.tooManyTargets(group.id, 1);
}
