import { spawn } from 'node:child_process';
import type { ServiceName } from '../plan/plan.js';
import { CallFailure, isTransient, type CloudTransport } from './transport.js';

/** The AWS CLI's name for each service. */
const CLI_SERVICE: Record<ServiceName, string> = { ec2: 'ec2', elbv2: 'elbv2', sts: 'sts', cloudformation: 'cloudformation' };

/** `RunInstances` → `run-instances`. */
export function cliOperation(operation: string): string {
  return operation.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

/** Options for the CLI transport. */
export interface CliTransportOptions {
  readonly endpoint?: string;
  readonly region?: string;
  /** The aws binary: $CIRRO_AWS_CLI, else `aws` on PATH. */
  readonly binary?: string;
  /** Extra environment (credentials for a gym). */
  readonly environment?: NodeJS.ProcessEnv;
}

/**
 * Runs each call as a real `aws` command with the input as --cli-input-json (the CLI takes the API's
 * own shapes) and parses its JSON output. The CLI makes one attempt; the runner retries.
 */
export function cliTransport(options: CliTransportOptions): CloudTransport {
  const binary = options.binary ?? process.env['CIRRO_AWS_CLI'] ?? 'aws';
  const region = options.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  const environment = { ...process.env, ...options.environment, AWS_PAGER: '', AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'standard' };
  const argumentsFor = (service: ServiceName, operation: string, input: Record<string, unknown>): string[] => [
    CLI_SERVICE[service], cliOperation(operation),
    ...(Object.keys(input).length > 0 ? ['--cli-input-json', JSON.stringify(input)] : []),
    '--output', 'json', '--region', region,
    ...(options.endpoint ? ['--endpoint-url', options.endpoint] : []),
  ];
  return {
    modality: 'cli',
    async call(service, operation, input) {
      const args = argumentsFor(service, operation, input);
      const result = await run(binary, args, environment);
      if (result.code === 'ENOENT') {
        throw new CallFailure('CliNotFound', `the AWS CLI (${binary}) is not installed; install it (apt-get install awscli) or set CIRRO_AWS_CLI`, undefined, false);
      }
      if (result.status !== 0) {
        const match = /An error occurred \(([^)]+)\) when calling the \w+ operation(?: \([^)]*\))?: ([\s\S]*)/.exec(result.stderr);
        const code = match?.[1] ?? 'CliError';
        const message = (match?.[2] ?? result.stderr).trim();
        const status = code === 'CliError' ? undefined : 400;
        throw new CallFailure(code, message || `aws exited with ${result.status}`, status, isTransient(code, status) || /Could not connect|timed out/.test(result.stderr));
      }
      return result.stdout.trim() ? JSON.parse(result.stdout) : {};
    },
    describe(service, operation, input) {
      return ['aws', ...argumentsFor(service, operation, input).map(quote)].join(' ');
    },
  };
}

function quote(argument: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, `'\\''`)}'`;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string; code?: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ status: -1, stdout, stderr: error.message, code: error.code }));
    child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}
