import type {
  CreateChangeSetInput, CreateChangeSetOutput, DeleteChangeSetInput, DescribeChangeSetInput, DescribeChangeSetOutput,
  ExecuteChangeSetInput, ListChangeSetsInput, ListChangeSetsOutput,
} from '@aws-sdk/client-cloudformation';
import { handler, type ServiceContext } from '../../../service.js';
import { previewChanges } from '../engine/change-preview.js';
import { bindVersion, type PreparedVersion } from '../engine/prepared-version.js';
import { cloudFormationStore, setStackStatus } from '../engine/stack-events.js';
import { startCreate, startUpdate } from '../engine/stack-engine.js';
import { cloudFormationErrors } from '../errors.js';
import { executeImport, planImport } from '../imports/import-change-set.js';
import type { ChangeRecord, ChangeSetRecord, StackRecord } from '../store.js';
import { checkStackName, draftOf, findStack, isSettled } from './stack-lookup.js';
import { newStack, parameterInputs, templateBodyOf } from './stacks.js';

const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

/** Finds a change set by ARN, or by name within a stack. */
function requireChangeSet(context: ServiceContext, name: string | undefined, stackName: string | undefined): ChangeSetRecord {
  const store = cloudFormationStore(context);
  if (name?.startsWith('arn:')) {
    const found = store.changeSets.get(name);
    if (found) return found;
  } else {
    const stack = findStack(context, stackName);
    if (!stackName) throw cloudFormationErrors.validation('StackName must be specified if ChangeSetName is not specified as an ARN.');
    const found = stack && store.changeSets.find('stack', stack.id).find((changeSet) => changeSet.name === name);
    if (found) return found;
  }
  throw cloudFormationErrors.changeSetNotFound(name ?? '');
}

/** The stack a change set is for: the existing one, or a new REVIEW_IN_PROGRESS stack for a CREATE change set. */
function stackForChangeSet(context: ServiceContext, input: CreateChangeSetInput): StackRecord {
  const name = checkStackName(input.StackName);
  const existing = findStack(context, name);
  const type = input.ChangeSetType ?? 'UPDATE';
  if (type === 'UPDATE' || (type === 'IMPORT' && existing && existing.status !== 'REVIEW_IN_PROGRESS')) {
    if (!existing || existing.status === 'REVIEW_IN_PROGRESS') throw cloudFormationErrors.validation(`Stack [${name}] does not exist`);
    if (!isSettled(existing.status) || existing.operation) throw cloudFormationErrors.notUpdatable(existing.id, existing.status);
    return draftOf(existing);
  }
  if (existing && existing.status !== 'REVIEW_IN_PROGRESS') {
    throw cloudFormationErrors.stackExistsForChangeSet(name, input.ChangeSetName ?? '');
  }
  if (existing) return draftOf(existing);
  const stack = newStack(context, name, input);
  setStackStatus(context, stack, 'REVIEW_IN_PROGRESS', 'User Initiated');
  return stack;
}

/** The changes of a CREATE or UPDATE change set, and why it fails (a template error, or nothing to change). */
function previewPlan(context: ServiceContext, stack: StackRecord, prepared: PreparedVersion, tags: readonly { Key: string; Value: string }[]): { changes: ChangeRecord[]; problem?: string; imports?: undefined } {
  const preview = previewChanges(context, stack, prepared);
  const changes = preview.success ? preview.value : [];
  const unchanged = stack.current !== undefined && changes.length === 0 && JSON.stringify(tags) === JSON.stringify(stack.tags);
  const problem = !preview.success ? preview.error.message : unchanged ? NO_CHANGES : undefined;
  return { changes, ...(problem !== undefined ? { problem } : {}) };
}

const createChangeSet = handler<CreateChangeSetInput, CreateChangeSetOutput>((context, input) => {
  const store = cloudFormationStore(context);
  const stack = stackForChangeSet(context, input);
  const changeSetName = input.ChangeSetName ?? '';
  if (store.changeSets.find('stack', stack.id).some((changeSet) => changeSet.name === changeSetName)) throw cloudFormationErrors.changeSetExists(changeSetName);
  const body = input.UsePreviousTemplate && stack.current ? stack.current.templateBody : templateBodyOf(input);
  const bound = bindVersion(context, stack, body, parameterInputs(input.Parameters), stack.current?.given ?? {});
  if (!bound.success) throw bound.error;
  const tags = input.Tags ? input.Tags.map((tag) => ({ Key: tag.Key ?? '', Value: tag.Value ?? '' })) : stack.tags;
  const plan = input.ChangeSetType === 'IMPORT'
    ? planImport(context, stack, bound.value.prepared, input.ResourcesToImport ?? [])
    : previewPlan(context, stack, bound.value.prepared, tags);
  const changeSet: ChangeSetRecord = {
    id: `arn:aws:cloudformation:${context.region}:${context.accountId}:changeSet/${changeSetName}/${context.ids.uuid()}`,
    name: changeSetName,
    stackId: stack.id,
    stackName: stack.name,
    type: input.ChangeSetType === 'IMPORT' ? 'IMPORT' : stack.current === undefined ? 'CREATE' : 'UPDATE',
    status: plan.problem === undefined ? 'CREATE_COMPLETE' : 'FAILED',
    executionStatus: plan.problem === undefined ? 'AVAILABLE' : 'UNAVAILABLE',
    ...(plan.problem !== undefined ? { statusReason: plan.problem } : {}),
    version: bound.value.version,
    changes: plan.changes,
    ...(plan.imports ? { imports: plan.imports } : {}),
    createdAt: context.now,
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    tags,
    disableRollback: input.OnStackFailure === 'DO_NOTHING',
  };
  store.changeSets.put(changeSet);
  store.stacks.put(stack);
  return { Id: changeSet.id, StackId: stack.id };
});

