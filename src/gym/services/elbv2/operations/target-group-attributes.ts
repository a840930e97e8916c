import type {
  DescribeTargetGroupAttributesInput, DescribeTargetGroupAttributesOutput, ModifyTargetGroupAttributesInput, ModifyTargetGroupAttributesOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { handler } from '../../../service.js';
import { apiAttributes, changeAttributes, type AttributeSpec } from '../attributes.js';
import { elbv2Errors } from '../errors.js';
import { elbv2Store, requireTargetGroup } from '../lookups.js';
import type { TargetGroupRecord } from '../records.js';

type Owner = Pick<TargetGroupRecord, 'protocol' | 'targetType'>;

const isHttp = (owner: Owner) => owner.targetType !== 'lambda' && (owner.protocol === 'HTTP' || owner.protocol === 'HTTPS');
const isNetwork = (owner: Owner) => ['TCP', 'TLS', 'UDP', 'TCP_UDP'].includes(owner.protocol ?? '');
const isGeneve = (owner: Owner) => owner.protocol === 'GENEVE';
const isLambda = (owner: Owner) => owner.targetType === 'lambda';
const either = (...tests: ((owner: Owner) => boolean)[]) => (owner: Owner) => tests.some((test) => test(owner));
const value = (text: string) => () => text;
const BOOLEAN = { type: 'boolean' } as const;
const DURATION = { type: 'integer', minimum: 1, maximum: 604800 } as const;
const HEALTH_COUNT = { type: 'off-or-integer', minimum: 1, maximum: 10000 } as const;
const HEALTH_PERCENT = { type: 'off-or-integer', minimum: 1, maximum: 100 } as const;
const ALB_NLB = either(isHttp, isNetwork);

/** Every target group attribute AWS documents, with the groups it applies to and its default. */
export const TARGET_GROUP_ATTRIBUTES: readonly AttributeSpec<Owner>[] = [
  { key: 'deregistration_delay.timeout_seconds', appliesTo: either(isHttp, isNetwork, isGeneve), initial: value('300'), value: { type: 'integer', minimum: 0, maximum: 3600 } },
  {
    key: 'deregistration_delay.connection_termination.enabled',
    appliesTo: isNetwork,
    initial: (owner) => String(owner.protocol === 'UDP' || owner.protocol === 'TCP_UDP'),
    value: BOOLEAN,
  },
  { key: 'stickiness.enabled', appliesTo: either(isHttp, isNetwork, isGeneve), initial: value('false'), value: BOOLEAN },
  {
    key: 'stickiness.type',
    appliesTo: either(isHttp, isNetwork, isGeneve),
    initial: (owner) => (isHttp(owner) ? 'lb_cookie' : isGeneve(owner) ? 'source_ip_dest_ip_proto' : 'source_ip'),
    value: { type: 'enum', values: ['lb_cookie', 'app_cookie', 'source_ip', 'source_ip_dest_ip', 'source_ip_dest_ip_proto'] },
  },
  { key: 'stickiness.lb_cookie.duration_seconds', appliesTo: isHttp, initial: value('86400'), value: DURATION },
  { key: 'stickiness.app_cookie.cookie_name', appliesTo: isHttp, initial: value(''), value: { type: 'text', maxLength: 256 } },
  { key: 'stickiness.app_cookie.duration_seconds', appliesTo: isHttp, initial: value('86400'), value: DURATION },
  {
    key: 'load_balancing.algorithm.type',
    appliesTo: isHttp,
    initial: value('round_robin'),
    value: { type: 'enum', values: ['round_robin', 'least_outstanding_requests', 'weighted_random'] },
  },
  { key: 'load_balancing.algorithm.anomaly_mitigation', appliesTo: isHttp, initial: value('off'), value: { type: 'enum', values: ['on', 'off'] } },
  { key: 'slow_start.duration_seconds', appliesTo: isHttp, initial: value('0'), value: { type: 'integer', minimum: 30, maximum: 900, orZero: true } },
  {
    key: 'load_balancing.cross_zone.enabled',
    appliesTo: ALB_NLB,
    initial: value('use_load_balancer_configuration'),
    value: { type: 'enum', values: ['true', 'false', 'use_load_balancer_configuration'] },
  },
  { key: 'target_group_health.dns_failover.minimum_healthy_targets.count', appliesTo: ALB_NLB, initial: value('1'), value: HEALTH_COUNT },
  { key: 'target_group_health.dns_failover.minimum_healthy_targets.percentage', appliesTo: ALB_NLB, initial: value('off'), value: HEALTH_PERCENT },
  { key: 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count', appliesTo: ALB_NLB, initial: value('1'), value: { type: 'integer', minimum: 1, maximum: 10000 } },
  { key: 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage', appliesTo: ALB_NLB, initial: value('off'), value: HEALTH_PERCENT },
  { key: 'proxy_protocol_v2.enabled', appliesTo: isNetwork, initial: value('false'), value: BOOLEAN },
  {
    key: 'preserve_client_ip.enabled',
    appliesTo: isNetwork,
    initial: (owner) => String(!(owner.targetType === 'ip' && (owner.protocol === 'TCP' || owner.protocol === 'TLS'))),
    value: BOOLEAN,
  },
  { key: 'target_health_state.unhealthy.connection_termination.enabled', appliesTo: isNetwork, initial: value('true'), value: BOOLEAN },
  { key: 'target_health_state.unhealthy.draining_interval_seconds', appliesTo: isNetwork, initial: value('0'), value: { type: 'integer', minimum: 0, maximum: 360000 } },
  { key: 'target_failover.on_deregistration', appliesTo: isGeneve, initial: value('no_rebalance'), value: { type: 'enum', values: ['rebalance', 'no_rebalance'] } },
  { key: 'target_failover.on_unhealthy', appliesTo: isGeneve, initial: value('no_rebalance'), value: { type: 'enum', values: ['rebalance', 'no_rebalance'] } },
  { key: 'lambda.multi_value_headers.enabled', appliesTo: isLambda, initial: value('false'), value: BOOLEAN },
];

/** Stickiness types each kind of group supports. */
function stickinessTypes(owner: Owner): string[] {
  if (isHttp(owner)) return ['lb_cookie', 'app_cookie'];
  if (isGeneve(owner)) return ['source_ip_dest_ip', 'source_ip_dest_ip_proto'];
  return ['source_ip'];
}

/** Rules that span attributes or depend on the protocol. */
function checkCombination(owner: Owner, attributes: Record<string, string>): void {
  const type = attributes['stickiness.type'];
  if (type !== undefined && !stickinessTypes(owner).includes(type)) {
    throw elbv2Errors.invalidConfiguration(`Stickiness type '${type}' is not supported for target groups with the ${owner.protocol} protocol; use ${stickinessTypes(owner).join(' or ')}`);
  }
  if (attributes['stickiness.enabled'] === 'true' && owner.protocol === 'TLS') {
    throw elbv2Errors.invalidConfiguration('You cannot enable stickiness on target groups with the TLS protocol');
  }
  if (type === 'app_cookie' && attributes['stickiness.enabled'] === 'true') {
    const cookie = attributes['stickiness.app_cookie.cookie_name'] ?? '';
    if (cookie === '') throw elbv2Errors.invalidConfiguration("You must set an application cookie name to enable stickiness of type 'app_cookie'");
    if (/^AWSALB(APP|TG)?/i.test(cookie)) throw elbv2Errors.invalidConfiguration(`The cookie name '${cookie}' is reserved for the load balancer; pick a name not starting with AWSALB, AWSALBAPP or AWSALBTG`);
  }
  const failover = [attributes['target_failover.on_deregistration'], attributes['target_failover.on_unhealthy']];
  if (failover[0] !== failover[1]) {
    throw elbv2Errors.invalidConfiguration("'target_failover.on_deregistration' and 'target_failover.on_unhealthy' must be set to the same value");
  }
}

/** DescribeTargetGroupAttributes and ModifyTargetGroupAttributes. */
export const targetGroupAttributeOperations = {
  DescribeTargetGroupAttributes: handler<DescribeTargetGroupAttributesInput, DescribeTargetGroupAttributesOutput>((context, input) => {
    const group = requireTargetGroup(elbv2Store(context), input.TargetGroupArn!);
    return { Attributes: apiAttributes(group.attributes) };
  }),

  ModifyTargetGroupAttributes: handler<ModifyTargetGroupAttributesInput, ModifyTargetGroupAttributesOutput>((context, input) => {
    const store = elbv2Store(context);
    const group = requireTargetGroup(store, input.TargetGroupArn!);
    const attributes = changeAttributes(TARGET_GROUP_ATTRIBUTES, group, group.attributes, input.Attributes ?? [], 'Target group');
    checkCombination(group, attributes);
    store.targetGroups.update(group.id, (draft) => {
      draft.attributes = attributes;
    });
    return { Attributes: apiAttributes(attributes) };
  }),
};
