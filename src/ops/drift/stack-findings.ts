import type { StackResourceDrift } from '@aws-sdk/client-cloudformation';
import { rankDifference } from './severity.js';
import { SEVERITY_ORDER, type DriftFinding } from './types.js';

/** Findings for one stack's resource drifts: one per property difference of a MODIFIED resource, one per DELETED resource. */
export function stackFindings(stack: string, drifts: readonly StackResourceDrift[]): DriftFinding[] {
  const findings: DriftFinding[] = [];
  for (const drift of drifts) {
    const base = { stack, logicalId: drift.LogicalResourceId, physicalId: drift.PhysicalResourceId ?? '', resourceType: drift.ResourceType ?? 'unknown' };
    if (drift.StackResourceDriftStatus === 'DELETED') {
      findings.push({ ...base, severity: 'medium', kind: 'deleted', reason: 'deleted outside the code: the stack still expects it (an update that touches it will fail)' });
      continue;
    }
    if (drift.StackResourceDriftStatus !== 'MODIFIED') continue;
    const expectedProperties = properties(drift.ExpectedProperties);
    const actualProperties = properties(drift.ActualProperties);
    for (const difference of drift.PropertyDifferences ?? []) {
      const item = {
        resourceType: base.resourceType, path: difference.PropertyPath ?? '', difference: difference.DifferenceType ?? 'NOT_EQUAL',
        expected: difference.ExpectedValue ?? 'null', actual: difference.ActualValue ?? 'null', expectedProperties, actualProperties,
      };
      const ranked = rankDifference(item);
      findings.push({ ...base, ...ranked, kind: 'modified', property: item.path, difference: item.difference, expected: item.expected, actual: item.actual });
    }
  }
  return findings;
}

/** Most severe first; then modified, deleted, unmanaged; then by stack, logical id and property, so the order is stable. */
export function sortFindings(findings: readonly DriftFinding[]): DriftFinding[] {
  const kinds = ['modified', 'deleted', 'unmanaged'];
  const key = (finding: DriftFinding) => [finding.stack ?? '\uffff', finding.logicalId ?? finding.physicalId, finding.property ?? ''].join('\u0000');
  return [...findings].sort((a, b) =>
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || key(a).localeCompare(key(b)));
}

function properties(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