const describeChangeSet = handler<DescribeChangeSetInput, DescribeChangeSetOutput>((context, input) => {
  const changeSet = requireChangeSet(context, input.ChangeSetName, input.StackName);
  return {
    ChangeSetName: changeSet.name,
    ChangeSetId: changeSet.id,
    StackId: changeSet.stackId,
    StackName: changeSet.stackName,
    ...(changeSet.description !== undefined ? { Description: changeSet.description } : {}),
    Parameters: changeSet.version.parameterEntries.map((entry) => ({ ...entry })),
    CreationTime: new Date(changeSet.createdAt),
    ExecutionStatus: changeSet.executionStatus,
    Status: changeSet.status,
    ...(changeSet.statusReason !== undefined ? { StatusReason: changeSet.statusReason } : {}),
    NotificationARNs: [],
    Capabilities: [],
    Tags: changeSet.tags,
    Changes: changeSet.changes.map((change) => ({ Type: 'Resource', ResourceChange: structuredClone(change) as never })),
    IncludeNestedStacks: false,
  };
});

const executeChangeSet = handler<ExecuteChangeSetInput, Record<string, never>>((context, input) => {
  const store = cloudFormationStore(context);
  const changeSet = requireChangeSet(context, input.ChangeSetName, input.StackName);
  if (changeSet.executionStatus !== 'AVAILABLE') {
    throw cloudFormationErrors.invalidChangeSetStatus(changeSet.id, changeSet.status);
  }
  const stack = draftOf(store.stacks.get(changeSet.stackId)!);
  stack.tags = changeSet.tags;
  stack.changeSetId = changeSet.id;
  if (changeSet.type === 'IMPORT') {
    if (stack.status !== 'REVIEW_IN_PROGRESS' && (!isSettled(stack.status) || stack.operation)) throw cloudFormationErrors.notUpdatable(stack.id, stack.status);
    executeImport(context, stack, changeSet);
    delete stack.changeSetId;
  } else if (stack.status === 'REVIEW_IN_PROGRESS') {
    stack.current = changeSet.version;
    stack.disableRollback = input.DisableRollback ?? changeSet.disableRollback;
    startCreate(context, stack);
  } else {
    if (!isSettled(stack.status) || stack.operation) throw cloudFormationErrors.notUpdatable(stack.id, stack.status);
    startUpdate(context, stack, changeSet.version);
  }
  store.stacks.put(stack);
  for (const other of store.changeSets.find('stack', stack.id)) {
    store.changeSets.update(other.id, (draft) => {
      draft.executionStatus = draft.id !== changeSet.id ? 'OBSOLETE' : changeSet.type === 'IMPORT' ? 'EXECUTE_COMPLETE' : 'EXECUTE_IN_PROGRESS';
    });
  }
  return {};
});

const deleteChangeSet = handler<DeleteChangeSetInput, Record<string, never>>((context, input) => {
  const changeSet = requireChangeSet(context, input.ChangeSetName, input.StackName);
  if (changeSet.executionStatus === 'EXECUTE_IN_PROGRESS') {
    throw cloudFormationErrors.validation(`ChangeSet [${changeSet.id}] cannot be deleted while it is being executed`);
  }
  cloudFormationStore(context).changeSets.delete(changeSet.id);
  return {};
});

const listChangeSets = handler<ListChangeSetsInput, ListChangeSetsOutput>((context, input) => {
  const stack = findStack(context, input.StackName);
  if (!stack) throw cloudFormationErrors.stackNotFound(input.StackName ?? '');
  return {
    Summaries: cloudFormationStore(context).changeSets.find('stack', stack.id).map((changeSet) => ({
      StackId: changeSet.stackId,
      StackName: changeSet.stackName,
      ChangeSetId: changeSet.id,
      ChangeSetName: changeSet.name,
      ExecutionStatus: changeSet.executionStatus,
      Status: changeSet.status,
      ...(changeSet.statusReason !== undefined ? { StatusReason: changeSet.statusReason } : {}),
      CreationTime: new Date(changeSet.createdAt),
      ...(changeSet.description !== undefined ? { Description: changeSet.description } : {}),
      IncludeNestedStacks: false,
    })),
  };
});

/** CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet and ListChangeSets. */
export const changeSetOperations = {
  CreateChangeSet: createChangeSet,
  DescribeChangeSet: describeChangeSet,
  ExecuteChangeSet: executeChangeSet,
  DeleteChangeSet: deleteChangeSet,
  ListChangeSets: listChangeSets,
};
