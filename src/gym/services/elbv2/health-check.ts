import type { Matcher } from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbv2Errors } from './errors.js';
import type { HealthCheckSettings, TargetType } from './records.js';
import { checkEnum, checkPort, checkRange } from './validation.js';

/** Health check settings a request may give (CreateTargetGroup, ModifyTargetGroup). */
export interface HealthCheckRequest {
  readonly HealthCheckProtocol?: string | undefined;
  readonly HealthCheckPort?: string | undefined;
  readonly HealthCheckPath?: string | undefined;
  readonly HealthCheckEnabled?: boolean | undefined;
  readonly HealthCheckIntervalSeconds?: number | undefined;
  readonly HealthCheckTimeoutSeconds?: number | undefined;
  readonly HealthyThresholdCount?: number | undefined;
  readonly UnhealthyThresholdCount?: number | undefined;
  readonly Matcher?: Matcher | undefined;
}

/** What decides a target group's health check defaults and limits. */
export interface HealthCheckOwner {
  readonly protocol: string | undefined;
  readonly protocolVersion: string | undefined;
  readonly targetType: TargetType;
}

const HTTP_PROTOCOLS = ['HTTP', 'HTTPS'];

/**
 * The health check AWS gives a new target group, as its docs list them: HTTP(S) groups check
 * `/` every 30 s with a 5 s timeout and thresholds 5/2 expecting 200; TCP-family groups check TCP every
 * 30 s with a 10 s timeout (6 s for HTTP checks); GENEVE checks TCP port 80 every 10 s; Lambda groups
 * do not check unless asked, every 35 s with a 30 s timeout and thresholds 5/5.
 */
export function defaultHealthCheck(owner: HealthCheckOwner, protocol: string | undefined): HealthCheckSettings {
  if (owner.targetType === 'lambda') {
    return { enabled: false, protocol: 'HTTP', port: undefined, path: '/', intervalSeconds: 35, timeoutSeconds: 30, healthyThreshold: 5, unhealthyThreshold: 5, matcher: { HttpCode: '200' } };
  }
  if (owner.protocol === 'GENEVE') {
    return { enabled: true, protocol: protocol ?? 'TCP', port: '80', path: undefined, intervalSeconds: 10, timeoutSeconds: 5, healthyThreshold: 5, unhealthyThreshold: 2, matcher: undefined };
  }
  if (HTTP_PROTOCOLS.includes(owner.protocol ?? '')) {
    const grpc = owner.protocolVersion === 'GRPC';
    return {
      enabled: true,
      protocol: protocol ?? owner.protocol,
      port: 'traffic-port',
      path: grpc ? '/AWS.ALB/healthcheck' : '/',
      intervalSeconds: 30,
      timeoutSeconds: 5,
      healthyThreshold: 5,
      unhealthyThreshold: 2,
      matcher: grpc ? { GrpcCode: '12' } : { HttpCode: '200' },
    };
  }
  const checkProtocol = protocol ?? (owner.targetType === 'alb' ? 'HTTP' : 'TCP');
  const http = HTTP_PROTOCOLS.includes(checkProtocol);
  return {
    enabled: true,
    protocol: checkProtocol,
    port: 'traffic-port',
    path: http ? '/' : undefined,
    intervalSeconds: 30,
    timeoutSeconds: checkProtocol === 'HTTP' ? 6 : 10,
    healthyThreshold: 5,
    unhealthyThreshold: 2,
    matcher: http ? { HttpCode: '200-399' } : undefined,
  };
}

/** The range of HTTP codes a matcher may name, per target group protocol. */
function matcherRange(owner: HealthCheckOwner): [number, number] {
  if (owner.protocol === 'GENEVE') return [200, 399];
  return HTTP_PROTOCOLS.includes(owner.protocol ?? '') || owner.targetType === 'lambda' ? [200, 499] : [200, 599];
}

function checkMatcher(owner: HealthCheckOwner, matcher: Matcher): void {
  if (matcher.HttpCode !== undefined) {
    const [low, high] = matcherRange(owner);
    const codes = matcher.HttpCode.split(/[,-]/);
    const wellFormed = /^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/.test(matcher.HttpCode);
    if (!wellFormed || codes.some((code) => Number(code) < low || Number(code) > high)) {
      throw elbv2Errors.validation(`Health check matcher HTTP code '${matcher.HttpCode}' must be codes or ranges of codes between ${low} and ${high}, like '200', '200-299' or '200,202'`);
    }
  }
  if (matcher.GrpcCode !== undefined && !/^\d{1,2}(-\d{1,2})?(,\d{1,2}(-\d{1,2})?)*$/.test(matcher.GrpcCode)) {
    throw elbv2Errors.validation(`Health check matcher gRPC code '${matcher.GrpcCode}' must be codes or ranges of codes between 0 and 99, like '12' or '0-99'`);
  }
}

