import type { Advisory, ApiCall, Plan, Step, WaitSpec } from '../plan.js';
import type { CloudFormationTemplate } from './export-template.js';
import type { IacChange, IacPhase } from './iac-change.js';
import { referencesIn, replacedIds, type PredictedChange } from './predict-changes.js';

const WAIT_SECONDS = 3600;

/** What a reference to a replaced resource means for the thing that holds it. */
const FOLLOWS: Readonly<Record<string, string>> = {
  'AWS::EC2::VolumeAttachment': 'its volume attachment',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'its target-group membership',
  'AWS::EC2::EIPAssociation': 'its Elastic IP',
  'AWS::EC2::EIP': 'its Elastic IP',
};

function cloudformation(operation: string, input: ApiCall['input']): ApiCall {
  return { service: 'cloudformation', operation, input };
}

function stackStatus(stack: ApiCall['input'][string], description: string, until: string[], failOn: string[]): WaitSpec {
  return { description, call: cloudformation('DescribeStacks', { StackName: stack }), path: 'Stacks[0].StackStatus', until, failOn, timeoutSeconds: WAIT_SECONDS };
}

function changeSetReady(stepId: string, description: string): WaitSpec {
  return { description, call: cloudformation('DescribeChangeSet', { ChangeSetName: { $ref: stepId, output: 'id' } }), path: 'Status', until: ['CREATE_COMPLETE'], failOn: ['FAILED'], timeoutSeconds: 300 };
}

/**
 * The stack's parameters that the template still declares, passed with UsePreviousValue: without them
 * CloudFormation falls back to the template's defaults, and a stack made with explicit values would
 * silently move to the defaults (a subnet, an image) on an update that meant to change something else.
 * Parameters only the new template declares take their defaults (Cirro writes one for each it adds).
 */
export function keptParameters(template: CloudFormationTemplate | undefined, stackParameters: readonly string[]): { Parameters?: ApiCall['input'][string] } {
  const kept = stackParameters.filter((key) => template?.Parameters !== undefined && key in template.Parameters);
  return kept.length > 0 ? { Parameters: kept.map((key) => ({ ParameterKey: key, UsePreviousValue: true })) } : {};
}

/** A change as people read it: `Api1Instance (AWS::EC2::Instance): Modify, Replacement True`. */
export function describeChange(change: PredictedChange): string {
  return `${change.logicalId} (${change.type}): ${change.action}${change.replacement ? `, Replacement ${change.replacement}` : ''}${change.properties.length ? ` [${change.properties.join(', ')}]` : ''}`;
}

/** The advisories a change set's replacements call for: what is destroyed and recreated, how, and what moves with it. */
export function replacementAdvisories(change: IacChange, labels: ReadonlyMap<string, string>): Advisory[] {
  // Per update, since an attachment dropped by one update and added by the next is moved, not replaced.
  return change.phases.flatMap((phase) => phase.changes).filter((item) => item.replacement === 'True' || item.replacement === 'Conditional').map((item) => {
    const followers = Object.entries(change.desired.Resources)
      .filter(([logicalId, entry]) => logicalId !== item.logicalId && referencesIn(entry.Properties).has(item.logicalId) && FOLLOWS[entry.Type])
      .map(([, entry]) => FOLLOWS[entry.Type]!);
    const moves = followers.length ? `; ${[...new Set(followers)].join(' and ')} move${followers.length === 1 ? 's' : ''} to the new one` : '';
    const name = labels.get(item.logicalId) ?? item.logicalId;
    if (item.replacement !== 'True') {
      return { level: 'info' as const, message: `CloudFormation will replace ${name} (${item.type}): Replacement ${item.replacement} — it may be recreated${moves}` };
    }
    const how = recreation(change, item.logicalId);
    const instance = item.type === 'AWS::EC2::Instance'
      ? `. The new instance has a new id and private IP${followers.includes('its Elastic IP') ? '' : ', and a new public IP (no Elastic IP keeps it)'}`
      : '';
    return { level: 'warning' as const, message: `CloudFormation will replace ${name} (${item.type}): Replacement True — it is destroyed and recreated${how}${moves}${instance}` };
  });
}

