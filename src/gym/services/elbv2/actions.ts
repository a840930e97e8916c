import type { Action, FixedResponseActionConfig, RedirectActionConfig } from '@aws-sdk/client-elastic-load-balancing-v2';
import { checkArn } from './arns.js';
import { elbv2Errors } from './errors.js';
import type { LoadBalancerRecord, TargetGroupRecord } from './records.js';
import type { Elbv2Store } from './store.js';
import { checkEnum, checkRange } from './validation.js';

const ACTION_TYPES = ['forward', 'authenticate-oidc', 'authenticate-cognito', 'redirect', 'fixed-response'] as const;
const TERMINAL = ['forward', 'redirect', 'fixed-response'];
const CONTENT_TYPES = ['text/plain', 'text/css', 'text/html', 'application/javascript', 'application/json'];

/** Target group protocols each load balancer type (and listener protocol) can forward to. */
const FORWARDABLE: Readonly<Record<string, readonly string[]>> = {
  HTTP: ['HTTP', 'HTTPS'],
  HTTPS: ['HTTP', 'HTTPS'],
  TCP: ['TCP', 'TCP_UDP'],
  TLS: ['TCP', 'TLS'],
  UDP: ['UDP', 'TCP_UDP'],
  TCP_UDP: ['TCP_UDP'],
  GENEVE: ['GENEVE'],
};

/** Where the actions go: the load balancer and the protocol of the listener. */
export interface ActionSite {
  readonly balancer: LoadBalancerRecord;
  /** The listener protocol (GENEVE for Gateway Load Balancers, which have none in the API). */
  readonly protocol: string;
  /** `actions` for a rule, `defaultActions` for a listener: the request field, for messages. */
  readonly field: string;
}

/**
 * Checks listener or rule actions as AWS does and returns them as AWS then describes them: forward
 * actions gain a ForwardConfig with weights and stickiness, redirects have every component filled in.
 */
export function normalizeActions(store: Elbv2Store, site: ActionSite, actions: readonly Action[]): Action[] {
  if (actions.length === 0) throw elbv2Errors.validation(`At least one action must be specified in '${site.field}'`);
  if (actions.length > 1 && actions.some((action) => action.Order === undefined)) {
    throw elbv2Errors.validation(`Every action in '${site.field}' needs an Order when there is more than one action`);
  }
  const ordered = [...actions].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0));
  const orders = ordered.map((action) => action.Order).filter((order): order is number => order !== undefined);
  for (const order of orders) checkRange(`${site.field}.member.order`, order, 1, 50000);
  if (new Set(orders).size !== orders.length) throw elbv2Errors.invalidAction('Each action must have a different Order');
  const terminal = ordered.filter((action) => TERMINAL.includes(action.Type ?? ''));
  if (terminal.length !== 1 || ordered[ordered.length - 1] !== terminal[0]) {
    throw elbv2Errors.invalidAction('Exactly one forward, redirect or fixed-response action is required, and it must be the last action performed');
  }
  return ordered.map((action, index) => normalizeAction(store, site, action, index + 1));
}

function normalizeAction(store: Elbv2Store, site: ActionSite, action: Action, index: number): Action {
  const type = checkEnum(`${site.field}.${index}.member.type`, action.Type ?? '', ACTION_TYPES);
  if (site.balancer.type !== 'application' && type !== 'forward') {
    throw elbv2Errors.invalidAction(`The action type '${type}' is not supported by load balancers of type '${site.balancer.type}'; use 'forward'`);
  }
  const order = action.Order === undefined ? {} : { Order: action.Order };
  switch (type) {
    case 'forward':
      return { Type: 'forward', ...forwardTargets(store, site, action), ...order };
    case 'redirect':
      return { Type: 'redirect', RedirectConfig: redirectConfig(site, action.RedirectConfig), ...order };
    case 'fixed-response':
      return { Type: 'fixed-response', FixedResponseConfig: fixedResponse(site, index, action.FixedResponseConfig), ...order };
    default:
      if (site.protocol !== 'HTTPS') throw elbv2Errors.invalidAction(`The action type '${type}' is only supported on HTTPS listeners`);
      return structuredClone(action);
  }
}

function forwardTargets(store: Elbv2Store, site: ActionSite, action: Action): Pick<Action, 'TargetGroupArn' | 'ForwardConfig'> {
  const configured = action.ForwardConfig?.TargetGroups ?? [];
  if (action.TargetGroupArn === undefined && configured.length === 0) {
    throw elbv2Errors.validation('A target group ARN must be specified for forward actions, in TargetGroupArn or ForwardConfig');
  }
  if (action.TargetGroupArn !== undefined && configured.length > 0 && (configured.length !== 1 || configured[0]!.TargetGroupArn !== action.TargetGroupArn)) {
    throw elbv2Errors.validation('When both TargetGroupArn and ForwardConfig are given, ForwardConfig must name only that target group');
  }
  const weighted = configured.length > 0 ? configured : [{ TargetGroupArn: action.TargetGroupArn!, Weight: undefined }];
  if (weighted.length > 5) throw elbv2Errors.validation('A forward action can name at most 5 target groups');
  const groups = weighted.map((entry) => {
    const arn = checkArn(entry.TargetGroupArn ?? '', 'target group');
    const group = store.targetGroups.get(arn);
    if (!group) throw elbv2Errors.targetGroupNotFound(arn);
    checkForwardable(site, group);
    return { TargetGroupArn: arn, Weight: checkRange('weight', entry.Weight ?? 1, 0, 999) };
  });
  const stickiness = action.ForwardConfig?.TargetGroupStickinessConfig;
  if (stickiness?.DurationSeconds !== undefined) checkRange('durationSeconds', stickiness.DurationSeconds, 1, 604800);
  return {
    TargetGroupArn: groups.length === 1 ? groups[0]!.TargetGroupArn : undefined,
    ForwardConfig: {
      TargetGroups: groups,
      TargetGroupStickinessConfig: stickiness?.Enabled ? { Enabled: true, DurationSeconds: stickiness.DurationSeconds ?? 3600 } : { Enabled: false },
    },
  };
}

