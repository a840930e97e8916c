import { DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import type { CloudClients } from '../../cloud/clients.js';
import { allResources, type Inventory } from '../../cloud/inventory.js';
import { fail, ok, type Result } from '../../core/result.js';
import type { CloudFormationTemplate } from '../../plan/iac/export-template.js';
import type { StackSituation } from '../../plan/iac/iac-change.js';

/** The tag AWS puts on what a stack created. */
const STACK_TAG = 'aws:cloudformation:stack-name';

/** Stack statuses a change can start from (anything else is busy, failed for good, or gone). */
const SETTLED = /_COMPLETE$/;

/** The stack that manages any of these resources, by CloudFormation's own tag on them. */
export function stackByTag(inventory: Inventory, ids: readonly string[]): string | undefined {
  const wanted = new Set(ids);
  return allResources(inventory).find((resource) => wanted.has(resource.id) && resource.tags[STACK_TAG])?.tags[STACK_TAG];
}

/** The stack Cirro keeps for a managed group: one per VPC, named after it (`cirro-shop-vpc`, `cirro-vpc-0abc…`). */
export function groupStackName(inventory: Inventory, ids: readonly string[]): string {
  const wanted = new Set(ids);
  const vpcIds = allResources(inventory).filter((resource) => wanted.has(resource.id)).map((resource) => (resource.kind === 'vpc' ? resource.id : 'vpcId' in resource ? resource.vpcId : undefined));
  const volumeHosts = inventory.volumes.filter((volume) => wanted.has(volume.id)).map((volume) => inventory.instances.find((instance) => instance.id === volume.attachment?.instanceId)?.vpcId);
  const vpcId = [...vpcIds, ...volumeHosts].find((id): id is string => typeof id === 'string');
  const vpc = inventory.vpcs.find((candidate) => candidate.id === vpcId);
  const base = (vpc?.name ?? vpcId ?? inventory.region).replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return `cirro-${base}`.slice(0, 128);
}

/**
 * Reads a stack's template and resources (two calls), or says it does not exist. A stack that is busy
 * or whose template is not JSON is a problem to report, not one to work around.
 */
export async function readStackSituation(clients: CloudClients, stackName: string): Promise<Result<StackSituation & { apiCalls: number }, string>> {
  let status: string | undefined;
  let stackId: string | undefined;
  let parameters: string[] = [];
  try {
    const described = await clients.cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    status = described.Stacks?.[0]?.StackStatus;
    stackId = described.Stacks?.[0]?.StackId;
    parameters = (described.Stacks?.[0]?.Parameters ?? []).flatMap((parameter) => (parameter.ParameterKey ? [parameter.ParameterKey] : []));
  } catch (error) {
    if (/does not exist/.test((error as Error).message)) return ok({ stackName, template: undefined, members: new Map(), apiCalls: 1 });
    return fail(`could not read stack ${stackName}: ${(error as Error).message}`);
  }
  if (!status || status === 'DELETE_COMPLETE' || status === 'REVIEW_IN_PROGRESS') return ok({ stackName, template: undefined, members: new Map(), apiCalls: 1 });
  if (!SETTLED.test(status) || status === 'ROLLBACK_COMPLETE') return fail(`stack ${stackName} is ${status}; wait until it settles (or fix it) and ask again`);
  const got = await clients.cloudformation.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
  let template: CloudFormationTemplate;
  try {
    template = JSON.parse(got.TemplateBody ?? '') as CloudFormationTemplate;
  } catch {
    return fail(`stack ${stackName}'s template is not JSON (YAML, perhaps); Cirro patches JSON templates only: run the change with --modality sdk, or convert the template`);
  }
  const members = new Map<string, string>();
  let calls = 2;
  for (let token: string | undefined, first = true; first || token; first = false) {
    const page = await clients.cloudformation.send(new ListStackResourcesCommand({ StackName: stackName, ...(token ? { NextToken: token } : {}) }));
    calls++;
    for (const resource of page.StackResourceSummaries ?? []) {
      if (resource.PhysicalResourceId && resource.LogicalResourceId && resource.ResourceStatus !== 'DELETE_COMPLETE') members.set(resource.PhysicalResourceId, resource.LogicalResourceId);
    }
    token = page.NextToken;
  }
  return ok({ stackName, template, members, parameters, apiCalls: calls, ...(stackId ? { stackId } : {}) });
}
