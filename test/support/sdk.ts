import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { STSClient } from '@aws-sdk/client-sts';
import { TEST_CREDENTIALS, TEST_REGION } from './gym.js';

const common = (endpoint: string) => ({ endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, maxAttempts: 1 });

/** AWS SDK v3 clients pointed at a gym. */
export function sdkClients(endpoint: string) {
  return {
    ec2: new EC2Client(common(endpoint)),
    elbv2: new ElasticLoadBalancingV2Client(common(endpoint)),
    sts: new STSClient(common(endpoint)),
  };
}

/** Runs an SDK call expected to fail and returns the AWS error's name (code) and message. */
export async function sdkError(call: Promise<unknown>): Promise<{ code: string; message: string; status: number | undefined }> {
  try {
    await call;
  } catch (error) {
    const failure = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { code: failure.name, message: failure.message, status: failure.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