function checkForwardable(site: ActionSite, group: TargetGroupRecord): void {
  const { balancer } = site;
  if (group.targetType === 'lambda') {
    if (balancer.type !== 'application') throw elbv2Errors.incompatibleProtocols(`Target group '${group.id}' has Lambda targets, which only Application Load Balancers can forward to`);
  } else {
    const allowed = FORWARDABLE[site.protocol] ?? [];
    if (!allowed.includes(group.protocol ?? '')) {
      throw elbv2Errors.incompatibleProtocols(
        `Target group '${group.id}' uses protocol ${group.protocol}, which a ${site.protocol} listener cannot forward to; use a target group with protocol ${allowed.join(' or ')}`,
      );
    }
    if (group.vpcId !== balancer.vpcId) {
      throw elbv2Errors.validation(`Target group '${group.id}' is in VPC '${group.vpcId}', but load balancer '${balancer.id}' is in VPC '${balancer.vpcId}'`);
    }
  }
  const others = Object.keys(group.usage).filter((arn) => arn !== balancer.id);
  if (others.length > 0 && (group.targetType === 'instance' || group.targetType === 'ip')) throw elbv2Errors.targetGroupAssociationLimit([group.id]);
}

function redirectConfig(site: ActionSite, config: RedirectActionConfig | undefined): RedirectActionConfig {
  if (!config) throw elbv2Errors.validation('A redirect configuration must be specified for redirect actions');
  const filled: RedirectActionConfig = {
    Protocol: config.Protocol ?? '#{protocol}',
    Port: config.Port ?? '#{port}',
    Host: config.Host ?? '#{host}',
    Path: config.Path ?? '/#{path}',
    Query: config.Query ?? '#{query}',
    StatusCode: checkEnum('redirectConfig.statusCode', config.StatusCode ?? '', ['HTTP_301', 'HTTP_302'] as const),
  };
  if (!['HTTP', 'HTTPS', '#{protocol}'].includes(filled.Protocol!)) throw elbv2Errors.invalidAction(`Redirect protocol '${filled.Protocol}' must be HTTP, HTTPS or #{protocol}`);
  if (site.protocol === 'HTTPS' && filled.Protocol === 'HTTP') throw elbv2Errors.invalidAction('You cannot redirect HTTPS to HTTP');
  if (filled.Port !== '#{port}' && !(/^\d+$/.test(filled.Port!) && Number(filled.Port) >= 1 && Number(filled.Port) <= 65535)) {
    throw elbv2Errors.invalidAction(`Redirect port '${filled.Port}' must be a port number from 1 to 65535 or #{port}`);
  }
  if (!filled.Path!.startsWith('/')) throw elbv2Errors.invalidAction(`Redirect path '${filled.Path}' must start with '/'`);
  const unchanged = filled.Protocol === '#{protocol}' && filled.Port === '#{port}' && filled.Host === '#{host}' && filled.Path === '/#{path}' && filled.Query === '#{query}';
  if (unchanged) throw elbv2Errors.invalidAction('A redirect must change at least one of the protocol, port, host, path or query, or it would loop');
  return filled;
}

function fixedResponse(site: ActionSite, index: number, config: FixedResponseActionConfig | undefined): FixedResponseActionConfig {
  if (!config) throw elbv2Errors.validation('A fixed-response configuration must be specified for fixed-response actions');
  const status = config.StatusCode ?? '';
  if (!/^(2|4|5)\d\d$/.test(status)) {
    throw elbv2Errors.validation(
      `1 validation error detected: Value '${status}' at '${site.field}.${index}.member.fixedResponseConfig.statusCode' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(2|4|5)\\d\\d$`,
    );
  }
  if (config.ContentType !== undefined && !CONTENT_TYPES.includes(config.ContentType)) {
    throw elbv2Errors.invalidAction(`The ContentType must be one of: ${CONTENT_TYPES.map((type) => `'${type}'`).join(', ')}`);
  }
  if ((config.MessageBody ?? '').length > 1024) throw elbv2Errors.tooLong(`${site.field}.${index}.member.fixedResponseConfig.messageBody`, 1024);
  return { StatusCode: status, ContentType: config.ContentType, MessageBody: config.MessageBody };
}
