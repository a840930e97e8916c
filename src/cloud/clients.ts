import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { cloudRetryStrategy, type CloudRetryOptions } from './retry-strategy.js';

/** The SDK clients the agent reads and changes a cloud with, and the region they talk to. */
export interface CloudClients {
  readonly ec2: EC2Client;
  readonly elbv2: ElasticLoadBalancingV2Client;
  /** Stacks and their drift: what the code says the cloud should be. */
  readonly cloudformation: CloudFormationClient;
  readonly region: string;
}

/** Credentials in the SDK's own shape (static keys or a provider function). */
export type CloudCredentials = NonNullable<EC2ClientConfig['credentials']>;

/** Where and as whom to connect. */
export interface CloudClientOptions {
  /** An AWS-compatible endpoint (the gym, LocalStack, a gateway); AWS itself when absent. */
  readonly endpoint?: string;
  /** Default: AWS_REGION, then AWS_DEFAULT_REGION, then us-east-1. */
  readonly region?: string;
  /** Default: the standard AWS credential chain (environment, shared files, SSO, container, instance). */
  readonly credentials?: CloudCredentials;
  /** Treat the endpoint as a gym (any credentials work) even when it is not on this machine. */
  readonly gym?: boolean;
  /** Attempts per call for throttling, 5xx and connection failures (jittered backoff). Default 8. */
  readonly maxAttempts?: number;
  /** The rest of the retry settings: time budget per call, backoff, jitter source (tests). */
  readonly retry?: Omit<CloudRetryOptions, 'maxAttempts'>;
  /** Environment to read region and credential settings from (tests pass their own). */
  readonly environment?: NodeJS.ProcessEnv;
}

/** What a gym gets signed with when nothing is configured: it accepts any keys. */
export const GYM_CREDENTIALS = { accessKeyId: 'AKIDCIRROGYM', secretAccessKey: 'cirro-gym-any-secret-works' } as const;

/** Builds EC2, ELBv2 and CloudFormation clients for one endpoint and region, sharing one credential source. */
export function createCloudClients(options: CloudClientOptions = {}): CloudClients {
  const environment = options.environment ?? process.env;
  const region = options.region ?? environment['AWS_REGION'] ?? environment['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  const credentials = options.credentials ?? gymCredentials(options, environment);
  // One strategy per set of clients: its retry capacity is shared, so a failing cloud is not hammered by three.
  const retryStrategy = cloudRetryStrategy({ ...options.retry, ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}) });
  const common = {
    region,
    maxAttempts: retryStrategy.maxAttempts,
    retryStrategy,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  };
  return { ec2: new EC2Client(common), elbv2: new ElasticLoadBalancingV2Client(common), cloudformation: new CloudFormationClient(common), region };
}

/** True for endpoints on this machine, where only a local cloud (the gym, LocalStack) can be listening. */
export function isLocalEndpoint(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1' || host === '0.0.0.0';
  } catch {
    return false;
  }
}

/**
 * Credentials for a gym endpoint: static dummy keys when nothing is configured (so the chain does not
 * probe instance metadata), else the standard chain falling back to the dummy keys if it finds nothing.
 * Undefined for real endpoints, so the SDK's own chain applies unchanged.
 */
function gymCredentials(options: CloudClientOptions, environment: NodeJS.ProcessEnv): CloudCredentials | undefined {
  if (!options.endpoint || !(options.gym || isLocalEndpoint(options.endpoint))) return undefined;
  if (!credentialsConfigured(environment)) return GYM_CREDENTIALS;
  const chain = new EC2Client({ region: 'us-east-1' }).config.credentials;
  return async () => {
    try {
      return await chain();
    } catch {
      return GYM_CREDENTIALS;
    }
  };
}

/** True when the environment or the shared AWS files may hold credentials. */
function credentialsConfigured(environment: NodeJS.ProcessEnv): boolean {
  if (environment['AWS_ACCESS_KEY_ID'] || environment['AWS_PROFILE'] || environment['AWS_WEB_IDENTITY_TOKEN_FILE']) return true;
  if (environment['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'] || environment['AWS_CONTAINER_CREDENTIALS_FULL_URI']) return true;
  const home = environment['HOME'] ?? homedir();
  const files = [environment['AWS_SHARED_CREDENTIALS_FILE'] ?? join(home, '.aws', 'credentials'), environment['AWS_CONFIG_FILE'] ?? join(home, '.aws', 'config')];
  return files.some((file) => existsSync(file));
}
