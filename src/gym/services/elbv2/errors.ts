import { AwsError } from '../../../aws/aws-error.js';

function error(code: string, message: string): AwsError {
  return new AwsError(code, message, { status: 400 });
}

function list(items: readonly string[]): string {
  return items.map((item) => `'${item}'`).join(', ');
}

/** ELBv2's errors, with the codes, statuses and messages AWS sends. */
export const elbv2Errors = {
  validation: (message: string) => error('ValidationError', message),
  /** The message AWS's request validator writes for an out-of-set enum value. */
  invalidEnum: (field: string, value: string, allowed: readonly string[]) =>
    error('ValidationError', `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`),
  /** The message AWS's request validator writes for a number outside its range. */
  outOfRange: (field: string, value: number, bound: 'greater than or equal to' | 'less than or equal to', limit: number) =>
    error('ValidationError', `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must have value ${bound} ${limit}`),
  tooLong: (field: string, bound: number) =>
    error('ValidationError', `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${bound}`),
  invalidArn: (arn: string, kind: string) => error('ValidationError', `'${arn}' is not a valid ${kind} ARN`),

  loadBalancersNotFound: (names: readonly string[]) => error('LoadBalancerNotFound', `Load balancers '[${names.join(', ')}]' not found`),
  loadBalancerNotFound: (arn: string) => error('LoadBalancerNotFound', `Load balancer '${arn}' not found`),
  targetGroupsNotFound: (names: readonly string[]) => error('TargetGroupNotFound', `Target groups '[${names.join(', ')}]' not found`),
  targetGroupNotFound: (arn: string) => error('TargetGroupNotFound', `Target group '${arn}' not found`),
  listenersNotFound: (arns: readonly string[]) => error('ListenerNotFound', `Listeners '[${arns.join(', ')}]' not found`),
  listenerNotFound: (arn: string) => error('ListenerNotFound', `Listener '${arn}' not found`),
  rulesNotFound: (arns: readonly string[]) => error('RuleNotFound', `Rules '[${arns.join(', ')}]' not found`),
  ruleNotFound: (arn: string) => error('RuleNotFound', `Rule '${arn}' not found`),

  duplicateLoadBalancerName: (name: string) =>
    error('DuplicateLoadBalancerName', `A load balancer with the same name '${name}' exists, but with different settings`),
  duplicateTargetGroupName: (name: string) =>
    error('DuplicateTargetGroupName', `A target group with the same name '${name}' exists, but with different settings`),
  duplicateListener: (loadBalancerArn: string) =>
    error('DuplicateListener', `A listener already exists on this port for this load balancer '${loadBalancerArn}'`),
  duplicateTagKeys: (key: string) => error('DuplicateTagKeys', `Tag key was specified more than once: '${key}'`),
  tooManyTags: (arn: string) => error('TooManyTags', `The quota for the number of tags that can be assigned to '${arn}' has been reached (50); remove tags before adding more`),
  certificateNotFound: (arn: string) => error('CertificateNotFound', `Certificate '${arn}' not found`),
  sslPolicyNotFound: (name: string) => error('SSLPolicyNotFound', `SSL policy '${name}' not found`),
  tooManyListeners: (arn: string, limit: number) =>
    error('TooManyListeners', `Load balancer '${arn}' already has the maximum of ${limit} listeners; delete one before adding another`),
  tooManyRules: (arn: string, limit: number) =>
    error('TooManyRules', `Listener '${arn}' already has the maximum of ${limit} rules; delete one before adding another`),
  priorityInUse: (priority: number) => error('PriorityInUse', `Priority '${priority}' is currently in use`),

  subnetNotFound: (id: string) => error('SubnetNotFound', `The subnet ID '${id}' is not valid`),
  invalidSubnet: (message: string) => error('InvalidSubnet', message),
  invalidSecurityGroup: (message: string) => error('InvalidSecurityGroup', message),
  invalidScheme: (message: string) => error('InvalidScheme', message),
  allocationIdNotFound: (id: string) => error('AllocationIdNotFound', `The allocation ID '${id}' does not exist`),
  invalidConfiguration: (message: string) => error('InvalidConfigurationRequest', message),
  invalidAction: (message: string) => error('InvalidLoadBalancerAction', message),
  incompatibleProtocols: (message: string) => error('IncompatibleProtocols', message),
  unsupportedProtocol: (message: string) => error('UnsupportedProtocol', message),
  targetGroupAssociationLimit: (arns: readonly string[]) =>
    error('TargetGroupAssociationLimit', `The following target groups cannot be associated with more than one load balancer: ${list(arns)}`),
  operationNotPermitted: (message: string) => error('OperationNotPermitted', message),
  resourceInUse: (message: string) => error('ResourceInUse', message),

  instancesNotFound: (ids: readonly string[]) => error('InvalidTarget', `The following instances do not exist: ${list(ids)}`),
  targetsNotRunning: (ids: readonly string[]) =>
    error('InvalidTarget', `The following targets are not in a running state and cannot be registered: ${list(ids)}`),
  targetsOutsideVpc: (vpcId: string, ids: readonly string[]) =>
    error('InvalidTarget', `The following targets are not in the target group VPC '${vpcId}': ${list(ids)}`),
  invalidTarget: (message: string) => error('InvalidTarget', message),
  tooManyTargets: (arn: string, limit: number) =>
    error('TooManyTargets', `You have reached the maximum number of targets (${limit}) for target group '${arn}'; deregister targets or use another target group`),
};