/**
 * Applies requested health check settings over `base` and checks the result as AWS does: ranges,
 * protocols that suit the group, timeout below the interval, and no turning off checks except for
 * Lambda targets.
 */
export function applyHealthCheck(owner: HealthCheckOwner, base: HealthCheckSettings, request: HealthCheckRequest): HealthCheckSettings {
  const next: HealthCheckSettings = { ...base, matcher: base.matcher ? { ...base.matcher } : undefined };
  if (request.HealthCheckProtocol !== undefined) {
    next.protocol = checkEnum('healthCheckProtocol', request.HealthCheckProtocol, ['HTTP', 'HTTPS', 'TCP']);
    if (next.protocol === 'TCP' && HTTP_PROTOCOLS.includes(owner.protocol ?? '')) {
      throw elbv2Errors.validation(`Health check protocol 'TCP' is not supported for target groups with the '${owner.protocol}' protocol; use HTTP or HTTPS`);
    }
    const http = HTTP_PROTOCOLS.includes(next.protocol);
    if (!http) {
      next.path = undefined;
      next.matcher = undefined;
    } else {
      next.path ??= '/';
      next.matcher ??= { HttpCode: HTTP_PROTOCOLS.includes(owner.protocol ?? '') ? '200' : '200-399' };
    }
  }
  if (request.HealthCheckPort !== undefined) {
    if (request.HealthCheckPort !== 'traffic-port') {
      const port = Number(request.HealthCheckPort);
      if (!/^\d+$/.test(request.HealthCheckPort)) throw elbv2Errors.validation(`Health check port '${request.HealthCheckPort}' must be 'traffic-port' or a port number`);
      checkPort('healthCheckPort', port);
    }
    next.port = request.HealthCheckPort;
  }
  if (request.HealthCheckPath !== undefined) {
    if (!HTTP_PROTOCOLS.includes(next.protocol ?? '')) throw elbv2Errors.validation('A health check path can only be specified for HTTP or HTTPS health checks');
    if (!request.HealthCheckPath.startsWith('/') || request.HealthCheckPath.length > 1024) {
      throw elbv2Errors.validation(`Health check path '${request.HealthCheckPath}' must start with '/' and be at most 1024 characters long`);
    }
    next.path = request.HealthCheckPath;
  }
  if (request.HealthCheckEnabled !== undefined) {
    if (!request.HealthCheckEnabled && owner.targetType !== 'lambda') {
      throw elbv2Errors.validation(`Health checks cannot be disabled for target groups with target type '${owner.targetType}'`);
    }
    next.enabled = request.HealthCheckEnabled;
  }
  if (request.HealthCheckIntervalSeconds !== undefined) next.intervalSeconds = checkRange('healthCheckIntervalSeconds', request.HealthCheckIntervalSeconds, 5, 300);
  if (request.HealthCheckTimeoutSeconds !== undefined) next.timeoutSeconds = checkRange('healthCheckTimeoutSeconds', request.HealthCheckTimeoutSeconds, 2, 120);
  if (request.HealthyThresholdCount !== undefined) next.healthyThreshold = checkRange('healthyThresholdCount', request.HealthyThresholdCount, 2, 10);
  if (request.UnhealthyThresholdCount !== undefined) next.unhealthyThreshold = checkRange('unhealthyThresholdCount', request.UnhealthyThresholdCount, 2, 10);
  if (request.Matcher !== undefined) {
    if (!HTTP_PROTOCOLS.includes(next.protocol ?? '')) throw elbv2Errors.validation('A health check matcher can only be specified for HTTP or HTTPS health checks');
    checkMatcher(owner, request.Matcher);
    next.matcher = { ...(request.Matcher.HttpCode !== undefined ? { HttpCode: request.Matcher.HttpCode } : {}), ...(request.Matcher.GrpcCode !== undefined ? { GrpcCode: request.Matcher.GrpcCode } : {}) };
  }
  const strict = HTTP_PROTOCOLS.includes(owner.protocol ?? '');
  if (next.timeoutSeconds > next.intervalSeconds || (strict && next.timeoutSeconds === next.intervalSeconds)) {
    throw elbv2Errors.validation(
      `Health check timeout '${next.timeoutSeconds}' must be smaller than ${strict ? '' : 'or equal to '}the interval '${next.intervalSeconds}'`,
    );
  }
  return next;
}