/** How CloudFormation makes the new resource: from a launch template (spot, say) when the resource names one. */
function recreation(change: IacChange, logicalId: string): string {
  const launchTemplate = change.desired.Resources[logicalId]?.Properties['LaunchTemplate'] as { LaunchTemplateId?: { Ref?: string } } | undefined;
  const templateId = launchTemplate?.LaunchTemplateId?.Ref;
  if (!templateId) return '';
  const data = change.desired.Resources[templateId]?.Properties['LaunchTemplateData'] as { InstanceMarketOptions?: { MarketType?: string } } | undefined;
  const market = data?.InstanceMarketOptions?.MarketType;
  return ` (the new one launched from launch template ${templateId}${market ? `, as ${market}` : ''}, before the old one is terminated)`;
}

/**
 * The IaC rendering of a plan: import the resources the stack does not manage yet (a change set of type
 * IMPORT, executed), then each update as a change set that is reviewed (CloudFormation's Replacement
 * flags must match the prediction, else nothing runs and the change set is deleted) and executed. The
 * builder plan's intent, advisories and postconditions carry over: it is the same change.
 */
export function iacPlan(change: IacChange, semantic: Plan, changeSetPrefix: string, labels: ReadonlyMap<string, string>): Plan {
  const steps: Step[] = [];
  const stackName = change.stackName;
  const stackRef = change.createsStack && change.imports.length > 0 ? { $ref: 'import-change-set', output: 'stackId' } : stackName;
  const deleteStack = change.createsStack ? cloudformation('DeleteStack', { StackName: stackRef }) : undefined;
  const stackGone = stackStatus(stackRef, `stack ${stackName} deleted (the adopted resources stay: DeletionPolicy Retain)`, ['DELETE_COMPLETE'], ['DELETE_FAILED']);
  if (change.imports.length > 0 && change.importTemplate) {
    const names = change.imports.map((item) => item.label).join(', ');
    steps.push({
      id: 'import-change-set',
      action: `review adopting ${names} into stack ${stackName}${change.createsStack ? ' (a new stack)' : ''} (change set of type IMPORT)`,
      effect: 'update-live',
      resource: { kind: 'instance', name: stackName },
      call: cloudformation('CreateChangeSet', {
        StackName: stackName,
        ChangeSetName: `${changeSetPrefix}-import`,
        ChangeSetType: 'IMPORT',
        TemplateBody: JSON.stringify(change.importTemplate),
        ...keptParameters(change.importTemplate, change.stackParameters),
        ResourcesToImport: change.imports.map((item) => ({ ResourceType: item.type, LogicalResourceId: item.logicalId, ResourceIdentifier: { ...item.identifier } })),
      }),
      outputs: { id: 'Id', stackId: 'StackId' },
      dependsOn: [],
      wait: changeSetReady('import-change-set', 'the import change set to be ready'),
      ...(deleteStack ? { inverse: deleteStack, inverseWait: stackGone } : { inverse: cloudformation('DeleteChangeSet', { ChangeSetName: { $ref: 'import-change-set', output: 'id' } }) }),
    });
    steps.push({
      id: 'import',
      action: `adopt ${names} into stack ${stackName} (they keep running as they are)`,
      effect: 'update-live',
      resource: { kind: 'instance', name: stackName },
      call: cloudformation('ExecuteChangeSet', { ChangeSetName: { $ref: 'import-change-set', output: 'id' } }),
      dependsOn: ['import-change-set'],
      wait: stackStatus(stackRef, `stack ${stackName} to finish the import`, ['IMPORT_COMPLETE'], ['IMPORT_ROLLBACK_COMPLETE', 'IMPORT_ROLLBACK_FAILED']),
      ...(deleteStack
        ? { inverse: deleteStack, inverseWait: stackGone }
        : { inverse: cloudformation('UpdateStack', { StackName: stackName, TemplateBody: JSON.stringify(change.current), ...keptParameters(change.current, change.stackParameters) }), inverseWait: stackStatus(stackName, `stack ${stackName} back to its template`, ['UPDATE_COMPLETE'], ['UPDATE_ROLLBACK_COMPLETE']) }),
    });
  }
  for (const [index, phase] of change.phases.entries()) {
    // A stack that does not exist yet and adopts nothing is made by its first change set (type CREATE).
    const creates = change.createsStack && change.imports.length === 0 && index === 0;
    if (change.deletesStack && index === change.phases.length - 1) {
      steps.push(deleteStackStep(stackName, change.deletesStack.stackId, phase, steps.at(-1)?.id));
      continue;
    }
    const later = change.phases.slice(index + 1);
    steps.push(...(creates ? createSteps(phase, stackName, `${changeSetPrefix}-${index + 1}`) : phaseSteps(phase, index, stackName, `${changeSetPrefix}-${index + 1}`, steps.at(-1)?.id, later, change.stackParameters)));
  }
  steps.push(...settleSteps(semantic, steps.at(-1)?.id));
  return {
    intent: semantic.intent,
    summary: `${semantic.summary} (through CloudFormation stack ${stackName})`,
    steps,
    // How Cirro's own calls would replace something (image, relaunch, move) is not what happens here: CloudFormation's advisories say what it does.
    advisories: [...semantic.advisories.filter((advisory) => advisory.mechanics !== 'sdk-replacement'), ...replacementAdvisories(change, labels)],
    postconditions: semantic.postconditions,
  };
}

