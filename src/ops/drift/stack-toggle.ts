import type { ResourceKind } from '../../cloud/inventory.js';
import type { PlanDraft } from '../../plan/draft.js';
import type { ApiCall, WaitSpec } from '../../plan/plan.js';
import type { StackSource } from './restore-context.js';
import type { DriftFinding } from './types.js';

type Json = Record<string, unknown>;

/** What the toggle planned: the findings its two updates restore, and those it cannot. */
export interface ToggleOutcome {
  readonly restored: readonly DriftFinding[];
  readonly left: readonly { readonly finding: DriftFinding; readonly why: string }[];
}

/** Stack states an update ends in when it failed (fail fast instead of waiting for UPDATE_COMPLETE). */
const FAILED_UPDATE = ['UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE', 'UPDATE_ROLLBACK_FAILED', 'UPDATE_FAILED'];

/**
 * Recreates resources a stack expects but the cloud lost. Re-deploying the same template does nothing
 * (CloudFormation compares templates, not the cloud), so the stack is updated twice: first with a
 * template without those logical ids (CloudFormation forgets them; deleting what is already gone
 * succeeds), then with the original template, which creates them anew. A lost resource that others in
 * the template still refer to is left: removing it would need removing them too, which deletes live
 * resources. Outputs that refer to it are dropped for the first update and come back with the second.
 */
export function toggleSteps(draft: PlanDraft, source: StackSource, lost: readonly DriftFinding[], kindOf: (resourceType: string) => ResourceKind | undefined): ToggleOutcome {
  const resources = (source.template['Resources'] ?? {}) as Record<string, Json>;
  const gone = new Set(lost.map((finding) => finding.logicalId!));
  const left: { finding: DriftFinding; why: string }[] = [];
  const toggled: DriftFinding[] = [];
  for (const finding of lost) {
    const users = Object.entries(resources).filter(([id, resource]) => !gone.has(id) && refersTo(resource, finding.logicalId!)).map(([id]) => id);
    const kind = kindOf(finding.resourceType);
    if (resources[finding.logicalId!] === undefined) left.push({ finding, why: `stack ${source.name}'s template has no ${finding.logicalId}` });
    else if (users.length > 0) left.push({ finding, why: `${users.join(', ')} in stack ${source.name} still refer${users.length === 1 ? 's' : ''} to ${finding.logicalId}, so it cannot be taken out of the template for a moment without deleting ${users.length === 1 ? 'that' : 'those'}; recreate it by hand and import it, or bring the code to the cloud (cirro drift --patch)` });
    else if (kind === undefined) left.push({ finding, why: `Cirro does not know ${finding.resourceType}; ${finding.logicalId} is recreated by updating stack ${source.name} twice by hand (without it, then with the original template)` });
    else toggled.push(finding);
  }
  if (toggled.length === 0) return { restored: [], left };
  const ids = toggled.map((finding) => finding.logicalId!);
  const without = structuredClone(source.template);
  const withoutResources = without['Resources'] as Record<string, Json>;
  for (const id of ids) delete withoutResources[id];
  const outputs = without['Outputs'] as Record<string, unknown> | undefined;
  if (outputs) for (const [name, output] of Object.entries(outputs)) if (ids.some((id) => refersTo(output, id))) delete outputs[name];
  if (outputs && Object.keys(outputs).length === 0) delete without['Outputs'];
  const resource = { kind: kindOf(toggled[0]!.resourceType)!, name: ids.join(',') };
  const listed = ids.join(', ');
  const forget = draft.step({
    action: `update stack ${source.name} without ${listed} (lost from the cloud), so CloudFormation forgets ${ids.length === 1 ? 'it' : 'them'}`,
    effect: 'update-live',
    resource,
    call: updateStack(source, JSON.stringify(without)),
    dependsOn: [],
    wait: stackUpdated(source.name),
    // Undone by the original template: the same update the next step makes.
    inverse: updateStack(source, source.templateBody),
    inverseWait: stackUpdated(source.name),
  });
  draft.step({
    action: `update stack ${source.name} with its original template, so CloudFormation creates ${listed} anew`,
    effect: 'create',
    resource,
    call: updateStack(source, source.templateBody),
    dependsOn: [forget],
    wait: stackUpdated(source.name),
    irreversible: `taking ${listed} out again would lose ${ids.length === 1 ? 'it' : 'them'} from the code's stack; CloudFormation rolls a failed update back by itself`,
  });
  draft.advise('info', `Stack ${source.name} is updated twice: ${listed} ${ids.length === 1 ? 'is' : 'are'} created anew with new ids, so anything outside the stack that named the old ${ids.length === 1 ? 'id' : 'ids'} must be told the new one.`);
  return { restored: toggled, left };
}

function updateStack(source: StackSource, body: string): ApiCall {
  return {
    service: 'cloudformation',
    operation: 'UpdateStack',
    input: {
      StackName: source.name,
      TemplateBody: body,
      ...(source.parameters.length > 0 ? { Parameters: source.parameters.map((name) => ({ ParameterKey: name, UsePreviousValue: true })) } : {}),
      ...(source.capabilities.length > 0 ? { Capabilities: [...source.capabilities] } : {}),
    },
  };
}

/** Wait until a stack's update finished. */
function stackUpdated(stack: string): WaitSpec {
  return {
    description: `stack ${stack} to finish updating`,
    call: { service: 'cloudformation', operation: 'DescribeStacks', input: { StackName: stack } },
    path: 'Stacks[].StackStatus',
    until: ['UPDATE_COMPLETE'],
    failOn: FAILED_UPDATE,
    timeoutSeconds: 60 * 60,
  };
}

/** Whether a template fragment names a logical id in a Ref, a GetAtt, a Sub or DependsOn. */
export function refersTo(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) return value.some((item) => refersTo(item, logicalId));
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value as Json).some(([key, item]) =>
    (key === 'Ref' && item === logicalId)
    || (key === 'Fn::GetAtt' && (Array.isArray(item) ? item[0] === logicalId : String(item).split('.')[0] === logicalId))
    || (key === 'Fn::Sub' && new RegExp(`\\$\\{${logicalId}(\\.[^}]*)?\\}`).test(JSON.stringify(item)))
    || (key === 'DependsOn' && (item === logicalId || (Array.isArray(item) && item.includes(logicalId))))
    || refersTo(item, logicalId));
}
