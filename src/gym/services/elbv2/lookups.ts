import type { ServiceContext } from '../../service.js';
import type { Ec2Store } from '../ec2/store.js';
import { checkArn } from './arns.js';
import { elbv2Errors } from './errors.js';
import type { ListenerRecord, LoadBalancerRecord, RuleRecord, TargetGroupRecord } from './records.js';
import type { Elbv2Store } from './store.js';

/** This region's ELBv2 store. */
export function elbv2Store(context: ServiceContext): Elbv2Store {
  return context.store<Elbv2Store>('elbv2');
}

/** This region's EC2 store, read for VPCs, subnets, security groups and instances. */
export function ec2Store(context: ServiceContext): Ec2Store {
  return context.store<Ec2Store>('ec2');
}

/** The load balancer with this ARN, or AWS's ValidationError / LoadBalancerNotFound. */
export function requireLoadBalancer(store: Elbv2Store, arn: string): LoadBalancerRecord {
  const balancer = store.loadBalancers.get(checkArn(arn, 'load balancer'));
  if (!balancer) throw elbv2Errors.loadBalancerNotFound(arn);
  return balancer;
}

/** The target group with this ARN, or AWS's ValidationError / TargetGroupNotFound. */
export function requireTargetGroup(store: Elbv2Store, arn: string): TargetGroupRecord {
  const group = store.targetGroups.get(checkArn(arn, 'target group'));
  if (!group) throw elbv2Errors.targetGroupNotFound(arn);
  return group;
}

/** The listener with this ARN, or AWS's ValidationError / ListenerNotFound. */
export function requireListener(store: Elbv2Store, arn: string): ListenerRecord {
  const listener = store.listeners.get(checkArn(arn, 'listener'));
  if (!listener) throw elbv2Errors.listenerNotFound(arn);
  return listener;
}

/** The (non-default) rule with this ARN, or AWS's ValidationError / RuleNotFound. */
export function requireRule(store: Elbv2Store, arn: string): RuleRecord {
  const rule = store.rules.get(checkArn(arn, 'rule'));
  if (!rule) throw elbv2Errors.ruleNotFound(arn);
  return rule;
}

/** The listener whose default rule has this ARN, if any. */
export function listenerOfDefaultRule(store: Elbv2Store, ruleArn: string): ListenerRecord | undefined {
  const listenerArn = ruleArn.replace(':listener-rule/', ':listener/').replace(/\/[0-9a-f]{16}$/, '');
  const listener = store.listeners.get(listenerArn);
  return listener?.defaultRuleArn === ruleArn ? listener : undefined;
}
