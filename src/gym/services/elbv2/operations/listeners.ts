import type {
  Certificate, CreateListenerInput, CreateListenerOutput, DeleteListenerInput, DeleteListenerOutput, DescribeListenersInput,
  DescribeListenersOutput, Listener, ModifyListenerInput, ModifyListenerOutput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { handler, type ServiceContext } from '../../../service.js';
import { normalizeActions } from '../actions.js';
import { checkArn, listenerArn, ruleArn } from '../arns.js';
import { elbv2Errors } from '../errors.js';
import { elbv2Store, requireListener, requireLoadBalancer } from '../lookups.js';
import { pageByMarker } from '../paging.js';
import type { ListenerRecord, LoadBalancerRecord } from '../records.js';
import { forwardedGroups, type Elbv2Store } from '../store.js';
import { validTags } from '../tags.js';
import { refreshUsage, removeListener } from '../usage.js';
import { checkPort } from '../validation.js';

/** Listener protocols per load balancer type. */
const LISTENER_PROTOCOLS = { application: ['HTTP', 'HTTPS'], network: ['TCP', 'TLS', 'UDP', 'TCP_UDP'] } as const;

/** Security policies the gym knows; the first is what AWS applies when none is given. */
const SSL_POLICIES = [
  'ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06', 'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06', 'ELBSecurityPolicy-TLS13-1-1-2021-06',
  'ELBSecurityPolicy-TLS13-1-0-2021-06', 'ELBSecurityPolicy-TLS-1-2-2017-01', 'ELBSecurityPolicy-TLS-1-2-Ext-2018-06',
  'ELBSecurityPolicy-TLS-1-1-2017-01', 'ELBSecurityPolicy-FS-2018-06', 'ELBSecurityPolicy-FS-1-2-Res-2020-10', 'ELBSecurityPolicy-2015-05',
];
const ALPN_POLICIES = ['HTTP1Only', 'HTTP2Only', 'HTTP2Optional', 'HTTP2Preferred', 'None'];
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:(acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+|iam::\d{12}:server-certificate\/.+)$/;
const LISTENER_LIMIT = 50;

/** A listener as DescribeListeners returns it. */
export function apiListener(listener: ListenerRecord): Listener {
  return {
    ListenerArn: listener.id,
    LoadBalancerArn: listener.loadBalancerArn,
    Port: listener.port,
    Protocol: listener.protocol as Listener['Protocol'],
    Certificates: listener.certificates.length > 0 ? listener.certificates.map((CertificateArn) => ({ CertificateArn })) : undefined,
    SslPolicy: listener.sslPolicy,
    DefaultActions: listener.defaultActions,
    AlpnPolicy: listener.alpnPolicy === undefined ? undefined : [listener.alpnPolicy],
  };
}

/** Port and protocol as the load balancer type requires them (Gateway Load Balancers take neither). */
function checkPortAndProtocol(balancer: LoadBalancerRecord, port: number | undefined, protocol: string | undefined): void {
  if (balancer.type === 'gateway') {
    if (port !== undefined) throw elbv2Errors.validation('A port cannot be specified for gateway listeners');
    if (protocol !== undefined) throw elbv2Errors.validation('A protocol cannot be specified for gateway listeners');
    return;
  }
  if (port === undefined) throw elbv2Errors.validation('A listener port must be specified');
  checkPort('port', port);
  if (protocol === undefined) throw elbv2Errors.validation('A listener protocol must be specified');
  const allowed: readonly string[] = LISTENER_PROTOCOLS[balancer.type];
  if (!allowed.includes(protocol)) throw elbv2Errors.validation(`Listener protocol '${protocol}' must be one of '${allowed.join(', ')}'`);
}

/** TLS settings: certificates, security policy and ALPN policy, only where the protocol has TLS. */
function tlsSettings(protocol: string | undefined, certificates: readonly Certificate[] | undefined, sslPolicy: string | undefined, alpn: readonly string[] | undefined, current?: ListenerRecord) {
  const secure = protocol === 'HTTPS' || protocol === 'TLS';
  if (!secure) {
    if ((certificates?.length ?? 0) > 0) throw elbv2Errors.validation(`Certificates cannot be specified for ${protocol} listeners`);
    if (sslPolicy !== undefined) throw elbv2Errors.validation(`An SSL policy cannot be specified for ${protocol} listeners`);
    if ((alpn?.length ?? 0) > 0) throw elbv2Errors.validation('An ALPN policy can only be specified for TLS listeners');
    return { certificates: [], sslPolicy: undefined, alpnPolicy: undefined };
  }
  const arns = certificates === undefined ? (current?.certificates ?? []) : certificates.map((certificate) => certificate.CertificateArn ?? '');
  if (arns.length !== 1) throw elbv2Errors.validation(`You must provide exactly one certificate for ${protocol} listeners`);
  for (const arn of arns) if (!CERTIFICATE_ARN.test(arn)) throw elbv2Errors.certificateNotFound(arn);
  const policy = sslPolicy ?? current?.sslPolicy ?? SSL_POLICIES[0]!;
  if (!SSL_POLICIES.includes(policy)) throw elbv2Errors.sslPolicyNotFound(policy);
  if ((alpn?.length ?? 0) > 0 && protocol !== 'TLS') throw elbv2Errors.validation('An ALPN policy can only be specified for TLS listeners');
  if ((alpn?.length ?? 0) > 1 || (alpn?.[0] !== undefined && !ALPN_POLICIES.includes(alpn[0]))) {
    throw elbv2Errors.validation(`The ALPN policy must be one of: ${ALPN_POLICIES.join(', ')}`);
  }
  return { certificates: arns, sslPolicy: policy, alpnPolicy: alpn?.[0] ?? current?.alpnPolicy };
}

function createListener(context: ServiceContext, input: CreateListenerInput): ListenerRecord {
  const store = elbv2Store(context);
  const balancer = requireLoadBalancer(store, input.LoadBalancerArn!);
  checkPortAndProtocol(balancer, input.Port, input.Protocol);
  const tls = tlsSettings(input.Protocol, input.Certificates, input.SslPolicy, input.AlpnPolicy);
  const defaultActions = normalizeActions(store, { balancer, protocol: input.Protocol ?? 'GENEVE', field: 'defaultActions' }, input.DefaultActions ?? []);
  const tags = validTags(input.Tags);
  const siblings = store.listeners.find('load-balancer', balancer.id);
  const samePort = siblings.find((listener) => listener.port === input.Port);
  if (samePort) {
    // CreateListener is idempotent: the same request again returns the listener it made.
    const same = samePort.protocol === input.Protocol && JSON.stringify(samePort.defaultActions) === JSON.stringify(defaultActions);
    if (same) return samePort;
    throw elbv2Errors.duplicateListener(balancer.id);
  }
  if (siblings.length >= LISTENER_LIMIT) throw elbv2Errors.tooManyListeners(balancer.id, LISTENER_LIMIT);
  const id = listenerArn(context, balancer.id);
  const listener = store.listeners.put({
    id,
    loadBalancerArn: balancer.id,
    port: input.Port,
    protocol: input.Protocol,
    ...tls,
    defaultActions,
    defaultRuleArn: ruleArn(context, id),
    createdAt: context.now,
    tags,
  });
  refreshUsage(store, forwardedGroups(defaultActions), context.now);
  return listener;
}

function describeListeners(store: Elbv2Store, input: DescribeListenersInput): ListenerRecord[] {
  const arns = input.ListenerArns ?? [];
  if (input.LoadBalancerArn !== undefined && arns.length > 0) throw elbv2Errors.validation('Listener ARNs and a load balancer ARN cannot be specified at the same time');
  if (input.LoadBalancerArn !== undefined) {
    const balancer = requireLoadBalancer(store, input.LoadBalancerArn);
    return store.listeners.find('load-balancer', balancer.id).sort((a, b) => store.listeners.orderOf(a.id) - store.listeners.orderOf(b.id));
  }
  if (arns.length === 0) throw elbv2Errors.validation('You must specify either listener ARNs or a load balancer ARN');
  for (const arn of arns) checkArn(arn, 'listener');
  const missing = arns.filter((arn) => !store.listeners.has(arn));
  if (missing.length > 0) throw elbv2Errors.listenersNotFound(missing);
  return [...new Set(arns)].map((arn) => store.listeners.get(arn)!);
}

/** CreateListener, DescribeListeners, ModifyListener and DeleteListener. */
export const listenerOperations = {
  CreateListener: handler<CreateListenerInput, CreateListenerOutput>((context, input) => ({
    Listeners: [apiListener(createListener(context, input))],
  })),

  DescribeListeners: handler<DescribeListenersInput, DescribeListenersOutput>((context, input) => {
    const page = pageByMarker(describeListeners(elbv2Store(context), input), input.PageSize, input.Marker);
    return { Listeners: page.items.map(apiListener), NextMarker: page.nextMarker };
  }),

  ModifyListener: handler<ModifyListenerInput, ModifyListenerOutput>((context, input) => {
    const store = elbv2Store(context);
    const listener = requireListener(store, input.ListenerArn!);
    const balancer = requireLoadBalancer(store, listener.loadBalancerArn);
    const port = input.Port ?? listener.port;
    const protocol = input.Protocol ?? listener.protocol;
    checkPortAndProtocol(balancer, port, protocol);
    if (port !== listener.port && store.listeners.find('load-balancer', balancer.id).some((other) => other.port === port)) {
      throw elbv2Errors.duplicateListener(balancer.id);
    }
    const tls = tlsSettings(protocol, input.Certificates, input.SslPolicy, input.AlpnPolicy, protocol === listener.protocol ? listener : undefined);
    const site = { balancer, protocol: protocol ?? 'GENEVE', field: 'defaultActions' };
    const defaultActions = normalizeActions(store, site, input.DefaultActions ?? listener.defaultActions);
    const groups = [...forwardedGroups(listener.defaultActions), ...forwardedGroups(defaultActions)];
    const updated = store.listeners.update(listener.id, (draft) => {
      Object.assign(draft, { port, protocol, ...tls, defaultActions });
    });
    refreshUsage(store, groups, context.now);
    return { Listeners: [apiListener(updated)] };
  }),

  DeleteListener: handler<DeleteListenerInput, DeleteListenerOutput>((context, input) => {
    const store = elbv2Store(context);
    const listener = requireListener(store, input.ListenerArn!);
    removeListener(store, listener.id, context.now);
    return {};
  }),
};
