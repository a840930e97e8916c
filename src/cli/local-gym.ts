import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeAtomically } from '../gym/world/journal.js';

/** What a running gym writes into its state directory so other commands can find it. */
export interface GymRegistration {
  readonly pid: number;
  readonly endpoint: string;
  readonly startedAt: string;
}

const REGISTRATION = 'gym.json';

/** Records that a gym serves this state directory. */
export function register(stateDirectory: string, registration: GymRegistration): void {
  mkdirSync(stateDirectory, { recursive: true });
  writeAtomically(join(stateDirectory, REGISTRATION), JSON.stringify(registration));
}

/** Removes the registration, if it is ours. */
export function unregister(stateDirectory: string, pid: number): void {
  const found = readRegistration(stateDirectory);
  if (found?.pid === pid) unlinkSync(join(stateDirectory, REGISTRATION));
}

/** The registration of the gym serving a state directory, if one was written. */
export function readRegistration(stateDirectory: string): GymRegistration | undefined {
  const path = join(stateDirectory, REGISTRATION);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as GymRegistration;
  } catch {
    return undefined;
  }
}

/** True when a process with this id exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The admin health of a gym, or undefined when nothing answers there. */
export async function gymHealth(endpoint: string, timeoutMs = 1000): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(`${endpoint}/_gym/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return undefined;
    return (await response.json()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The endpoint of the gym serving this state directory, when it is up and answering. */
export async function runningGym(stateDirectory: string): Promise<GymRegistration | undefined> {
  const registration = readRegistration(stateDirectory);
  if (!registration || !processAlive(registration.pid)) return undefined;
  return (await gymHealth(registration.endpoint)) ? registration : undefined;
}

/**
 * The local gym's endpoint, starting a gym in the background when none serves the state directory.
 * Its output goes to gym.log beside its state.
 */
export async function ensureLocalGym(stateDirectory: string, options: { port?: number; onStart?: (message: string) => void } = {}): Promise<string> {
  const running = await runningGym(stateDirectory);
  if (running) return running.endpoint;
  mkdirSync(stateDirectory, { recursive: true });
  const logPath = join(stateDirectory, 'gym.log');
  const log = openSync(logPath, 'a');
  const bin = fileURLToPath(new URL('../../../bin/cirro.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'gym', 'start', '--state-dir', stateDirectory, '--port', String(options.port ?? 4566)], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  options.onStart?.(`starting the local gym (state in ${stateDirectory}, log in ${logPath})`);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const registration = readRegistration(stateDirectory);
    if (registration && registration.pid === child.pid && (await gymHealth(registration.endpoint, 500))) return registration.endpoint;
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const tail = existsSync(logPath) ? readFileSync(logPath, 'utf8').split('\n').slice(-5).join('\n') : '';
  throw new Error(`the local gym did not start within 15 s; the end of ${logPath} says:\n${tail}`);
}
