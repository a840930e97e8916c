import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBoundedProcess } from './bounded-process.js';
import { checkCliArgv } from './cli-argv-check.js';
import type { ConfinedResult, ConfinedRunOptions } from './types.js';

/** Options for one CLI command: where it goes, as whom, and its limits. */
export interface AwsCliRunOptions extends ConfinedRunOptions {
  /** The aws binary (default $CIRRO_AWS_CLI, else `aws` on PATH). */
  readonly binary?: string;
}

/**
 * Runs one `aws …` argument vector a model wrote, without a shell: a `|`, `>` or `;` is just a literal
 * argument. Cirro adds `--endpoint-url` (the gateway); the environment holds only the gateway-issued
 * keys, the region and settings that keep the CLI from reading the host's configuration or paging.
 * A refused argv runs nothing and comes back as `refused` with the reason.
 */
export async function runAwsCliArgv(argv: unknown, options: AwsCliRunOptions): Promise<ConfinedResult> {
  const checked = checkCliArgv(argv);
  if (!checked.success) return { kind: 'refused', reason: checked.error };
  const binary = options.binary ?? process.env['CIRRO_AWS_CLI'] ?? 'aws';
  const home = mkdtempSync(join(tmpdir(), 'cirro-cli-'));
  try {
    const result = await runBoundedProcess(binary, [...checked.value, '--endpoint-url', options.endpoint], {
      cwd: home,
      env: {
        PATH: '/usr/local/bin:/usr/bin:/bin',
        HOME: home,
        LANG: 'C.UTF-8',
        AWS_ACCESS_KEY_ID: options.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: options.credentials.secretAccessKey,
        AWS_DEFAULT_REGION: options.region,
        AWS_REGION: options.region,
        AWS_DEFAULT_OUTPUT: 'json',
        AWS_PAGER: '',
        AWS_MAX_ATTEMPTS: '2',
        AWS_CONFIG_FILE: join(home, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      timeoutMs: options.timeoutMs,
      maxOutputBytes: options.maxOutputBytes,
    });
    if (result.spawnError) {
      return { kind: 'unavailable', reason: result.spawnError.code === 'ENOENT' ? `the AWS CLI (${binary}) is not installed; install AWS CLI v2 (apt-get install awscli) or set CIRRO_AWS_CLI` : result.spawnError.message };
    }
    return { kind: 'ran', exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, timedOut: result.timedOut, durationMs: result.durationMs };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
