import { forwardedGroups, type Elbv2Store } from './store.js';

/**
 * Recomputes which load balancers forward to each of the given target groups, after listeners or
 * rules changed. A load balancer that starts forwarding is stamped with `now`: health checks of the
 * group's targets start then, so they show `initial` before `healthy`.
 */
export function refreshUsage(store: Elbv2Store, groupArns: Iterable<string>, now: number): void {
  for (const arn of new Set(groupArns)) {
    const group = store.targetGroups.get(arn);
    if (!group) continue;
    const balancers = new Set<string>();
    for (const listener of store.listeners.find('target-group', arn)) balancers.add(listener.loadBalancerArn);
    for (const rule of store.rules.find('target-group', arn)) balancers.add(rule.loadBalancerArn);
    const current = Object.keys(group.usage);
    if (current.length === balancers.size && current.every((balancer) => balancers.has(balancer))) continue;
    store.targetGroups.update(arn, (draft) => {
      const usage: Record<string, number> = {};
      for (const balancer of balancers) usage[balancer] = group.usage[balancer] ?? now;
      draft.usage = usage;
    });
  }
}

/** Deletes a listener with its rules and refreshes the usage of the groups they forwarded to. */
export function removeListener(store: Elbv2Store, listenerArn: string, now: number): void {
  const listener = store.listeners.get(listenerArn);
  if (!listener) return;
  const groups = new Set(forwardedGroups(listener.defaultActions));
  for (const rule of store.rules.find('listener', listenerArn)) {
    for (const arn of forwardedGroups(rule.actions)) groups.add(arn);
    store.rules.delete(rule.id);
  }
  store.listeners.delete(listenerArn);
  refreshUsage(store, groups, now);
}
