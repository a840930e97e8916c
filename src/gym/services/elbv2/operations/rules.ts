import type {
  CreateRuleInput, CreateRuleOutput, DeleteRuleInput, DeleteRuleOutput, DescribeRulesInput, DescribeRulesOutput, ModifyRuleInput,
  ModifyRuleOutput, Rule, SetRulePrioritiesInput, SetRulePrioritiesOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { handler } from '../../../service.js';
import { normalizeActions } from '../actions.js';
import { checkArn, ruleArn } from '../arns.js';
import { normalizeConditions } from '../conditions.js';
import { elbv2Errors } from '../errors.js';
import { elbv2Store, listenerOfDefaultRule, requireListener, requireLoadBalancer, requireRule } from '../lookups.js';
import { pageByMarker } from '../paging.js';
import type { ListenerRecord, RuleRecord } from '../records.js';
import { forwardedGroups, type Elbv2Store } from '../store.js';
import { validTags } from '../tags.js';
import { refreshUsage } from '../usage.js';
import { checkRange } from '../validation.js';

const RULE_LIMIT = 100;

/** A rule as DescribeRules returns it. */
export function apiRule(rule: RuleRecord): Rule {
  return { RuleArn: rule.id, Priority: String(rule.priority), Conditions: rule.conditions, Actions: rule.actions, IsDefault: false };
}

/** A listener's default rule as DescribeRules returns it. */
export function apiDefaultRule(listener: ListenerRecord): Rule {
  return { RuleArn: listener.defaultRuleArn, Priority: 'default', Conditions: [], Actions: listener.defaultActions, IsDefault: true };
}

function actionSite(store: Elbv2Store, listener: ListenerRecord) {
  const balancer = requireLoadBalancer(store, listener.loadBalancerArn);
  if (balancer.type !== 'application') {
    throw elbv2Errors.validation(`Listener rules are only supported by Application Load Balancers, not by load balancers of type '${balancer.type}'`);
  }
  return { balancer, protocol: listener.protocol ?? 'HTTP', field: 'actions' };
}

function checkPriorityFree(store: Elbv2Store, listenerArn: string, priority: number, except?: string): void {
  if (store.rules.find('listener', listenerArn).some((rule) => rule.priority === priority && rule.id !== except)) throw elbv2Errors.priorityInUse(priority);
}

/** A listener's rules by priority, then its default rule, as DescribeRules lists them. */
function rulesOf(store: Elbv2Store, listener: ListenerRecord): Rule[] {
  const rules = store.rules.find('listener', listener.id).sort((a, b) => a.priority - b.priority);
  return [...rules.map(apiRule), apiDefaultRule(listener)];
}

function describeRules(store: Elbv2Store, input: DescribeRulesInput): Rule[] {
  const arns = input.RuleArns ?? [];
  if (input.ListenerArn !== undefined && arns.length > 0) throw elbv2Errors.validation('Rule ARNs and a listener ARN cannot be specified at the same time');
  if (input.ListenerArn !== undefined) return rulesOf(store, requireListener(store, input.ListenerArn));
  if (arns.length === 0) throw elbv2Errors.validation('You must specify either listener ARN or rule ARNs');
  for (const arn of arns) checkArn(arn, 'rule');
  const found = arns.map((arn) => {
    const rule = store.rules.get(arn);
    if (rule) return apiRule(rule);
    const listener = listenerOfDefaultRule(store, arn);
    return listener ? apiDefaultRule(listener) : undefined;
  });
  const missing = arns.filter((_, index) => found[index] === undefined);
  if (missing.length > 0) throw elbv2Errors.rulesNotFound(missing);
  return found as Rule[];
}

/** CreateRule, DescribeRules, ModifyRule, DeleteRule and SetRulePriorities. */
export const ruleOperations = {
  CreateRule: handler<CreateRuleInput, CreateRuleOutput>((context, input) => {
    const store = elbv2Store(context);
    const listener = requireListener(store, input.ListenerArn!);
    const site = actionSite(store, listener);
    const priority = checkRange('priority', input.Priority!, 1, 50000);
    const conditions = normalizeConditions(input.Conditions ?? []);
    const actions = normalizeActions(store, site, input.Actions ?? []);
    const tags = validTags(input.Tags);
    checkPriorityFree(store, listener.id, priority);
    if (store.rules.lookup('listener', listener.id).size >= RULE_LIMIT) throw elbv2Errors.tooManyRules(listener.id, RULE_LIMIT);
    const rule = store.rules.put({ id: ruleArn(context, listener.id), listenerArn: listener.id, loadBalancerArn: listener.loadBalancerArn, priority, conditions, actions, tags });
    refreshUsage(store, forwardedGroups(actions), context.now);
    return { Rules: [apiRule(rule)] };
  }),

  DescribeRules: handler<DescribeRulesInput, DescribeRulesOutput>((context, input) => {
    const page = pageByMarker(describeRules(elbv2Store(context), input), input.PageSize, input.Marker);
    return { Rules: page.items, NextMarker: page.nextMarker };
  }),

  ModifyRule: handler<ModifyRuleInput, ModifyRuleOutput>((context, input) => {
    const store = elbv2Store(context);
    const arn = checkArn(input.RuleArn!, 'rule');
    if (listenerOfDefaultRule(store, arn)) throw elbv2Errors.operationNotPermitted(`Rule '${arn}' is a default rule; change its actions with ModifyListener`);
    const rule = requireRule(store, arn);
    const site = actionSite(store, requireListener(store, rule.listenerArn));
    const conditions = input.Conditions === undefined ? rule.conditions : normalizeConditions(input.Conditions);
    const actions = input.Actions === undefined ? rule.actions : normalizeActions(store, site, input.Actions);
    const groups = [...forwardedGroups(rule.actions), ...forwardedGroups(actions)];
    const updated = store.rules.update(rule.id, (draft) => {
      draft.conditions = conditions;
      draft.actions = actions;
    });
    refreshUsage(store, groups, context.now);
    return { Rules: [apiRule(updated)] };
  }),

  DeleteRule: handler<DeleteRuleInput, DeleteRuleOutput>((context, input) => {
    const store = elbv2Store(context);
    const arn = checkArn(input.RuleArn!, 'rule');
    if (listenerOfDefaultRule(store, arn)) throw elbv2Errors.operationNotPermitted(`Default rule '${arn}' cannot be deleted; delete its listener instead`);
    const rule = requireRule(store, arn);
    store.rules.delete(rule.id);
    refreshUsage(store, forwardedGroups(rule.actions), context.now);
    return {};
  }),

  SetRulePriorities: handler<SetRulePrioritiesInput, SetRulePrioritiesOutput>((context, input) => {
    const store = elbv2Store(context);
    const changes = (input.RulePriorities ?? []).map((change) => {
      const arn = checkArn(change.RuleArn ?? '', 'rule');
      if (listenerOfDefaultRule(store, arn)) throw elbv2Errors.operationNotPermitted(`The priority of default rule '${arn}' cannot be changed`);
      return { rule: requireRule(store, arn), priority: checkRange('priority', change.Priority ?? 0, 1, 50000) };
    });
    const moving = new Set(changes.map((change) => change.rule.id));
    const taken = new Set<string>();
    for (const { rule, priority } of changes) {
      const key = `${rule.listenerArn} ${priority}`;
      const clash = store.rules.find('listener', rule.listenerArn).some((other) => other.priority === priority && !moving.has(other.id));
      if (clash || taken.has(key)) throw elbv2Errors.priorityInUse(priority);
      taken.add(key);
    }
    const updated = changes.map(({ rule, priority }) => store.rules.update(rule.id, (draft) => {
      draft.priority = priority;
    }));
    return { Rules: updated.map(apiRule) };
  }),
};
