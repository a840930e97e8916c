import * as cloudformation from '@aws-sdk/client-cloudformation';
import * as ec2 from '@aws-sdk/client-ec2';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as sts from '@aws-sdk/client-sts';
import type { CloudClientOptions } from '../cloud/clients.js';
import { GYM_CREDENTIALS } from '../cloud/clients.js';
import type { ServiceName } from '../plan/plan.js';
import { CallFailure, isTransient, type CloudTransport } from './transport.js';

type Client = { send(command: unknown): Promise<unknown> };
type CommandClass = new (input: Record<string, unknown>) => unknown;

const MODULES: Record<ServiceName, Record<string, unknown>> = { ec2, elbv2, sts, cloudformation };

/** Runs calls through the AWS SDK for JavaScript v3; retries are the runner's, so the SDK makes one attempt. */
export function sdkTransport(options: CloudClientOptions & { useGymCredentials?: boolean }): CloudTransport {
  const config = {
    region: options.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    maxAttempts: 1,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : options.useGymCredentials ? { credentials: GYM_CREDENTIALS } : {}),
  };
  const clients: Record<ServiceName, Client> = {
    ec2: new ec2.EC2Client(config),
    elbv2: new elbv2.ElasticLoadBalancingV2Client(config),
    sts: new sts.STSClient(config),
    cloudformation: new cloudformation.CloudFormationClient(config),
  };
  return {
    modality: 'sdk',
    async call(service, operation, input) {
      const Command = MODULES[service][`${operation}Command`] as CommandClass | undefined;
      if (!Command) throw new Error(`the AWS SDK has no ${service} ${operation} command`);
      try {
        const output = (await clients[service].send(new Command(input))) as Record<string, unknown>;
        const { $metadata: _metadata, ...rest } = output;
        return rest;
      } catch (error) {
        const failure = error as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
        const code = failure.name && failure.name !== 'Error' ? failure.name : failure.code ?? 'UnknownError';
        const status = failure.$metadata?.httpStatusCode;
        throw new CallFailure(code, failure.message ?? String(error), status, isTransient(code, status));
      }
    },
    describe(service, operation, input) {
      return `${service}.send(new ${operation}Command(${JSON.stringify(input)}))`;
    },
  };
}
