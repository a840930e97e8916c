import { DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { describeInstanceTypes } from '../../cloud/catalog.js';
import type { CloudClients } from '../../cloud/clients.js';
import type { Inventory } from '../../cloud/inventory.js';
import type { InstanceTypeInfo, PlanContext } from '../../plan/context.js';
import { readTemplate } from './read-template.js';
import type { DriftFinding } from './types.js';

/** What a restore needs to know of one stack: its template as deployed, its resources and how it is updated. */
export interface StackSource {
  readonly name: string;
  /** GetTemplate's original body, exactly as deployed (the toggle's second update sends it back). */
  readonly templateBody: string;
  /** The same template as data, short forms written out long. */
  readonly template: Record<string, unknown>;
  /** Logical id → physical id of every resource the stack records. */
  readonly resources: ReadonlyMap<string, string>;
  /** The stack's parameter names (an update keeps their previous values). */
  readonly parameters: readonly string[];
  /** The capabilities the stack was created with (an update must acknowledge them again). */
  readonly capabilities: readonly string[];
}

/** Everything restoring drift is planned from: the plan builders' context and the drifted stacks. */
export interface RestoreContext extends PlanContext {
  readonly stacks: ReadonlyMap<string, StackSource>;
}

/** The instance type a plan may resize to when the request names none (not used by a restore, which always names one). */
const FALLBACK_INSTANCE_TYPE = 't3.micro';

/**
 * Reads what restoring these findings needs: each of their stacks' templates (GetTemplate), resources and
 * parameters, and the instance types a resize back would set.
 */
export async function readRestoreContext(clients: CloudClients, inventory: Inventory, findings: readonly DriftFinding[]): Promise<RestoreContext> {
  const names = [...new Set(findings.flatMap((finding) => (finding.stack !== undefined ? [finding.stack] : [])))].sort();
  const stacks = new Map<string, StackSource>();
  for (const name of names) stacks.set(name, await readStack(clients, name));
  const typeNames = findings.filter((finding) => finding.resourceType === 'AWS::EC2::Instance' && finding.property === '/InstanceType' && finding.expected !== undefined).map((finding) => finding.expected!);
  const instanceTypes = new Map<string, InstanceTypeInfo>();
  for (const facts of await describeInstanceTypes(clients, typeNames)) instanceTypes.set(facts.name, facts);
  return { inventory, region: clients.region, images: new Map(), instanceTypes, defaultInstanceType: FALLBACK_INSTANCE_TYPE, stacks };
}

async function readStack(clients: CloudClients, name: string): Promise<StackSource> {
  const { TemplateBody } = await clients.cloudformation.send(new GetTemplateCommand({ StackName: name, TemplateStage: 'Original' }));
  const resources = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await clients.cloudformation.send(new ListStackResourcesCommand({ StackName: name, ...(token ? { NextToken: token } : {}) }));
    for (const resource of page.StackResourceSummaries ?? []) if (resource.LogicalResourceId && resource.PhysicalResourceId) resources.set(resource.LogicalResourceId, resource.PhysicalResourceId);
    token = page.NextToken;
  } while (token);
  const described = (await clients.cloudformation.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
  const body = TemplateBody ?? '{}';
  return {
    name, templateBody: body, template: readTemplate(body), resources,
    parameters: (described?.Parameters ?? []).flatMap((parameter) => (parameter.ParameterKey ? [parameter.ParameterKey] : [])),
    capabilities: described?.Capabilities ?? [],
  };
}
