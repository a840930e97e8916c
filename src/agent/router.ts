import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { taskClassOf, type Intent } from '../plan/intent.js';

/** The executors Cirro can run a plan through. */
export type Modality = 'sdk' | 'cli';

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
export function chooseModality(intent: Intent, requested: Modality | 'auto', cliAvailable: boolean): RouteChoice {
  if (requested !== 'auto') return { modality: requested, reason: `--modality ${requested} was asked for` };
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
