import type { ResourceProperties } from '../providers/provider.js';
import type { StackRecord, StackResource } from '../store.js';

type Json = ResourceProperties[string];

/** Properties holding key/value settings where a template names some keys and AWS reports all of them. */
const KEYED_SETTINGS = new Set(['LoadBalancerAttributes', 'TargetGroupAttributes']);

/** Standalone rule types, and the group property whose list they add to. */
const RULE_RESOURCES: Readonly<Record<string, string>> = { 'AWS::EC2::SecurityGroupIngress': 'SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress': 'SecurityGroupEgress' };

/**
 * What a resource looks like now, less what is not its own drift: settings the template never named
 * (a load balancer's default attributes) and security group rules that another resource of the same
 * stack declares (CDK writes group-to-group rules as standalone ingress resources). Without this, every
 * freshly deployed CDK stack would report drift.
 */
export function withoutManagedElsewhere(stack: StackRecord, resource: StackResource, expected: ResourceProperties, actual: ResourceProperties): ResourceProperties {
  const result: Record<string, Json> = { ...actual };
  for (const property of KEYED_SETTINGS) {
    const named = expected[property];
    const reported = actual[property];
    if (!Array.isArray(named) || !Array.isArray(reported)) continue;
    const keys = new Set(named.map((entry) => keyOf(entry)));
    result[property] = reported.filter((entry) => keys.has(keyOf(entry)));
  }
  if (resource.type === 'AWS::EC2::SecurityGroup' && resource.physicalId) {
    for (const sibling of Object.values(stack.resources)) {
      const property = RULE_RESOURCES[sibling.type];
      const rules = property ? result[property] : undefined;
      if (!property || !Array.isArray(rules) || sibling.properties['GroupId'] !== resource.physicalId) continue;
      const { GroupId: _group, ...rule } = sibling.properties;
      result[property] = rules.filter((entry) => !sameRule(entry, rule));
    }
  }
  return result;
}

function keyOf(entry: Json): string | undefined {
  return entry && typeof entry === 'object' && !Array.isArray(entry) ? String((entry as Record<string, Json>)['Key']) : undefined;
}

/** A reported rule is the sibling's when every field the sibling sets matches (ports and protocol as text). */
function sameRule(entry: Json, rule: Readonly<Record<string, Json>>): boolean {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return false;
  const reported = entry as Record<string, Json>;
  return Object.entries(rule).every(([field, value]) => String(reported[field]) === String(value));
}
