import { spawn } from 'node:child_process';

/** Limits and surroundings for one confined process. */
export interface BoundedProcessOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Wall-clock limit; the whole process group is killed when it passes. */
  readonly timeoutMs: number;
  /** Bytes of stdout and of stderr kept each; the rest is counted and dropped. */
  readonly maxOutputBytes: number;
}

/** What a confined process did. `spawnError` is set when it could not start at all. */
export interface BoundedProcessResult {
  /** The exit code; null when it was killed by a signal. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** Bytes of output dropped past the cap (stdout and stderr together). */
  readonly droppedBytes: number;
  readonly durationMs: number;
  readonly spawnError?: { readonly code: string | undefined; readonly message: string };
}

/** Past this many dropped bytes (per kept byte of the cap) a process is only wasting time: it is killed. */
const RUNAWAY_FACTOR = 16;

/**
 * Runs a program without a shell in its own process group, keeps at most `maxOutputBytes` of each
 * stream, and kills the whole group (the program and anything it started) at the time limit or when its
 * output runs away. Never throws for the program's own failures.
 */
export function runBoundedProcess(command: string, args: readonly string[], options: BoundedProcessOptions): Promise<BoundedProcessResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, shell: false });
    const streams = { stdout: new CappedBuffer(options.maxOutputBytes), stderr: new CappedBuffer(options.maxOutputBytes) };
    let timedOut = false;
    let settled = false;
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    const onData = (buffer: CappedBuffer) => (chunk: Buffer) => {
      buffer.push(chunk);
      if (streams.stdout.dropped + streams.stderr.dropped > RUNAWAY_FACTOR * Math.max(options.maxOutputBytes, 64 * 1024)) killGroup();
    };
    child.stdout.on('data', onData(streams.stdout));
    child.stderr.on('data', onData(streams.stderr));
    const finish = (result: Omit<BoundedProcessResult, 'stdout' | 'stderr' | 'droppedBytes' | 'durationMs' | 'timedOut'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Whatever the program left running in its group goes with it.
      killGroup();
      resolve({
        ...result,
        stdout: streams.stdout.text(),
        stderr: streams.stderr.text(),
        timedOut,
        droppedBytes: streams.stdout.dropped + streams.stderr.dropped,
        durationMs: Math.round(performance.now() - started),
      });
    };
    child.on('error', (error: NodeJS.ErrnoException) => finish({ exitCode: null, signal: null, spawnError: { code: error.code, message: error.message } }));
    child.on('close', (exitCode, signal) => finish({ exitCode, signal }));
  });
}

/** Keeps the first `limit` bytes of a stream and counts the rest. */
class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    const room = this.limit - this.kept;
    if (room >= chunk.length) {
      this.chunks.push(chunk);
      this.kept += chunk.length;
      return;
    }
    if (room > 0) this.chunks.push(chunk.subarray(0, room));
    this.kept += Math.max(room, 0);
    this.dropped += chunk.length - Math.max(room, 0);
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.dropped > 0 ? `${text}\n[output cut: ${this.dropped} more bytes]` : text;
  }
}
