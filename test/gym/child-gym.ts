import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this (compiled) file with a package.json and bin/. */
export function repositoryRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(directory, 'package.json')) && existsSync(join(directory, 'bin')))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('cannot find the repository root above the test');
    directory = parent;
  }
  return directory;
}

/** The build folder these tests were compiled into (`dist`, or what CIRRO_DIST named), for bin/cirro.js. */
export function distFolder(): string {
  return process.env['CIRRO_DIST'] ?? relative(repositoryRoot(), fileURLToPath(import.meta.url)).split(sep)[0]!;
}

/** A temporary folder removed by `cleanup()`. */
export function temporaryFolder(prefix: string): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** The outcome of a finished `cirro` run. */
export interface CirroRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running `cirro` child process with its output so far. */
export interface CirroProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<CirroRun>;
}

/** Starts `node bin/cirro.js <args>` with CIRRO_HOME set, so nothing touches the real home. */
export function spawnCirro(args: readonly string[], home: string, extraEnv: NodeJS.ProcessEnv = {}): CirroProcess {
  const child = spawn(process.execPath, [join(repositoryRoot(), 'bin', 'cirro.js'), ...args], {
    env: { ...process.env, CIRRO_HOME: home, CIRRO_DIST: distFolder(), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<CirroRun>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, pid: child.pid!, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Runs `cirro <args>` to completion. */
export function runCirro(args: readonly string[], home: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<CirroRun> {
  return spawnCirro(args, home, extraEnv).exited;
}

/** A gym served by a `cirro gym start` child process. */
export interface ChildGym extends CirroProcess {
  readonly endpoint: string;
  /** SIGKILL, as a crash or an OOM kill would: no chance to save anything. */
  kill(): Promise<CirroRun>;
  /** SIGTERM or SIGINT, and wait for the exit. */
  stop(signal?: NodeJS.Signals): Promise<CirroRun>;
}

/** Starts `cirro gym start --port 0 --state-dir <dir>` and resolves once it prints its endpoint. */
export async function startChildGym(stateDirectory: string, home: string, extraArgs: readonly string[] = []): Promise<ChildGym> {
  const cirro = spawnCirro(['gym', 'start', '--port', '0', '--state-dir', stateDirectory, ...extraArgs], home);
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gym did not print its endpoint within 15 s:\n${cirro.stdout()}${cirro.stderr()}`)), 15_000);
    const look = () => {
      const match = /serving .* at (http:\/\/\S+)/.exec(cirro.stdout());
      if (match) {
        clearTimeout(timer);
        cirro.child.stdout!.off('data', look);
        resolve(match[1]!);
      }
    };
    cirro.child.stdout!.on('data', look);
    void cirro.exited.then((run) => {
      clearTimeout(timer);
      reject(new Error(`the gym exited (${run.code ?? run.signal}) before serving:\n${run.stdout}${run.stderr}`));
    });
  });
  return {
    ...cirro,
    endpoint,
    kill: () => {
      cirro.child.kill('SIGKILL');
      return cirro.exited;
    },
    stop: (signal = 'SIGTERM') => {
      cirro.child.kill(signal);
      return cirro.exited;
    },
  };
}
