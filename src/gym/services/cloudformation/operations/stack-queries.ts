import type {
  DescribeStackEventsInput, DescribeStackEventsOutput, DescribeStackResourceInput, DescribeStackResourceOutput,
  DescribeStackResourcesInput, DescribeStackResourcesOutput, DescribeStacksInput, DescribeStacksOutput, GetTemplateInput,
  GetTemplateOutput, GetTemplateSummaryInput, GetTemplateSummaryOutput, ListExportsOutput, ListStackResourcesInput, ListStackResourcesOutput, ListStacksInput, ListStacksOutput,
  Stack, StackResource as ApiStackResource, ValidateTemplateInput, ValidateTemplateOutput,
} from '@aws-sdk/client-cloudformation';
import { handler } from '../../../service.js';
import { cloudFormationStore } from '../engine/stack-events.js';
import { cloudFormationErrors } from '../errors.js';
import type { StackRecord, StackResource } from '../store.js';
import { describeTemplate, parseTemplate } from '../template/index.js';
import { requireStack } from './stack-lookup.js';
import { templateBodyOf } from './stacks.js';

/** A stack's DriftInformation: the outcome of its last DetectStackDrift, or NOT_CHECKED. */
function stackDriftInformation(stack: StackRecord): NonNullable<Stack['DriftInformation']> {
  return stack.drift ? { StackDriftStatus: stack.drift.status, LastCheckTimestamp: new Date(stack.drift.checkedAt) } : { StackDriftStatus: 'NOT_CHECKED' };
}

/** A stack as DescribeStacks returns it. */
export function apiStack(stack: StackRecord): Stack {
  return {
    StackId: stack.id,
    StackName: stack.name,
    ...(stack.description !== undefined ? { Description: stack.description } : {}),
    Parameters: (stack.current?.parameterEntries ?? []).map((entry) => ({ ...entry })),
    CreationTime: new Date(stack.createdAt),
    ...(stack.updatedAt !== undefined ? { LastUpdatedTime: new Date(stack.updatedAt) } : {}),
    ...(stack.deletedAt !== undefined ? { DeletionTime: new Date(stack.deletedAt) } : {}),
    StackStatus: stack.status as Stack['StackStatus'],
    ...(stack.reason !== undefined ? { StackStatusReason: stack.reason } : {}),
    DisableRollback: stack.disableRollback,
    Outputs: stack.outputs.map((output) => ({ ...output })),
    Tags: stack.tags,
    EnableTerminationProtection: false,
    DriftInformation: stackDriftInformation(stack),
  };
}

