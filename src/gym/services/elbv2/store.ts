import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { TableFactory } from '../../service.js';
import type { Table } from '../../world/table.js';
import type { ListenerRecord, LoadBalancerRecord, RuleRecord, TargetGroupRecord, TargetRecord } from './records.js';

/** ELBv2's state in one region. Records are keyed by ARN (targets by group, id and port). */
export interface Elbv2Store {
  readonly loadBalancers: Table<LoadBalancerRecord>;
  readonly targetGroups: Table<TargetGroupRecord>;
  readonly listeners: Table<ListenerRecord>;
  readonly rules: Table<RuleRecord>;
  readonly targets: Table<TargetRecord>;
}

/** Creates ELBv2's tables for one region. */
export function createElbv2Store(tables: TableFactory): Elbv2Store {
  return {
    loadBalancers: tables.table<LoadBalancerRecord>('load-balancers').defineIndex('name', (balancer) => [balancer.name]),
    targetGroups: tables.table<TargetGroupRecord>('target-groups').defineIndex('name', (group) => [group.name]),
    listeners: tables.table<ListenerRecord>('listeners')
      .defineIndex('load-balancer', (listener) => [listener.loadBalancerArn])
      .defineIndex('target-group', (listener) => forwardedGroups(listener.defaultActions)),
    rules: tables.table<RuleRecord>('rules')
      .defineIndex('listener', (rule) => [rule.listenerArn])
      .defineIndex('target-group', (rule) => forwardedGroups(rule.actions)),
    targets: tables.table<TargetRecord>('targets')
      .defineIndex('target-group', (target) => [target.targetGroupArn])
      .defineIndex('target-id', (target) => [target.targetId]),
  };
}

/** The target group ARNs that forward actions send traffic to. */
export function forwardedGroups(actions: readonly Action[]): string[] {
  const arns = new Set<string>();
  for (const action of actions) {
    if (action.Type !== 'forward') continue;
    if (action.TargetGroupArn) arns.add(action.TargetGroupArn);
    for (const group of action.ForwardConfig?.TargetGroups ?? []) if (group.TargetGroupArn) arns.add(group.TargetGroupArn);
  }
  return [...arns];
}
