import type { Action, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { StoredRecord } from '../../world/table.js';

/** Load balancer types, as the API names them. */
export type LoadBalancerType = 'application' | 'network' | 'gateway';

/** One subnet a load balancer has a node in (AvailabilityZones in the API). */
export interface LoadBalancerSubnet {
  readonly subnetId: string;
  readonly zoneName: string;
  /** Network Load Balancers: the Elastic IP given in a subnet mapping. */
  readonly allocationId?: string;
  readonly ipAddress?: string;
  /** Network Load Balancers: the private address given in a subnet mapping. */
  readonly privateIpv4Address?: string;
}

/** An Application, Network or Gateway Load Balancer; the ARN is the record id. */
export interface LoadBalancerRecord extends StoredRecord {
  readonly name: string;
  readonly type: LoadBalancerType;
  readonly scheme: 'internet-facing' | 'internal';
  readonly vpcId: string;
  subnets: LoadBalancerSubnet[];
  securityGroups: string[];
  ipAddressType: string;
  readonly dnsName: string | undefined;
  readonly canonicalHostedZoneId: string | undefined;
  state: 'provisioning' | 'active' | 'failed';
  /** When the load balancer became active (health checks start no earlier). */
  activatedAt: number | undefined;
  readonly createdAt: number;
  attributes: Record<string, string>;
  tags: Record<string, string>;
}

/** A target group's health check settings. */
export interface HealthCheckSettings {
  enabled: boolean;
  protocol: string | undefined;
  /** A port number as text, or `traffic-port`. */
  port: string | undefined;
  path: string | undefined;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  matcher: { HttpCode?: string; GrpcCode?: string } | undefined;
}

/** Target types, as the API names them. */
export type TargetType = 'instance' | 'ip' | 'lambda' | 'alb';

/** A target group; the ARN is the record id. */
export interface TargetGroupRecord extends StoredRecord {
  readonly name: string;
  readonly protocol: string | undefined;
  readonly protocolVersion: string | undefined;
  readonly port: number | undefined;
  readonly vpcId: string | undefined;
  readonly targetType: TargetType;
  readonly ipAddressType: string;
  healthCheck: HealthCheckSettings;
  attributes: Record<string, string>;
  /**
   * The load balancers whose listeners or rules forward to this group, with the simulated time each
   * started to (health checks of a target start no earlier than that).
   */
  usage: Record<string, number>;
  readonly createdAt: number;
  tags: Record<string, string>;
}

/** A listener; the ARN is the record id. Actions are kept in the API's own shape. */
export interface ListenerRecord extends StoredRecord {
  readonly loadBalancerArn: string;
  port: number | undefined;
  protocol: string | undefined;
  sslPolicy: string | undefined;
  certificates: string[];
  alpnPolicy: string | undefined;
  defaultActions: Action[];
  /** The ARN DescribeRules shows for the listener's default rule. */
  readonly defaultRuleArn: string;
  readonly createdAt: number;
  tags: Record<string, string>;
}

/** A non-default listener rule; the ARN is the record id. */
export interface RuleRecord extends StoredRecord {
  readonly listenerArn: string;
  readonly loadBalancerArn: string;
  priority: number;
  conditions: RuleCondition[];
  actions: Action[];
  tags: Record<string, string>;
}

/** One registration of a target (id and port) with a target group. */
export interface TargetRecord extends StoredRecord {
  readonly targetGroupArn: string;
  readonly targetId: string;
  readonly port: number | undefined;
  readonly availabilityZone: string | undefined;
  registeredAt: number;
  /** Set by DeregisterTargets while the target drains; the record goes when draining ends. */
  drainingUntil: number | undefined;
}

/** The record id of a registration. */
export function targetKey(targetGroupArn: string, targetId: string, port: number | undefined): string {
  return `${targetGroupArn} ${targetId} ${port ?? ''}`;
}
