import type { CloudFormationTemplate } from './export-template.js';
import type { IacPhase } from './iac-change.js';
import { predictChanges } from './predict-changes.js';
import type { TemplateResourceEntry } from './template-builder.js';

const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const PROTECTION = 'deletion_protection.enabled';

interface Attribute {
  readonly Key?: unknown;
  readonly Value?: unknown;
}

function protectedBalancer(entry: TemplateResourceEntry): boolean {
  const attributes = entry.Properties['LoadBalancerAttributes'];
  return entry.Type === LOAD_BALANCER && Array.isArray(attributes) && (attributes as Attribute[]).some((item) => item.Key === PROTECTION && String(item.Value) === 'true');
}

function unprotected(entry: TemplateResourceEntry): TemplateResourceEntry {
  const properties = { ...entry.Properties };
  const rest = (properties['LoadBalancerAttributes'] as Attribute[]).filter((item) => item.Key !== PROTECTION);
  if (rest.length > 0) properties['LoadBalancerAttributes'] = rest;
  else delete properties['LoadBalancerAttributes'];
  return { ...entry, Properties: properties };
}

/**
 * A load balancer the change adds is made without deletion protection, which a last update turns on.
 * When a creation or update fails, CloudFormation rolls back by deleting what it made; a protected load
 * balancer refuses that, and the stack is left ROLLBACK_FAILED (or UPDATE_ROLLBACK_FAILED) with the
 * balancer, its instances and its target group behind it. Protecting it only once everything else stood
 * keeps every rollback clean (as the SDK plan does: it turns protection on as a step of its own, after).
 */
export function protectionLast(from: CloudFormationTemplate, phases: readonly IacPhase[]): IacPhase[] {
  const desired = phases.at(-1)?.template;
  if (!desired) return [...phases];
  const added = Object.entries(desired.Resources).filter(([logicalId, entry]) => !(logicalId in from.Resources) && protectedBalancer(entry)).map(([logicalId]) => logicalId);
  if (added.length === 0) return [...phases];
  const strip = (template: CloudFormationTemplate): CloudFormationTemplate => ({
    ...template,
    Resources: Object.fromEntries(Object.entries(template.Resources).map(([logicalId, entry]) => [logicalId, added.includes(logicalId) && protectedBalancer(entry) ? unprotected(entry) : entry])),
  });
  const result: IacPhase[] = [];
  let previous = from;
  for (const phase of phases) {
    const template = strip(phase.template);
    const changed = JSON.stringify(template) !== JSON.stringify(phase.template);
    result.push(changed ? { ...phase, template, changes: predictChanges(previous, template) } : phase);
    previous = template;
  }
  result.push({
    template: desired,
    changes: predictChanges(previous, desired),
    reviewed: false,
    purpose: `turn on deletion protection for ${added.join(', ')} once the rest stands (a rollback cannot delete a protected load balancer)`,
  });
  return result;
}
