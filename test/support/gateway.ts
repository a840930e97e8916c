import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { STSClient } from '@aws-sdk/client-sts';
import { startGateway, type GatewayInternals, type RunningGateway } from '../../src/gateway/index.js';
import { createAuthorizer } from '../../src/guard/authorization/index.js';
import type { Authorizer } from '../../src/guard/authorization/types.js';
import type { Gym } from '../../src/gym/gym.js';
import { startTestGym, TEST_REGION } from './gym.js';
import { MemoryAuditLog } from './memory-audit-log.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';
import { sdkClients } from './sdk.js';

/** A gym, a recording proxy in front of it, and a gateway in front of that, with an in-memory audit log. */
export interface GatewayRig {
  readonly gym: Gym;
  /** Sees exactly what the gateway sent upstream. */
  readonly proxy: RecordingProxy;
  readonly gateway: RunningGateway;
  readonly audit: MemoryAuditLog;
  /** SDK clients that talk to the gym directly (to see what really changed). */
  readonly direct: ReturnType<typeof sdkClients>;
  close(): Promise<void>;
}

/** Starts a rig with the built-in Cedar policies (reader, operator, admin) unless another authorizer is given. */
export async function startGatewayRig(options: { authorizer?: Authorizer } & GatewayInternals = {}): Promise<GatewayRig> {
  const gym = await startTestGym();
  const proxy = await startRecordingProxy(gym.endpoint);
  const audit = new MemoryAuditLog();
  const authorizer = options.authorizer ?? builtInAuthorizer();
  const gateway = await startGateway({ ...options, upstream: proxy.endpoint, authorizer, audit });
  return {
    gym, proxy, gateway, audit,
    direct: sdkClients(gym.endpoint),
    close: async () => {
      await gateway.close();
      await proxy.close();
      await gym.stop();
    },
  };
}

/** The Cedar authorizer with only the built-in policies. */
export function builtInAuthorizer(): Authorizer {
  const created = createAuthorizer();
  if (!created.ok) throw new Error(created.error);
  return created.value;
}

/** SDK v3 clients that call the gateway with issued keys. */
export function agentClients(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }, extra: { systemClockOffset?: number } = {}) {
  const common = { endpoint, region: TEST_REGION, credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey }, maxAttempts: 1, ...extra };
  return { ec2: new EC2Client(common), elbv2: new ElasticLoadBalancingV2Client(common), sts: new STSClient(common) };
}
