import type { RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { parseCidr } from '../ec2/cidr.js';
import { elbv2Errors } from './errors.js';
import { checkEnum } from './validation.js';

const FIELDS = ['http-header', 'http-request-method', 'host-header', 'path-pattern', 'query-string', 'source-ip'] as const;
const SINGLE = ['http-request-method', 'host-header', 'path-pattern', 'source-ip'];
const VALUE_LIMIT = 5;

function values(condition: RuleCondition, configured: readonly string[] | undefined): string[] {
  const list = configured ?? condition.Values ?? [];
  if (list.length === 0) throw elbv2Errors.validation(`A value must be specified for the '${condition.Field}' condition`);
  return [...list];
}

function normalizeCondition(condition: RuleCondition, index: number): { condition: RuleCondition; count: number } {
  const field = checkEnum(`conditions.${index}.member.field`, condition.Field ?? '', FIELDS);
  switch (field) {
    case 'host-header': {
      const hosts = values(condition, condition.HostHeaderConfig?.Values);
      for (const host of hosts) if (host.length > 128) throw elbv2Errors.validation(`Host header condition value '${host}' is longer than 128 characters`);
      return { condition: { Field: field, Values: hosts, HostHeaderConfig: { Values: hosts } }, count: hosts.length };
    }
    case 'path-pattern': {
      const paths = values(condition, condition.PathPatternConfig?.Values);
      for (const path of paths) if (path.length > 128) throw elbv2Errors.validation(`Path pattern condition value '${path}' is longer than 128 characters`);
      return { condition: { Field: field, Values: paths, PathPatternConfig: { Values: paths } }, count: paths.length };
    }
    case 'http-header': {
      const name = condition.HttpHeaderConfig?.HttpHeaderName;
      if (!name) throw elbv2Errors.validation("An HTTP header name must be specified for the 'http-header' condition");
      const headers = values(condition, condition.HttpHeaderConfig?.Values);
      return { condition: { Field: field, HttpHeaderConfig: { HttpHeaderName: name, Values: headers } }, count: headers.length };
    }
    case 'http-request-method': {
      const methods = values(condition, condition.HttpRequestMethodConfig?.Values);
      for (const method of methods) if (!/^[A-Z_-]{1,40}$/.test(method)) throw elbv2Errors.validation(`HTTP request method '${method}' must be upper-case letters, '_' or '-'`);
      return { condition: { Field: field, HttpRequestMethodConfig: { Values: methods } }, count: methods.length };
    }
    case 'query-string': {
      const pairs = condition.QueryStringConfig?.Values ?? [];
      if (pairs.length === 0 || pairs.some((pair) => !pair.Value)) throw elbv2Errors.validation("Every 'query-string' condition value needs a Value (the Key is optional)");
      return { condition: { Field: field, QueryStringConfig: { Values: pairs.map((pair) => ({ ...(pair.Key !== undefined ? { Key: pair.Key } : {}), Value: pair.Value })) } }, count: pairs.length };
    }
    case 'source-ip': {
      const cidrs = values(condition, condition.SourceIpConfig?.Values);
      for (const cidr of cidrs) if (!parseCidr(cidr, { allowHostBits: true }) && !cidr.includes(':')) throw elbv2Errors.validation(`Source IP condition value '${cidr}' is not a CIDR block`);
      return { condition: { Field: field, SourceIpConfig: { Values: cidrs } }, count: cidrs.length };
    }
  }
}

/**
 * Checks rule conditions as AWS does (known fields, values present, at most one of each single-valued
 * field, at most five values in all) and returns them as AWS describes them.
 */
export function normalizeConditions(conditions: readonly RuleCondition[]): RuleCondition[] {
  if (conditions.length === 0) throw elbv2Errors.validation('A rule must have at least one condition');
  let total = 0;
  const seen = new Set<string>();
  const normalized = conditions.map((condition, index) => {
    const result = normalizeCondition(condition, index + 1);
    const field = result.condition.Field!;
    if (SINGLE.includes(field) && seen.has(field)) {
      throw elbv2Errors.validation(`A rule can include zero or one '${field}' condition; put all its values in one condition`);
    }
    seen.add(field);
    total += result.count;
    return result.condition;
  });
  if (total > VALUE_LIMIT) throw elbv2Errors.validation(`A rule can have at most ${VALUE_LIMIT} condition values in all, but this one has ${total}`);
  return normalized;
}
