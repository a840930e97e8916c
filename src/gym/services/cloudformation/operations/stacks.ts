import type {
  CreateStackInput, CreateStackOutput, DeleteStackInput, UpdateStackInput, UpdateStackOutput,
} from '@aws-sdk/client-cloudformation';
import { handler, type ServiceContext } from '../../../service.js';
import { bindVersion } from '../engine/prepared-version.js';
import { cloudFormationStore } from '../engine/stack-events.js';
import { startCreate, startDelete, startUpdate } from '../engine/stack-engine.js';
import { cloudFormationErrors } from '../errors.js';
import type { StackRecord, StackVersion } from '../store.js';
import type { ParameterInput } from '../template/index.js';
import { checkStackName, draftOf, findStack, isSettled, requireStack, stackArn } from './stack-lookup.js';

/** The template body of a request; TemplateURL needs S3, which the gym does not have. */
export function templateBodyOf(input: { TemplateBody?: string; TemplateURL?: string }): string {
  if (input.TemplateBody !== undefined) return input.TemplateBody;
  if (input.TemplateURL !== undefined) throw cloudFormationErrors.templateUrl();
  throw cloudFormationErrors.templateMissing();
}

/** Request parameters in the binder's shape. */
export function parameterInputs(parameters: readonly { ParameterKey?: string; ParameterValue?: string; UsePreviousValue?: boolean }[] | undefined): ParameterInput[] {
  return (parameters ?? []).map((parameter) => ({
    ParameterKey: parameter.ParameterKey ?? '',
    ...(parameter.ParameterValue !== undefined ? { ParameterValue: parameter.ParameterValue } : {}),
    ...(parameter.UsePreviousValue ? { UsePreviousValue: true } : {}),
  }));
}

/** A new stack record, not yet stored. */
export function newStack(context: ServiceContext, name: string, input: { Tags?: { Key?: string; Value?: string }[]; DisableRollback?: boolean; OnFailure?: string }): StackRecord {
  return {
    id: stackArn(context, name),
    name,
    status: 'CREATE_IN_PROGRESS',
    createdAt: context.now,
    tags: (input.Tags ?? []).map((tag) => ({ Key: tag.Key ?? '', Value: tag.Value ?? '' })),
    disableRollback: input.DisableRollback === true || input.OnFailure === 'DO_NOTHING',
    resources: {},
    outputs: [],
    imports: [],
  };
}

/** Binds a request's template and parameters for a stack, throwing the template error AWS would return. */
export function versionFor(context: ServiceContext, stack: { name: string; id: string }, body: string, parameters: ParameterInput[], previous?: Readonly<Record<string, string>>): { version: StackVersion; description?: string } {
  const bound = bindVersion(context, stack, body, parameters, previous);
  if (!bound.success) throw bound.error;
  const description = bound.value.prepared.template.Description;
  return { version: bound.value.version, ...(description !== undefined ? { description } : {}) };
}

const createStack = handler<CreateStackInput, CreateStackOutput>((context, input) => {
  const name = checkStackName(input.StackName);
  if (findStack(context, name)) throw cloudFormationErrors.stackExists(name);
  const stack = newStack(context, name, input);
  const { version, description } = versionFor(context, stack, templateBodyOf(input), parameterInputs(input.Parameters));
  stack.current = version;
  if (description !== undefined) stack.description = description;
  startCreate(context, stack);
  cloudFormationStore(context).stacks.put(stack);
  return { StackId: stack.id };
});

const updateStack = handler<UpdateStackInput, UpdateStackOutput>((context, input) => {
  const stack = draftOf(requireStack(context, input.StackName));
  if (!isSettled(stack.status) || stack.operation) throw cloudFormationErrors.notUpdatable(stack.id, stack.status);
  const body = input.UsePreviousTemplate ? stack.current!.templateBody : templateBodyOf(input);
  const { version, description } = versionFor(context, stack, body, parameterInputs(input.Parameters), stack.current!.given);
  const tags = input.Tags ? input.Tags.map((tag) => ({ Key: tag.Key ?? '', Value: tag.Value ?? '' })) : stack.tags;
  if (sameVersion(stack.current!, version) && JSON.stringify(tags) === JSON.stringify(stack.tags)) throw cloudFormationErrors.noUpdates();
  stack.tags = tags;
  if (description !== undefined) stack.description = description;
  else delete stack.description;
  startUpdate(context, stack, version);
  cloudFormationStore(context).stacks.put(stack);
  return { StackId: stack.id };
});

/** Whether two versions are the same template with the same parameter values. */
export function sameVersion(a: StackVersion, b: StackVersion): boolean {
  return a.templateBody === b.templateBody && JSON.stringify(a.given) === JSON.stringify(b.given);
}

const deleteStack = handler<DeleteStackInput, Record<string, never>>((context, input) => {
  const found = findStack(context, input.StackName);
  // Deleting a stack that does not exist (or is gone) succeeds quietly, as in AWS.
  if (!found || found.status === 'DELETE_COMPLETE' || found.status === 'DELETE_IN_PROGRESS') return {};
  const stack = draftOf(found);
  for (const output of stack.outputs) {
    if (output.ExportName === undefined) continue;
    const importer = [...cloudFormationStore(context).stacks.values()].find((other) => other.id !== stack.id && other.status !== 'DELETE_COMPLETE' && other.imports.includes(output.ExportName!));
    if (importer) throw cloudFormationErrors.exportInUse(output.ExportName, importer.name);
  }
  if (stack.status === 'REVIEW_IN_PROGRESS') {
    stack.status = 'DELETE_COMPLETE';
    stack.deletedAt = context.now;
  } else {
    if (stack.operation) throw cloudFormationErrors.validation(`Stack ${stack.name} is in ${stack.status} state; wait for it to finish before deleting it`);
    startDelete(context, stack);
  }
  cloudFormationStore(context).stacks.put(stack);
  return {};
});

/** CreateStack, UpdateStack and DeleteStack. */
export const stackOperations = {
  CreateStack: createStack,
  UpdateStack: updateStack,
  DeleteStack: deleteStack,
};