/** Operations whose end state CloudFormation does not wait for (monitoring stays `pending` for a while after the stack is done). */
const UNSETTLED_BY_STACK = new Set(['MonitorInstances', 'UnmonitorInstances']);

/** The builder plan's own waits for what the stack update does not wait for, as read steps after it. */
function settleSteps(semantic: Plan, after: string | undefined): Step[] {
  return semantic.steps.filter((step) => UNSETTLED_BY_STACK.has(step.call.operation) && step.wait).map((step, index) => ({
    id: `settle-${index + 1}`,
    action: `wait for ${step.wait!.description}`,
    effect: 'read' as const,
    resource: step.resource,
    call: step.wait!.call,
    dependsOn: after ? [after] : [],
    wait: step.wait!,
  }));
}

/**
 * What is left when an update completed and a later one fails: CloudFormation's rollback undoes only the
 * failing update, so this one's changes (a replacement, say) stay and the later updates' do not happen.
 */
export function leftAfterLaterFailure(phase: IacPhase, later: readonly IacPhase[]): string {
  const replaced = replacedIds(phase.changes);
  const done = replaced.length > 0 ? `the replacement of ${replaced.join(', ')} stays` : `its changes (${phase.changes.map((item) => item.logicalId).join(', ') || 'none'}) stay`;
  const missing = later.flatMap((next) => next.changes.map((item) => `${item.logicalId} (${item.action})`));
  return `CloudFormation completed this update, and when a later one fails it rolls back only that one: ${done}, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not done (${later.map((next) => next.purpose).join('; ')}); run the request again to finish`;
}

function phaseSteps(phase: IacPhase, index: number, stackName: string, changeSetName: string, after: string | undefined, later: readonly IacPhase[], stackParameters: readonly string[]): Step[] {
  const body = JSON.stringify(phase.template);
  const parameters = keptParameters(phase.template, stackParameters);
  const settled = stackStatus(stackName, `stack ${stackName} to finish updating`, ['UPDATE_COMPLETE'], ['UPDATE_ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_FAILED', 'UPDATE_FAILED']);
  // A failed update is undone by CloudFormation itself; the undo confirms the stack rolled back. An update
  // that completed before a later one failed is undone by no one: saying it was would be false.
  const rolledBack = {
    inverse: cloudformation('DescribeStacks', { StackName: stackName }),
    inverseWait: stackStatus(stackName, `stack ${stackName} rolled back by CloudFormation`, ['UPDATE_ROLLBACK_COMPLETE'], ['UPDATE_ROLLBACK_FAILED']),
    ...(later.length > 0 ? { irreversibleOnceDone: leftAfterLaterFailure(phase, later) } : {}),
  };
  const summary = phase.changes.map(describeChange).join('; ');
  if (!phase.reviewed) {
    return [{ id: `update-${index + 1}`, action: `${phase.purpose}: update stack ${stackName}${summary ? ` (${summary})` : ''}`, effect: 'update-live', resource: { kind: 'instance', name: stackName }, call: cloudformation('UpdateStack', { StackName: stackName, TemplateBody: body, ...parameters }), dependsOn: after ? [after] : [], wait: settled, ...rolledBack }];
  }
  const createId = `change-set-${index + 1}`;
  return [
    {
      id: createId,
      action: `review the change to stack ${stackName} as a change set (${summary})`,
      effect: 'update-live',
      resource: { kind: 'instance', name: stackName },
      call: cloudformation('CreateChangeSet', { StackName: stackName, ChangeSetName: changeSetName, ChangeSetType: 'UPDATE', TemplateBody: body, ...parameters }),
      outputs: { id: 'Id' },
      dependsOn: after ? [after] : [],
      wait: changeSetReady(createId, 'the change set to be ready'),
      check: {
        description: 'CloudFormation would replace resources the plan did not declare, so nothing was executed',
        items: 'Changes[].ResourceChange', key: 'LogicalResourceId', flag: 'Replacement', flagged: ['True', 'Conditional'], allowed: replacedIds(phase.changes),
      },
      inverse: cloudformation('DeleteChangeSet', { ChangeSetName: { $ref: createId, output: 'id' } }),
    },
    {
      id: `update-${index + 1}`,
      action: `execute the change set on stack ${stackName}`,
      effect: 'update-live',
      resource: { kind: 'instance', name: stackName },
      call: cloudformation('ExecuteChangeSet', { ChangeSetName: { $ref: createId, output: 'id' } }),
      dependsOn: [createId],
      wait: settled,
      ...rolledBack,
    },
  ];
}

