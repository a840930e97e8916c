import { DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import type { CloudClients } from '../../cloud/clients.js';
import { renderTemplate } from '../../plan/iac/render-template.js';
import { patchTemplate } from './patch-template.js';
import { readTemplate } from './read-template.js';
import type { DriftFinding, DriftReport } from './types.js';
import { unifiedDiff } from './unified-diff.js';

/** One drifted stack's template patch: the current template and the patched one as YAML, their diff, and notes. */
export interface StackPatch {
  readonly stack: string;
  readonly before: string;
  readonly after: string;
  /** A unified diff of before → after, named `<stack>.yaml`. */
  readonly diff: string;
  readonly template: Record<string, unknown>;
  readonly notes: readonly string[];
}

/**
 * "Bring the code to the cloud" for every stack with drift in the report: reads the stack's template
 * (GetTemplate), its parameters and its resources, and patches the template to what the cloud has. The
 * findings patched are the reported ones and those a baseline accepted (the team keeps that value);
 * those an ignore rule hides are left as the template says.
 */
export async function driftPatches(clients: CloudClients, report: DriftReport): Promise<StackPatch[]> {
  const patched: DriftFinding[] = [...report.findings, ...report.ignored.filter((finding) => finding.ignoredBy === 'baseline')];
  const stacks = [...new Set(patched.flatMap((finding) => (finding.stack !== undefined && finding.kind !== 'unmanaged' ? [finding.stack] : [])))].sort();
  const patches: StackPatch[] = [];
  for (const stack of stacks) {
    const findings = patched.filter((finding) => finding.stack === stack);
    const { TemplateBody } = await clients.cloudformation.send(new GetTemplateCommand({ StackName: stack, TemplateStage: 'Original' }));
    const original = readTemplate(TemplateBody ?? '{}');
    const deleted = new Set(findings.filter((finding) => finding.kind === 'deleted').map((finding) => finding.logicalId));
    const resources = new Map<string, string>();
    let token: string | undefined;
    do {
      const page = await clients.cloudformation.send(new ListStackResourcesCommand({ StackName: stack, ...(token ? { NextToken: token } : {}) }));
      for (const resource of page.StackResourceSummaries ?? []) {
        if (resource.LogicalResourceId && resource.PhysicalResourceId && !deleted.has(resource.LogicalResourceId)) resources.set(resource.LogicalResourceId, resource.PhysicalResourceId);
      }
      token = page.NextToken;
    } while (token);
    const described = (await clients.cloudformation.send(new DescribeStacksCommand({ StackName: stack }))).Stacks?.[0];
    const parameters = new Map((described?.Parameters ?? []).flatMap((parameter) =>
      parameter.ParameterKey && (parameter.ResolvedValue ?? parameter.ParameterValue) !== undefined ? [[parameter.ParameterKey, (parameter.ResolvedValue ?? parameter.ParameterValue)!] as const] : []));
    const { template, notes } = patchTemplate(original, findings, { resources, parameters });
    const before = renderTemplate(original, 'yaml');
    const after = renderTemplate(template, 'yaml');
    patches.push({ stack, before, after, diff: unifiedDiff(before, after, `${stack}.yaml`), template, notes });
  }
  return patches;
}
