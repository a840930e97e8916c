import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Cirro keeps its files: $CIRRO_HOME, else ~/.cirro. */
export function cirroHome(): string {
  return process.env['CIRRO_HOME'] ?? join(homedir(), '.cirro');
}

/** The default state directory of the local gym. */
export function defaultGymStateDirectory(): string {
  return join(cirroHome(), 'gym');
}
