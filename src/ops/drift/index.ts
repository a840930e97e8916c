import {
  DescribeStackDriftDetectionStatusCommand, DescribeStackResourceDriftsCommand, DetectStackDriftCommand, ListStackResourcesCommand, ListStacksCommand,
  type StackResourceDrift, type StackStatus,
} from '@aws-sdk/client-cloudformation';
import type { CloudClients } from '../../cloud/clients.js';
import { allResources, type Inventory } from '../../cloud/inventory.js';
import type { DriftPolicy } from '../../guard/policy-file/index.js';
import { applyDriftPolicy } from './apply-drift-policy.js';
import { restoreAdvice } from './restore-advice.js';
import { sortFindings, stackFindings } from './stack-findings.js';
import type { DriftFinding, DriftReport, StackDriftSummary } from './types.js';
import { unmanagedFindings } from './unmanaged.js';

export type { DriftFinding, DriftReport, DriftSeverity, IgnoredFinding, StackDriftSummary } from './types.js';
export { applyDriftPolicy } from './apply-drift-policy.js';
export { driftPatches, type StackPatch } from './drift-patches.js';
export { restoreAdvice } from './restore-advice.js';
export { restorePlan, type LeftFinding, type RestorePlan } from './restore-plan.js';
export { readRestoreContext, type RestoreContext, type StackSource } from './restore-context.js';

/** What to check, and how patiently. */
export interface DriftOptions {
  /** Stack names to check; every live stack when absent (and then unmanaged resources are looked for too). */
  readonly stacks?: readonly string[];
  /** How long to wait for CloudFormation's drift detection per report. Default 5 minutes. */
  readonly timeoutMilliseconds?: number;
  /** The policy file's drift section: what is ignored or accepted. */
  readonly policy?: DriftPolicy;
  /** Waits between status polls (tests pass one that does not sleep). */
  readonly wait?: (milliseconds: number) => Promise<void>;
}

/** Stacks that exist and hold resources; drift detection refuses the others. */
const LIVE_STATUSES: readonly StackStatus[] = [
  'CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_FAILED', 'ROLLBACK_COMPLETE',
];

/**
 * What changed outside the code: runs CloudFormation's drift detection on each stack, turns every property
 * difference and lost resource into a ranked finding, and lists resources in the inventory that no stack
 * manages. A stack that cannot be checked is reported as NOT_CHECKED with the reason, not thrown.
 */
export async function driftReport(clients: CloudClients, inventory: Inventory, options: DriftOptions = {}): Promise<DriftReport> {
  const live = await listLiveStacks(clients);
  const names = options.stacks ?? live;
  const checked = await Promise.all(names.map((name) => checkStack(clients, name, live.includes(name), options)));
  const findings: DriftFinding[] = checked.flatMap((result) => result.findings);
  const unmanagedChecked = options.stacks === undefined;
  if (unmanagedChecked) {
    const managed = new Set<string>();
    for (const name of live) for (const id of await stackPhysicalIds(clients, name)) managed.add(id);
    findings.push(...unmanagedFindings(inventory, managed));
  }
  const stacks = checked.map((result) => result.summary);
  // Stack findings carry the resource's Name too, so an ignore rule or baseline may name it that way.
  const nameTags = new Map(allResources(inventory).filter((resource) => resource.name).map((resource) => [resource.id, resource.name!]));
  const named = findings.map((finding) => (finding.name === undefined && nameTags.has(finding.physicalId) ? { ...finding, name: nameTags.get(finding.physicalId)! } : finding))
    .map((finding) => ({ ...finding, restore: restoreAdvice(finding) }));
  const report: DriftReport = {
    region: clients.region, stacks, findings: sortFindings(named), ignored: [], inSync: findings.length === 0 && stacks.every((stack) => stack.status === 'IN_SYNC'), unmanagedChecked,
  };
  return options.policy ? applyDriftPolicy(report, options.policy) : report;
}

async function listLiveStacks(clients: CloudClients): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.cloudformation.send(new ListStacksCommand({ StackStatusFilter: [...LIVE_STATUSES], ...(token ? { NextToken: token } : {}) }));
    for (const summary of page.StackSummaries ?? []) if (summary.StackName) names.push(summary.StackName);
    token = page.NextToken;
  } while (token);
  return [...new Set(names)].sort();
}

async function stackPhysicalIds(clients: CloudClients, stack: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.cloudformation.send(new ListStackResourcesCommand({ StackName: stack, ...(token ? { NextToken: token } : {}) }));
    for (const resource of page.StackResourceSummaries ?? []) if (resource.PhysicalResourceId) ids.push(resource.PhysicalResourceId);
    token = page.NextToken;
  } while (token);
  return ids;
}

/** Detects one stack's drift and reads its MODIFIED and DELETED resources. */
async function checkStack(clients: CloudClients, name: string, live: boolean, options: DriftOptions): Promise<{ summary: StackDriftSummary; findings: DriftFinding[] }> {
  const notChecked = (problem: string) => ({ summary: { name, status: 'NOT_CHECKED' as const, resources: 0, driftedResources: 0, problem }, findings: [] });
  if (!live) return notChecked(`no stack named ${name} is in a state drift detection can check (it does not exist, or is being created, deleted or rolled back); run 'aws cloudformation list-stacks' to see the stacks`);
  let status;
  try {
    const { StackDriftDetectionId } = await clients.cloudformation.send(new DetectStackDriftCommand({ StackName: name }));
    status = await awaitDetection(clients, StackDriftDetectionId!, options);
  } catch (error) {
    return notChecked(`drift detection failed: ${(error as Error).message}`);
  }
  if (status.DetectionStatus === 'DETECTION_IN_PROGRESS') return notChecked('drift detection did not finish in time; run cirro drift again later');
  const drifts: StackResourceDrift[] = [];
  let token: string | undefined;
  do {
    const page = await clients.cloudformation.send(new DescribeStackResourceDriftsCommand({ StackName: name, StackResourceDriftStatusFilters: ['MODIFIED', 'DELETED'], ...(token ? { NextToken: token } : {}) }));
    drifts.push(...(page.StackResourceDrifts ?? []));
    token = page.NextToken;
  } while (token);
  const resources = (await stackPhysicalIds(clients, name)).length;
  const findings = stackFindings(name, drifts);
  const problem = status.DetectionStatus === 'DETECTION_FAILED' ? { problem: `some resources could not be checked: ${status.DetectionStatusReason ?? 'CloudFormation gave no reason'}` } : {};
  const drifted = status.StackDriftStatus === 'DRIFTED' || drifts.length > 0;
  return { summary: { name, status: drifted ? 'DRIFTED' : status.DetectionStatus === 'DETECTION_FAILED' ? 'NOT_CHECKED' : 'IN_SYNC', resources, driftedResources: status.DriftedStackResourceCount ?? drifts.length, ...problem }, findings };
}

/** Polls DescribeStackDriftDetectionStatus, a little less often each time, until it is done or the time is up. */
async function awaitDetection(clients: CloudClients, id: string, options: DriftOptions) {
  const wait = options.wait ?? ((milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds)));
  let remaining = options.timeoutMilliseconds ?? 300_000;
  let delay = 100;
  for (;;) {
    const status = await clients.cloudformation.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: id }));
    if (status.DetectionStatus !== 'DETECTION_IN_PROGRESS' || remaining <= 0) return status;
    await wait(delay);
    remaining -= delay;
    delay = Math.min(delay * 2, 2000);
  }
}
