import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { TEST_CREDENTIALS, TEST_REGION } from './gym.js';

/** How to install the AWS CLI v2 the conformance tests drive. */
export const AWS_CLI_INSTALL = 'install it with `apt-get install -y awscli` (Debian ships AWS CLI v2), or set CIRRO_AWS_CLI to an aws v2 binary';

let cached: string | null | undefined;

/** Path to an AWS CLI v2 binary: $CIRRO_AWS_CLI, Debian's /usr/bin/aws, or `aws` on PATH if it is v2. */
export function findAwsCli(): string | undefined {
  if (cached !== undefined) return cached ?? undefined;
  const candidates = [process.env['CIRRO_AWS_CLI'], '/usr/bin/aws', 'aws'].filter((candidate): candidate is string => !!candidate);
  cached = null;
  for (const candidate of candidates) {
    if (candidate.includes('/') && !existsSync(candidate)) continue;
    const result = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (result.status === 0 && /aws-cli\/2\./.test(result.stdout + result.stderr)) {
      cached = candidate;
      break;
    }
  }
  return cached ?? undefined;
}

/** The outcome of one CLI call. */
export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Parsed stdout when it is JSON. */
  readonly json: any;
}

/**
 * Runs `aws <args> --output json` against an endpoint; never throws on a non-zero exit.
 * Asynchronous on purpose: a test's gym runs in the same process and must keep answering.
 */
export async function awsCli(endpoint: string, args: readonly string[], options: { region?: string; credentials?: { accessKeyId: string; secretAccessKey: string } } = {}): Promise<CliResult> {
  const binary = findAwsCli();
  if (!binary) throw new Error(`AWS CLI v2 not found; ${AWS_CLI_INSTALL}`);
  const result = await run(binary, ['--endpoint-url', endpoint, '--output', 'json', ...args], {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: process.env['HOME'] ?? '/tmp',
      AWS_ACCESS_KEY_ID: (options.credentials ?? TEST_CREDENTIALS).accessKeyId,
      AWS_SECRET_ACCESS_KEY: (options.credentials ?? TEST_CREDENTIALS).secretAccessKey,
      AWS_DEFAULT_REGION: options.region ?? TEST_REGION,
      AWS_PAGER: '',
      AWS_MAX_ATTEMPTS: '1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  });
  let json: any;
  try {
    json = result.stdout.trim() ? JSON.parse(result.stdout) : undefined;
  } catch {
    json = undefined;
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, json };
}

/** Runs a command to completion without blocking the event loop. */
export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

/** Runs a CLI call that must succeed and returns its JSON. */
export async function awsJson(endpoint: string, args: readonly string[], options: { region?: string } = {}): Promise<any> {
  const result = await awsCli(endpoint, args, options);
  if (result.status !== 0) throw new Error(`aws ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.json;
}

/** The AWS error code in a CLI failure's stderr (`An error occurred (Code) when calling …`). */
export function cliErrorCode(result: CliResult): string | undefined {
  return /An error occurred \(([^)]+)\)/.exec(result.stderr)?.[1];
}