/**
 * A new stack with the resources the plan provisions: a change set of type CREATE, reviewed like an
 * update's, then executed. CloudFormation deletes what it made if the creation fails; the undo deletes
 * the stack (by its id, which outlives the name), and with it whatever it created.
 */
function createSteps(phase: IacPhase, stackName: string, changeSetName: string): Step[] {
  const stackId = { $ref: 'change-set-1', output: 'stackId' };
  const undo = {
    inverse: cloudformation('DeleteStack', { StackName: stackId }),
    inverseWait: stackStatus(stackId, `stack ${stackName} and what it created deleted`, ['DELETE_COMPLETE'], ['DELETE_FAILED']),
  };
  const summary = phase.changes.map(describeChange).join('; ');
  return [
    {
      id: 'change-set-1',
      action: `review the new stack ${stackName} as a change set (${summary})`,
      effect: 'create',
      resource: { kind: 'instance', name: stackName },
      call: cloudformation('CreateChangeSet', { StackName: stackName, ChangeSetName: changeSetName, ChangeSetType: 'CREATE', TemplateBody: JSON.stringify(phase.template) }),
      outputs: { id: 'Id', stackId: 'StackId' },
      dependsOn: [],
      wait: changeSetReady('change-set-1', 'the change set to be ready'),
      check: {
        description: 'CloudFormation would replace resources the plan did not declare, so nothing was executed',
        items: 'Changes[].ResourceChange', key: 'LogicalResourceId', flag: 'Replacement', flagged: ['True', 'Conditional'], allowed: [],
      },
      ...undo,
    },
    {
      id: 'update-1',
      action: `create stack ${stackName}: execute the change set`,
      effect: 'create',
      resource: { kind: 'instance', name: stackName },
      call: cloudformation('ExecuteChangeSet', { ChangeSetName: { $ref: 'change-set-1', output: 'id' } }),
      dependsOn: ['change-set-1'],
      wait: stackStatus(stackId, `stack ${stackName} to finish creating`, ['CREATE_COMPLETE'], ['ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'CREATE_FAILED']),
      ...undo,
    },
  ];
}

/** The last resources leave the stack: CloudFormation deletes them with the stack (their DeletionPolicy is Delete by now). */
function deleteStackStep(stackName: string, stackId: string, phase: IacPhase, after: string | undefined): Step {
  return {
    id: 'delete-stack',
    action: `delete stack ${stackName}, and with it ${phase.changes.map((change) => change.logicalId).join(', ')} (its last resources)`,
    effect: 'delete',
    resource: { kind: 'instance', name: stackName },
    call: cloudformation('DeleteStack', { StackName: stackName }),
    dependsOn: after ? [after] : [],
    wait: stackStatus(stackId, `stack ${stackName} deleted`, ['DELETE_COMPLETE'], ['DELETE_FAILED']),
    irreversible: 'what CloudFormation deletes with the stack cannot be brought back',
  };
}
