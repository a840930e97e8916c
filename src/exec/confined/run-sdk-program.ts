import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { runBoundedProcess } from './bounded-process.js';
import type { ConfinedResult, ConfinedRunOptions } from './types.js';

/** Options for one SDK program. */
export interface SdkProgramOptions extends ConfinedRunOptions {
  /** The node_modules folder the program imports `@aws-sdk/*` from (default: the one Cirro runs with). */
  readonly nodeModules?: string;
  /** Heap limit for the program, in MB (default 256). */
  readonly maxHeapMb?: number;
}

/** Longest program accepted. */
const MAX_SOURCE_BYTES = 256 * 1024;

/**
 * Runs a JavaScript (ES module) program a model wrote, in a child Node under the permission model:
 *
 *     <scratch>/node_modules  → the project's node_modules (readable, not writable)
 *     <scratch>/work/program.mjs  (the working directory: the only place it may write)
 *
 * It may read only the scratch folder and node_modules, write only `work/`, and start no child
 * processes or workers. Its environment holds the gateway endpoint (`AWS_ENDPOINT_URL`, which SDK v3
 * honours), the gateway-issued keys and the region, with the AWS config files pointed into scratch.
 * Node 20's permission model does not restrict the network: the keys it holds work only at the gateway,
 * which authorizes and audits each call. Killed (with anything it started) at the time limit.
 */
export async function runSdkProgram(source: unknown, options: SdkProgramOptions): Promise<ConfinedResult> {
  if (typeof source !== 'string' || source.trim() === '') return { kind: 'refused', reason: 'source must be the program text: a JavaScript ES module (import … from "@aws-sdk/client-ec2")' };
  if (Buffer.byteLength(source) > MAX_SOURCE_BYTES) return { kind: 'refused', reason: `the program is over ${MAX_SOURCE_BYTES / 1024} KiB; write a shorter one` };
  const nodeModules = realpathSync(options.nodeModules ?? projectNodeModules());
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'cirro-sdk-')));
  const work = join(scratch, 'work');
  try {
    mkdirSync(work);
    symlinkSync(nodeModules, join(scratch, 'node_modules'), 'dir');
    writeFileSync(join(work, 'program.mjs'), source);
    const result = await runBoundedProcess(process.execPath, [
      '--experimental-permission',
      `--allow-fs-read=${scratch}${sep}`,
      `--allow-fs-read=${nodeModules}${sep}`,
      `--allow-fs-write=${work}${sep}`,
      '--disable-warning=ExperimentalWarning',
      `--max-old-space-size=${options.maxHeapMb ?? 256}`,
      'program.mjs',
    ], {
      cwd: work,
      env: {
        HOME: work,
        LANG: 'C.UTF-8',
        AWS_ENDPOINT_URL: options.endpoint,
        AWS_ACCESS_KEY_ID: options.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: options.credentials.secretAccessKey,
        AWS_REGION: options.region,
        AWS_DEFAULT_REGION: options.region,
        AWS_CONFIG_FILE: join(scratch, 'aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_MAX_ATTEMPTS: '2',
        // The SDK's notice about its future Node 22 requirement is noise to a model.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      timeoutMs: options.timeoutMs,
      maxOutputBytes: options.maxOutputBytes,
    });
    if (result.spawnError) return { kind: 'unavailable', reason: `could not start node: ${result.spawnError.message}` };
    return { kind: 'ran', exitCode: result.exitCode, stdout: result.stdout, stderr: relativeToScratch(result.stderr, work), timedOut: result.timedOut, durationMs: result.durationMs };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The node_modules folder `@aws-sdk/client-ec2` is installed in, for the program to import from. */
function projectNodeModules(): string {
  const entry = createRequire(import.meta.url).resolve('@aws-sdk/client-ec2');
  let directory = dirname(entry);
  while (!directory.endsWith(`${sep}node_modules`) && dirname(directory) !== directory) directory = dirname(directory);
  return directory;
}

/** Stack traces name `program.mjs`, not a temporary path the model cannot use. */
function relativeToScratch(text: string, work: string): string {
  return text.split(`file://${work}${sep}`).join('').split(`${work}${sep}`).join('');
}
