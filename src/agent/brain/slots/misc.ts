import type { Analysis } from '../analysis/analysis.js';

/** The output format asked for ("as dot", "in json", "graphviz"); text when none. */
export function requestedFormat(analysis: Analysis): 'text' | 'dot' | 'json' {
  const format = analysis.lexemes('format').find(({ lexeme }) => lexeme.format !== 'text') ?? analysis.lexemes('format')[0];
  return format?.lexeme.format ?? 'text';
}

/** A path for health checks ("/health", "health check on /healthz"). */
export function healthCheckPath(analysis: Analysis): string | undefined {
  return analysis.shaped('path')[0]?.text;
}

/** An availability zone ("us-east-1a"). */
export function availabilityZone(analysis: Analysis): string | undefined {
  return analysis.shaped('az')[0]?.lower;
}

/** The CIDR blocks in the request, in order. */
export function cidrs(analysis: Analysis): string[] {
  return analysis.shaped('cidr').map((item) => item.lower);
}

/**
 * The listener port of a load balancer: "on port 8080", "port 443", "listening on 8080", ":8080";
 * 443 for HTTPS and 80 otherwise when none is said.
 */
export function listenerPort(analysis: Analysis, https: boolean): number {
  const items = analysis.items;
  for (const item of items) {
    if (item.token.shape !== 'number' || items[item.index + 1]?.lexeme?.type === 'noun') continue;
    const before = items[item.index - 1]?.lower ?? '';
    const beforeThat = items[item.index - 2]?.lower ?? '';
    if (before === 'port' || before === 'on' || (before === 'to' && beforeThat === 'port') || (before === 'listening' || beforeThat === 'listening')) {
      const value = Number(item.lower);
      if (value > 0 && value <= 65535) return value;
    }
  }
  const service = analysis.lexemes('service').find(({ lexeme }) => lexeme.ports.length === 1 && lexeme.ports[0]!.protocol === 'tcp' && ['http', 'https'].includes(lexeme.phrase));
  if (service) return service.lexeme.ports[0]!.fromPort;
  return https ? 443 : 80;
}

/** What kind of load balancer: "nlb", "network load balancer", "tcp", "layer 4" → network; else application. */
export function loadBalancerType(analysis: Analysis): 'application' | 'network' {
  const fromNoun = analysis.nouns.find((noun) => noun.entry.loadBalancerType)?.entry.loadBalancerType;
  if (fromNoun) return fromNoun;
  if (analysis.hasWord('tcp', 'udp', 'layer 4', 'l4')) return 'network';
  return 'application';
}

/** The protocol a load balancer listens with. */
export function loadBalancerProtocol(analysis: Analysis, type: 'application' | 'network'): 'HTTP' | 'HTTPS' | 'TCP' {
  if (type === 'network') return 'TCP';
  if (analysis.hasWord('https', 'tls', 'ssl')) return 'HTTPS';
  return 'HTTP';
}
