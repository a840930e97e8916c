import {
  CreateChangeSetCommand, DeleteStackCommand, DescribeChangeSetCommand, DescribeStackEventsCommand, DescribeStacksCommand,
  ExecuteChangeSetCommand, type CloudFormationClient, type Stack,
} from '@aws-sdk/client-cloudformation';

/** How long to poll and how often. */
export interface DeployTiming {
  readonly pollMs: number;
  readonly timeoutMs: number;
}

/** What a deploy came to, as the model reads it. */
export interface DeployOutcome {
  /** True when the stack reached CREATE_COMPLETE or UPDATE_COMPLETE (or there was nothing to change). */
  readonly ok: boolean;
  readonly stackName: string;
  readonly status: string;
  /** What the change set said it would do: `Add AWS::EC2::SecurityGroup WebSg`. */
  readonly changes: readonly string[];
  /** Why it failed: the change set's reason or the stack's failed events (`Volume CREATE_FAILED: …`). */
  readonly failures: readonly string[];
  readonly outputs: Readonly<Record<string, string>>;
  /** Things Cirro did on the way that the model should know (a failed first create deleted). */
  readonly notes: readonly string[];
}

const WAIT_STATES = /_IN_PROGRESS$/;

/**
 * Deploys a template the way a careful engineer does: a change set (CREATE when the stack does not
 * exist, UPDATE when it does), its description, execution, and a wait for the stack to settle. A stack
 * left in ROLLBACK_COMPLETE by a failed first create holds nothing and cannot be updated, so it is
 * deleted first and the deploy creates it again. AWS errors are thrown as the SDK throws them.
 */
export async function deployTemplate(cloudformation: CloudFormationClient, stackName: string, template: string, timing: DeployTiming): Promise<DeployOutcome> {
  const notes: string[] = [];
  let stack = await findStack(cloudformation, stackName);
  if (stack?.StackStatus === 'ROLLBACK_COMPLETE') {
    await cloudformation.send(new DeleteStackCommand({ StackName: stackName }));
    await settle(cloudformation, stackName, timing);
    notes.push(`the stack was in ROLLBACK_COMPLETE after a failed create; Cirro deleted it (it held no resources) and created it again`);
    stack = undefined;
  }
  const type = stack && stack.StackStatus !== 'REVIEW_IN_PROGRESS' ? 'UPDATE' : 'CREATE';
  const changeSetName = `cirro-agent-${Date.now()}`;
  await cloudformation.send(new CreateChangeSetCommand({
    StackName: stackName, ChangeSetName: changeSetName, ChangeSetType: type, TemplateBody: template,
    Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
  }));
  const changeSet = await pollChangeSet(cloudformation, stackName, changeSetName, timing);
  const changes = (changeSet.Changes ?? []).map((change) => {
    const resource = change.ResourceChange;
    const replacement = resource?.Replacement === 'True' ? ' (replacement)' : '';
    return `${resource?.Action ?? '?'} ${resource?.ResourceType ?? '?'} ${resource?.LogicalResourceId ?? '?'}${replacement}`;
  });
  if (changeSet.Status === 'FAILED') {
    const reason = changeSet.StatusReason ?? 'the change set failed';
    const nothing = /didn't contain changes|No updates are to be performed/i.test(reason);
    return { ok: nothing, stackName, status: nothing ? (stack?.StackStatus ?? 'UNCHANGED') : 'CHANGE_SET_FAILED', changes, failures: nothing ? [] : [reason], outputs: outputsOf(stack), notes: nothing ? [...notes, 'no changes: the stack already matches the template'] : notes };
  }
  await cloudformation.send(new ExecuteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
  const settled = await settle(cloudformation, stackName, timing);
  const status = settled?.StackStatus ?? 'DELETE_COMPLETE';
  const ok = status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE';
  return { ok, stackName, status, changes, failures: ok ? [] : await failedEvents(cloudformation, stackName), outputs: outputsOf(settled), notes };
}

/** A short description of a stack: status, reason, outputs and its most recent failures. */
export async function describeStack(cloudformation: CloudFormationClient, stackName: string): Promise<Record<string, unknown>> {
  const stack = await findStack(cloudformation, stackName);
  if (!stack) return { stackName, exists: false };
  return {
    stackName, exists: true, status: stack.StackStatus, reason: stack.StackStatusReason ?? null,
    outputs: outputsOf(stack), recentFailures: await failedEvents(cloudformation, stackName),
  };
}

async function findStack(cloudformation: CloudFormationClient, stackName: string): Promise<Stack | undefined> {
  try {
    const found = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    return found.Stacks?.[0];
  } catch (error) {
    if (/does not exist/.test((error as Error).message)) return undefined;
    throw error;
  }
}

async function pollChangeSet(cloudformation: CloudFormationClient, stackName: string, changeSetName: string, timing: DeployTiming) {
  const deadline = Date.now() + timing.timeoutMs;
  for (;;) {
    const described = await cloudformation.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName }));
    if (described.Status !== 'CREATE_PENDING' && described.Status !== 'CREATE_IN_PROGRESS') return described;
    if (Date.now() > deadline) throw new Error(`change set ${changeSetName} was still ${described.Status} after ${timing.timeoutMs / 1000} s`);
    await sleep(timing.pollMs);
  }
}

/** Waits until the stack leaves every *_IN_PROGRESS state; undefined once it is gone. */
async function settle(cloudformation: CloudFormationClient, stackName: string, timing: DeployTiming): Promise<Stack | undefined> {
  const deadline = Date.now() + timing.timeoutMs;
  for (;;) {
    const stack = await findStack(cloudformation, stackName);
    if (!stack || !WAIT_STATES.test(stack.StackStatus ?? '')) return stack;
    if (Date.now() > deadline) throw new Error(`stack ${stackName} was still ${stack.StackStatus} after ${timing.timeoutMs / 1000} s`);
    await sleep(timing.pollMs);
  }
}

/** The failed events of the stack's latest operation (events come newest first; it began with the stack's own *_IN_PROGRESS). */
async function failedEvents(cloudformation: CloudFormationClient, stackName: string): Promise<string[]> {
  const events = await cloudformation.send(new DescribeStackEventsCommand({ StackName: stackName }));
  const latest = [];
  for (const event of events.StackEvents ?? []) {
    latest.push(event);
    if (event.ResourceType === 'AWS::CloudFormation::Stack' && /^(CREATE|UPDATE|IMPORT)_IN_PROGRESS$/.test(event.ResourceStatus ?? '')) break;
  }
  return latest
    .filter((event) => /FAILED$/.test(event.ResourceStatus ?? ''))
    .slice(0, 10)
    .map((event) => `${event.LogicalResourceId} (${event.ResourceType}) ${event.ResourceStatus}: ${event.ResourceStatusReason ?? 'no reason given'}`);
}

function outputsOf(stack: Stack | undefined): Record<string, string> {
  return Object.fromEntries((stack?.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
