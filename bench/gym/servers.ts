import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ec2Request } from './ec2-request.js';
import { sendOnce } from './load.js';

/** A server under test, started fresh and answering EC2 calls. */
export interface RunningServer {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  /** Milliseconds from spawning the process to the first successful DescribeVpcs. */
  readonly coldStartMs: number;
  /** Resident memory of the server process now, in MB (MiB). */
  residentMegabytes(): number;
  /** Stops the server (SIGINT, so a gym under --cpu-prof writes its profile) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Something the benchmark can start: the gym, or moto's server. */
export interface ServerLauncher {
  readonly name: string;
  /** A version or description for the report. */
  readonly version: string;
  /** Starts a fresh server; `label` names its CPU profile when profiling. */
  start(label: string): Promise<RunningServer>;
}

const START_TIMEOUT_MS = 30_000;

// Compiled, this file sits at <repo>/<dist>/bench/gym/servers.js.
const distDirectory = fileURLToPath(new URL('../../', import.meta.url));
const repositoryRoot = dirname(distDirectory);

/** Child processes a launcher has spawned and not yet seen exit, so an interrupted bench can kill them. */
export type ChildSet = Set<ChildProcess>;

function track(children: ChildSet | undefined, child: ChildProcess): ChildProcess {
  children?.add(child);
  child.once('exit', () => children?.delete(child));
  return child;
}

/** The gym as users start it: `node bin/cirro.js gym start --in-memory --port 0`, from the same build as this bench. */
export function gymLauncher(options: { profileDirectory?: string; children?: ChildSet } = {}): ServerLauncher {
  return {
    name: 'gym',
    version: `cirro ${packageVersion()} on node ${process.version}`,
    async start(label) {
      const profile = options.profileDirectory ? ['--cpu-prof', '--cpu-prof-dir', options.profileDirectory, '--cpu-prof-name', `gym-${label}.cpuprofile`] : [];
      const started = performance.now();
      const child = track(options.children, spawn(process.execPath, [...profile, join(repositoryRoot, 'bin', 'cirro.js'), 'gym', 'start', '--in-memory', '--port', '0'], {
        env: { ...process.env, CIRRO_DIST: basename(distDirectory) },
        stdio: ['ignore', 'pipe', 'pipe'],
      }));
      const output = collectOutput(child);
      const port = await output.waitFor(/serving .* at http:\/\/127\.0\.0\.1:(\d+)/).then((match) => Number(match[1]));
      await firstAnswer(child, port, output);
      return runningServer('gym', child, port, performance.now() - started);
    },
  };
}

/** moto's own server (`python3 -m moto.server`), or the reason it cannot run here. */
export function motoLauncher(python = 'python3', children?: ChildSet): ServerLauncher | string {
  const probe = spawnSync(python, ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return `moto is not importable by ${python} (${probe.error?.message ?? probe.stderr.trim().split('\n').pop()}); install it with pip install 'moto[server]'`;
  }
  const pythonVersion = spawnSync(python, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).stdout.trim();
  return {
    name: 'moto',
    version: `moto ${probe.stdout.trim()} on python ${pythonVersion}`,
    async start() {
      const port = await freePort();
      const started = performance.now();
      const child = track(children, spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] }));
      const output = collectOutput(child);
      await firstAnswer(child, port, output);
      return runningServer('moto', child, port, performance.now() - started);
    },
  };
}

/** Polls DescribeVpcs until the server answers 200 (connection refused just means not yet). */
async function firstAnswer(child: ChildProcess, port: number, output: OutputTail): Promise<void> {
  const request = ec2Request(`127.0.0.1:${port}`, 'DescribeVpcs');
  const deadline = performance.now() + START_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before answering:\n${output.tail()}`);
    const response = await sendOnce(port, request).catch(() => undefined);
    if (response?.status === 200) return;
    if (response) throw new Error(`DescribeVpcs answered HTTP ${response.status}: ${response.body.slice(0, 400)}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not answer DescribeVpcs within ${START_TIMEOUT_MS / 1000} s:\n${output.tail()}`);
}

function runningServer(name: string, child: ChildProcess, port: number, coldStartMs: number): RunningServer {
  const pid = child.pid!;
  return {
    name,
    port,
    pid,
    coldStartMs,
    residentMegabytes: () => residentMegabytes(pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident set size of a process in MiB, from /proc on Linux or ps elsewhere. */
export function residentMegabytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux: fall through to ps
  }
  const ps = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
  return Number(ps.stdout.trim()) / 1024;
}

interface OutputTail {
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  tail(): string;
}

/** Keeps reading a child's output (so it never blocks on a full pipe) and remembers the last of it. */
function collectOutput(child: ChildProcess): OutputTail {
  let text = '';
  const watchers: { pattern: RegExp; resolve: (match: RegExpExecArray) => void }[] = [];
  const onData = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-8000);
    for (const watcher of [...watchers]) {
      const match = watcher.pattern.exec(text);
      if (match) {
        watchers.splice(watchers.indexOf(watcher), 1);
        watcher.resolve(match);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const match = pattern.exec(text);
        if (match) return resolve(match);
        watchers.push({ pattern, resolve });
        child.once('exit', (code) => reject(new Error(`the server exited with code ${code}:\n${text}`)));
        setTimeout(() => reject(new Error(`the server printed no endpoint within ${START_TIMEOUT_MS / 1000} s:\n${text}`)), START_TIMEOUT_MS).unref();
      }),
    tail: () => text,
  };
}

/** A TCP port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
