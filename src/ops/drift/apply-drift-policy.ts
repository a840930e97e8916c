import type { DriftBaselineEntry, DriftIgnoreRule, DriftPolicy } from '../../guard/policy-file/index.js';
import type { DriftFinding, DriftReport, IgnoredFinding } from './types.js';

/**
 * The report as the project reads it: findings an ignore rule or a baseline covers move to `ignored`,
 * with the rule's reason, and no longer count as drift. A stack whose every finding is covered reads IN_SYNC.
 */
export function applyDriftPolicy(report: DriftReport, policy: DriftPolicy): DriftReport {
  const findings: DriftFinding[] = [];
  const ignored: IgnoredFinding[] = [...report.ignored];
  for (const finding of report.findings) {
    const baseline = policy.baseline.find((entry) => matchesBaseline(finding, entry));
    const rule = baseline ? undefined : policy.ignore.find((candidate) => matchesIgnore(finding, candidate));
    if (baseline) ignored.push({ ...finding, ignoredBy: 'baseline', ignoredReason: baseline.reason });
    else if (rule) ignored.push({ ...finding, ignoredBy: 'ignore', ignoredReason: rule.reason });
    else findings.push(finding);
  }
  const stacks = report.stacks.map((stack) =>
    stack.status === 'DRIFTED' && !findings.some((finding) => finding.stack === stack.name) ? { ...stack, status: 'IN_SYNC' as const } : stack);
  return { ...report, stacks, findings, ignored, inSync: findings.length === 0 && stacks.every((stack) => stack.status === 'IN_SYNC') };
}

/** A resource is named by its logical id, its physical id, or its Name tag. */
function namesResource(finding: DriftFinding, resource: string): boolean {
  return resource === finding.logicalId || resource === finding.physicalId || resource === finding.name;
}

function matchesIgnore(finding: DriftFinding, rule: DriftIgnoreRule): boolean {
  if (rule.stack !== undefined && rule.stack !== finding.stack) return false;
  if (rule.resource !== undefined && !namesResource(finding, rule.resource)) return false;
  if (rule.type !== undefined && rule.type !== finding.resourceType) return false;
  if (rule.property !== undefined) {
    const prefix = rule.property.replace(/\/+$/, '');
    if (finding.property === undefined || (finding.property !== prefix && !finding.property.startsWith(`${prefix}/`))) return false;
  }
  return true;
}

function matchesBaseline(finding: DriftFinding, entry: DriftBaselineEntry): boolean {
  return finding.kind === 'modified' && entry.stack === finding.stack && namesResource(finding, entry.resource) && entry.property === finding.property
    && canonical(entry.actual) === canonical(finding.actual);
}

/** One text per value, whether written as YAML (a mapping, a number) or as the JSON text the report shows; keys sorted. */
function canonical(value: unknown): string {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return JSON.stringify(value);
    }
  }
  return JSON.stringify(sortKeys(parsed));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  return value;
}
