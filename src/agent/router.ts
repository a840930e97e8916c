import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { taskClassOf, type Intent } from '../plan/intent.js';

/**
 * What a stack template can state: updates, and provisioning (new resources join the managed group's
 * stack), and terminate/delete of what a stack manages (see iacCapable). The rest (stop, start, reboot,
 * detach, questions) have no template form here and run through the SDK when IaC is asked for; so does a plan with a call the template writer
 * cannot express (render-iac says which).
 */
const IAC_INTENTS: ReadonlySet<Intent['type']> = new Set([
  'resize', 'set-monitoring', 'tag', 'set-market', 'change-ports', 'target-membership', 'attach-volume',
  'create-instances', 'create-security-group', 'create-volume', 'allocate-address', 'create-vpc', 'create-subnet', 'create-load-balancer',
]);

/** True when the intent can be carried out as a change to a stack template. */
export function iacCapable(intent: Intent): boolean {
  // Deleting is removing from a stack's template (DeletionPolicy Delete): render-iac refuses it for what no stack manages.
  return IAC_INTENTS.has(intent.type) || intent.type === 'delete' || (intent.type === 'instance-power' && intent.action === 'terminate');
}

/** What the router knows about the plan beyond its intent. */
export interface RouteFacts {
  /** The plan replaces a resource (a `replace` effect). */
  readonly replaces: boolean;
  /** The plan terminates or deletes a resource (a `delete` effect). */
  readonly deletes?: boolean;
  /** The stack that manages a touched resource, when one does. */
  readonly stack?: string;
}

/** The executors Cirro can run a plan through. */
export type Modality = 'sdk' | 'cli' | 'iac';

/** Which modality a plan runs through, and why. */
export interface RouteChoice {
  readonly modality: Modality;
  readonly reason: string;
}

/** True when an `aws` command can be found (on PATH, or as $CIRRO_AWS_CLI). */
export function awsCliAvailable(environment: NodeJS.ProcessEnv = process.env): boolean {
  const configured = environment['CIRRO_AWS_CLI'];
  if (configured) return existsSync(configured);
  return (environment['PATH'] ?? '').split(delimiter).some((directory) => directory && existsSync(join(directory, 'aws')));
}

/**
 * Picks the modality per task class, following the modality study: the CLI agent was fastest and most
 * reliable at provisioning; the SDK agent led on updates (state carried between steps in one program)
 * and tied on monitoring while avoiding a process per call.
 */
export function chooseModality(intent: Intent, requested: Modality | 'auto', cliAvailable: boolean, facts: RouteFacts = { replaces: false }): RouteChoice {
  if (requested === 'iac' && !iacCapable(intent)) {
    return { modality: 'sdk', reason: `--modality iac was asked for, but ${describeIntent(intent)} has no CloudFormation template form; the SDK runs it` };
  }
  if (requested !== 'auto') return { modality: requested, reason: `--modality ${requested} was asked for` };
  if (facts.stack && facts.replaces && iacCapable(intent)) {
    return { modality: 'iac', reason: `a replace-style update of resources stack ${facts.stack} manages: CloudFormation replaces them and moves what depends on them, and the stack stays in sync (the study's best modality for replacements)` };
  }
  if (facts.stack && facts.deletes && iacCapable(intent)) {
    return { modality: 'iac', reason: `${intent.type === 'delete' ? 'deleting' : 'terminating'} resources stack ${facts.stack} manages: removing them from its template has CloudFormation delete them, so the stack stays true; the SDK would leave the stack naming resources that are gone (drift)` };
  }
  switch (taskClassOf(intent)) {
    case 'provisioning':
      return cliAvailable
        ? { modality: 'cli', reason: 'provisioning: the CLI is fastest to provision (the modality study: success 1.0 in 1.6 steps)' }
        : { modality: 'sdk', reason: 'provisioning would use the AWS CLI, but no `aws` command was found; using the SDK' };
    case 'update':
      return { modality: 'sdk', reason: 'an update: the SDK carries state between its steps (the study\'s best update agent)' };
    case 'monitoring':
      return { modality: 'sdk', reason: 'a question: the SDK reads in-process without a command per call' };
  }
}

function describeIntent(intent: Intent): string {
  return intent.type === 'instance-power' ? `${intent.action} (a power action)` : `a ${intent.type} request`;
}
