import type { ServiceContext } from '../../service.js';
import { elbv2Errors } from './errors.js';
import type { LoadBalancerType } from './records.js';

/** The short type AWS puts in load balancer, listener and rule ARNs. */
export const ARN_TYPE: Readonly<Record<LoadBalancerType, string>> = { application: 'app', network: 'net', gateway: 'gwy' };

function prefix(context: ServiceContext): string {
  return `arn:aws:elasticloadbalancing:${context.region}:${context.accountId}`;
}

/** `arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/app/NAME/16hex`. */
export function loadBalancerArn(context: ServiceContext, type: LoadBalancerType, name: string): string {
  return `${prefix(context)}:loadbalancer/${ARN_TYPE[type]}/${name}/${context.ids.hex(16)}`;
}

/** `arn:aws:elasticloadbalancing:REGION:ACCOUNT:targetgroup/NAME/16hex`. */
export function targetGroupArn(context: ServiceContext, name: string): string {
  return `${prefix(context)}:targetgroup/${name}/${context.ids.hex(16)}`;
}

/** A listener ARN: the load balancer's, with `listener/` in place of `loadbalancer/` and one more id. */
export function listenerArn(context: ServiceContext, balancerArn: string): string {
  return `${balancerArn.replace(':loadbalancer/', ':listener/')}/${context.ids.hex(16)}`;
}

/** A rule ARN: the listener's, with `listener-rule/` in place of `listener/` and one more id. */
export function ruleArn(context: ServiceContext, listener: string): string {
  return `${listener.replace(':listener/', ':listener-rule/')}/${context.ids.hex(16)}`;
}

const PATTERNS = {
  'load balancer': /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(app|net|gwy)\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/,
  'target group': /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/,
  listener: /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/(app|net|gwy)\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}\/[0-9a-f]{16}$/,
  rule: /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener-rule\/(app|net|gwy)\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}\/[0-9a-f]{16}\/[0-9a-f]{16}$/,
} as const;

/** The kinds of ELBv2 resources an ARN can name. */
export type ArnKind = keyof typeof PATTERNS;

/** Throws AWS's ValidationError when `arn` is not shaped like an ARN of this kind. */
export function checkArn(arn: string, kind: ArnKind): string {
  if (!PATTERNS[kind].test(arn)) throw elbv2Errors.invalidArn(arn, kind);
  return arn;
}

/** Which kind of ELBv2 resource an ARN names, or undefined when it names none. */
export function arnKind(arn: string): ArnKind | undefined {
  for (const [kind, pattern] of Object.entries(PATTERNS)) if (pattern.test(arn)) return kind as ArnKind;
  return undefined;
}