function apiResource(stack: StackRecord, resource: StackResource): ApiStackResource {
  return {
    StackName: stack.name,
    StackId: stack.id,
    LogicalResourceId: resource.logicalId,
    ...(resource.physicalId !== undefined ? { PhysicalResourceId: resource.physicalId } : {}),
    ResourceType: resource.type,
    Timestamp: new Date(resource.updatedAt),
    ResourceStatus: resource.status as ApiStackResource['ResourceStatus'],
    ...(resource.reason !== undefined ? { ResourceStatusReason: resource.reason } : {}),
    DriftInformation: resource.drift
      ? { StackResourceDriftStatus: resource.drift.status, LastCheckTimestamp: new Date(resource.drift.checkedAt) }
      : { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
}

const describeStacks = handler<DescribeStacksInput, DescribeStacksOutput>((context, input) => {
  if (input.StackName) return { Stacks: [apiStack(requireStack(context, input.StackName))] };
  const live = [...cloudFormationStore(context).stacks.values()].filter((stack) => stack.status !== 'DELETE_COMPLETE');
  return { Stacks: live.reverse().map(apiStack) };
});

const describeStackEvents = handler<DescribeStackEventsInput, DescribeStackEventsOutput>((context, input) => {
  const stack = requireStack(context, input.StackName);
  const events = cloudFormationStore(context).events.find('stack', stack.id).reverse();
  return {
    StackEvents: events.map((event) => ({
      StackId: event.stackId,
      EventId: event.id,
      StackName: event.stackName,
      LogicalResourceId: event.logicalId,
      ...(event.physicalId !== undefined ? { PhysicalResourceId: event.physicalId } : {}),
      ResourceType: event.type,
      Timestamp: new Date(event.timestamp),
      ResourceStatus: event.status as never,
      ...(event.reason !== undefined ? { ResourceStatusReason: event.reason } : {}),
      ...(event.properties !== undefined ? { ResourceProperties: event.properties } : {}),
    })),
  };
});

function listedResources(stack: StackRecord): StackResource[] {
  return Object.values(stack.resources);
}

const describeStackResources = handler<DescribeStackResourcesInput, DescribeStackResourcesOutput>((context, input) => {
  if (!input.StackName) throw cloudFormationErrors.validation('DescribeStackResources needs StackName: the gym does not look stacks up by PhysicalResourceId');
  const stack = requireStack(context, input.StackName);
  const resources = listedResources(stack).filter((resource) => input.LogicalResourceId === undefined || resource.logicalId === input.LogicalResourceId);
  return { StackResources: resources.map((resource) => apiResource(stack, resource)) };
});

const describeStackResource = handler<DescribeStackResourceInput, DescribeStackResourceOutput>((context, input) => {
  const stack = requireStack(context, input.StackName);
  const resource = stack.resources[input.LogicalResourceId ?? ''];
  if (!resource) throw cloudFormationErrors.validation(`Resource ${input.LogicalResourceId} does not exist for stack ${input.StackName}`);
  const { Timestamp, ...rest } = apiResource(stack, resource);
  return { StackResourceDetail: { ...rest, LastUpdatedTimestamp: Timestamp!, Metadata: '{}' } };
});

const listStackResources = handler<ListStackResourcesInput, ListStackResourcesOutput>((context, input) => {
  const stack = requireStack(context, input.StackName);
  return {
    StackResourceSummaries: listedResources(stack).map((resource) => {
      const { Timestamp, StackName, StackId, ...rest } = apiResource(stack, resource);
      return { ...rest, LastUpdatedTimestamp: Timestamp! };
    }),
  };
});

const getTemplate = handler<GetTemplateInput, GetTemplateOutput>((context, input) => {
  if (input.ChangeSetName) {
    const changeSet = [...cloudFormationStore(context).changeSets.values()].find((candidate) => candidate.id === input.ChangeSetName || candidate.name === input.ChangeSetName);
    if (!changeSet) throw cloudFormationErrors.changeSetNotFound(input.ChangeSetName);
    return { TemplateBody: changeSet.version.templateBody, StagesAvailable: ['Original', 'Processed'] };
  }
  const stack = requireStack(context, input.StackName);
  return { TemplateBody: stack.current?.templateBody ?? '', StagesAvailable: ['Original', 'Processed'] };
});

const validateTemplate = handler<ValidateTemplateInput, ValidateTemplateOutput>((_context, input) => {
  const parsed = parseTemplate(templateBodyOf(input));
  if (!parsed.success) throw parsed.error;
  const described = describeTemplate(parsed.value);
  return {
    Parameters: described.Parameters.map((parameter) => ({ ...parameter })),
    ...(described.Description !== undefined ? { Description: described.Description } : {}),
    Capabilities: [...described.Capabilities] as ValidateTemplateOutput['Capabilities'],
    ...(described.CapabilitiesReason !== undefined ? { CapabilitiesReason: described.CapabilitiesReason } : {}),
    DeclaredTransforms: [...described.DeclaredTransforms],
  };
});

const getTemplateSummary = handler<GetTemplateSummaryInput, GetTemplateSummaryOutput>((context, input) => {
  const body = input.StackName ? requireStack(context, input.StackName).current?.templateBody ?? '' : templateBodyOf(input);
  const parsed = parseTemplate(body);
  if (!parsed.success) throw parsed.error;
  const template = parsed.value;
  const described = describeTemplate(template);
  return {
    Parameters: described.Parameters.map((parameter) => ({ ...parameter, ParameterType: template.Parameters[parameter.ParameterKey]!.Type })),
    ...(described.Description !== undefined ? { Description: described.Description } : {}),
    Capabilities: [...described.Capabilities] as GetTemplateSummaryOutput['Capabilities'],
    ...(described.CapabilitiesReason !== undefined ? { CapabilitiesReason: described.CapabilitiesReason } : {}),
    ResourceTypes: [...new Set(Object.values(template.Resources).map((resource) => resource.Type))],
    ...(template.AWSTemplateFormatVersion !== undefined ? { Version: template.AWSTemplateFormatVersion } : {}),
    ...(Object.keys(template.Metadata).length > 0 ? { Metadata: JSON.stringify(template.Metadata) } : {}),
    DeclaredTransforms: [],
  };
});

const listStacks = handler<ListStacksInput, ListStacksOutput>((context, input) => {
  const filter = input.StackStatusFilter ?? [];
  const stacks = [...cloudFormationStore(context).stacks.values()].filter((stack) => filter.length === 0 || filter.includes(stack.status as never));
  return {
    StackSummaries: stacks.reverse().map((stack) => ({
      StackId: stack.id,
      StackName: stack.name,
      ...(stack.description !== undefined ? { TemplateDescription: stack.description } : {}),
      CreationTime: new Date(stack.createdAt),
      ...(stack.updatedAt !== undefined ? { LastUpdatedTime: new Date(stack.updatedAt) } : {}),
      ...(stack.deletedAt !== undefined ? { DeletionTime: new Date(stack.deletedAt) } : {}),
      StackStatus: stack.status as never,
      ...(stack.reason !== undefined ? { StackStatusReason: stack.reason } : {}),
      DriftInformation: stackDriftInformation(stack),
    })),
  };
});

const listExports = handler<Record<string, never>, ListExportsOutput>((context) => {
  const exports = [...cloudFormationStore(context).stacks.values()]
    .filter((stack) => stack.status !== 'DELETE_COMPLETE')
    .flatMap((stack) => stack.outputs.filter((output) => output.ExportName !== undefined).map((output) => ({ ExportingStackId: stack.id, Name: output.ExportName!, Value: output.OutputValue })));
  return { Exports: exports };
});

/** The read-only stack operations: describe, list, templates, exports and ValidateTemplate. */
export const stackQueryOperations = {
  DescribeStacks: describeStacks,
  DescribeStackEvents: describeStackEvents,
  DescribeStackResources: describeStackResources,
  DescribeStackResource: describeStackResource,
  ListStackResources: listStackResources,
  GetTemplate: getTemplate,
  ValidateTemplate: validateTemplate,
  GetTemplateSummary: getTemplateSummary,
  ListStacks: listStacks,
  ListExports: listExports,
};
