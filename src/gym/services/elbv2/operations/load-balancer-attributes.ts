import type {
  DescribeLoadBalancerAttributesInput, DescribeLoadBalancerAttributesOutput, ModifyLoadBalancerAttributesInput, ModifyLoadBalancerAttributesOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { handler } from '../../../service.js';
import { apiAttributes, changeAttributes, type AttributeSpec } from '../attributes.js';
import { elbv2Errors } from '../errors.js';
import { elbv2Store, requireLoadBalancer } from '../lookups.js';
import type { LoadBalancerRecord, LoadBalancerType } from '../records.js';

type Owner = Pick<LoadBalancerRecord, 'type' | 'scheme'>;

const of = (...types: LoadBalancerType[]) => (owner: Owner) => types.includes(owner.type);
const value = (text: string) => () => text;
const BOOLEAN = { type: 'boolean' } as const;
const TEXT = { type: 'text', maxLength: 1024 } as const;
const ALB = of('application');
const ALB_NLB = of('application', 'network');

/** Every load balancer attribute AWS documents, with the types it applies to and its default. */
export const LOAD_BALANCER_ATTRIBUTES: readonly AttributeSpec<Owner>[] = [
  { key: 'access_logs.s3.enabled', appliesTo: ALB_NLB, initial: value('false'), value: BOOLEAN },
  { key: 'access_logs.s3.bucket', appliesTo: ALB_NLB, initial: value(''), value: TEXT },
  { key: 'access_logs.s3.prefix', appliesTo: ALB_NLB, initial: value(''), value: TEXT },
  { key: 'client_keep_alive.seconds', appliesTo: ALB, initial: value('3600'), value: { type: 'integer', minimum: 60, maximum: 604800 } },
  { key: 'connection_logs.s3.enabled', appliesTo: ALB, initial: value('false'), value: BOOLEAN },
  { key: 'connection_logs.s3.bucket', appliesTo: ALB, initial: value(''), value: TEXT },
  { key: 'connection_logs.s3.prefix', appliesTo: ALB, initial: value(''), value: TEXT },
  { key: 'deletion_protection.enabled', appliesTo: of('application', 'network', 'gateway'), initial: value('false'), value: BOOLEAN },
  { key: 'idle_timeout.timeout_seconds', appliesTo: ALB, initial: value('60'), value: { type: 'integer', minimum: 1, maximum: 4000 } },
  { key: 'ipv6.deny_all_igw_traffic', appliesTo: ALB_NLB, initial: (owner) => String(owner.scheme === 'internal'), value: BOOLEAN },
  {
    key: 'load_balancing.cross_zone.enabled',
    appliesTo: of('application', 'network', 'gateway'),
    initial: (owner) => String(owner.type === 'application'),
    value: BOOLEAN,
    fixed: (owner) => (owner.type === 'application' ? 'Cross-zone load balancing is always on for Application Load Balancers; turn it off per target group instead' : undefined),
  },
  { key: 'routing.http.desync_mitigation_mode', appliesTo: ALB, initial: value('defensive'), value: { type: 'enum', values: ['monitor', 'defensive', 'strictest'] } },
  { key: 'routing.http.drop_invalid_header_fields.enabled', appliesTo: ALB, initial: value('false'), value: BOOLEAN },
  { key: 'routing.http.preserve_host_header.enabled', appliesTo: ALB, initial: value('false'), value: BOOLEAN },
  { key: 'routing.http.x_amzn_tls_version_and_cipher_suite.enabled', appliesTo: ALB, initial: value('false'), value: BOOLEAN },
  { key: 'routing.http.xff_client_port.enabled', appliesTo: ALB, initial: value('false'), value: BOOLEAN },
  { key: 'routing.http.xff_header_processing.mode', appliesTo: ALB, initial: value('append'), value: { type: 'enum', values: ['append', 'preserve', 'remove'] } },
  { key: 'routing.http2.enabled', appliesTo: ALB, initial: value('true'), value: BOOLEAN },
  { key: 'waf.fail_open.enabled', appliesTo: ALB, initial: value('false'), value: BOOLEAN },
  { key: 'zonal_shift.config.enabled', appliesTo: ALB_NLB, initial: value('false'), value: BOOLEAN },
  {
    key: 'dns_record.client_routing_policy',
    appliesTo: of('network'),
    initial: value('any_availability_zone'),
    value: { type: 'enum', values: ['availability_zone_affinity', 'partial_availability_zone_affinity', 'any_availability_zone'] },
  },
  { key: 'secondary_ips.auto_assigned.per_subnet', appliesTo: of('network'), initial: value('0'), value: { type: 'integer', minimum: 0, maximum: 7 } },
];

/** Rules that span attributes: logs need a bucket, and secondary addresses never decrease. */
function checkCombination(before: Record<string, string>, after: Record<string, string>): void {
  for (const logs of ['access_logs', 'connection_logs']) {
    if (after[`${logs}.s3.enabled`] === 'true' && !after[`${logs}.s3.bucket`]) {
      throw elbv2Errors.invalidConfiguration(`The value of '${logs}.s3.bucket' cannot be empty when '${logs}.s3.enabled' is 'true'; name the S3 bucket for the logs`);
    }
  }
  const secondary = 'secondary_ips.auto_assigned.per_subnet';
  if (before[secondary] !== undefined && Number(after[secondary]) < Number(before[secondary])) {
    throw elbv2Errors.invalidConfiguration(`'${secondary}' cannot be decreased (it is ${before[secondary]})`);
  }
}

/** DescribeLoadBalancerAttributes and ModifyLoadBalancerAttributes. */
export const loadBalancerAttributeOperations = {
  DescribeLoadBalancerAttributes: handler<DescribeLoadBalancerAttributesInput, DescribeLoadBalancerAttributesOutput>((context, input) => {
    const balancer = requireLoadBalancer(elbv2Store(context), input.LoadBalancerArn!);
    return { Attributes: apiAttributes(balancer.attributes) };
  }),

  ModifyLoadBalancerAttributes: handler<ModifyLoadBalancerAttributesInput, ModifyLoadBalancerAttributesOutput>((context, input) => {
    const store = elbv2Store(context);
    const balancer = requireLoadBalancer(store, input.LoadBalancerArn!);
    const attributes = changeAttributes(LOAD_BALANCER_ATTRIBUTES, balancer, balancer.attributes, input.Attributes ?? [], 'Load balancer');
    checkCombination(balancer.attributes, attributes);
    store.loadBalancers.update(balancer.id, (draft) => {
      draft.attributes = attributes;
    });
    return { Attributes: apiAttributes(attributes) };
  }),
};
