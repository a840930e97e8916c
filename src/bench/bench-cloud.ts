import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';

/** Keys the bench signs with: the gym accepts any, and they must never be real ones. */
const BENCH_CREDENTIALS = { accessKeyId: 'AKIDCIRROBENCH', secretAccessKey: 'cirro-bench-any-secret' } as const;

/**
 * The independent client a task's set-up and check use: the AWS SDK v3 pointed at the gym, plus the
 * gym's admin API for its clock. Deliberately not Cirro's own readers, so a check cannot share a bug
 * with the agent it judges.
 */
export interface BenchCloud {
  readonly endpoint: string;
  readonly region: string;
  readonly ec2: EC2Client;
  readonly elbv2: ElasticLoadBalancingV2Client;
  /** Moves the gym's simulated clock forward (state machines settle without real waiting). */
  advanceClock(seconds: number): Promise<void>;
  /** Polls until `probe` returns a value, nudging the clock between tries; throws with `what` on timeout. */
  settle<T>(what: string, probe: () => Promise<T | undefined>): Promise<T>;
}

/** Builds the bench's SDK clients and admin helpers for one gym endpoint. */
export function benchCloud(endpoint: string, region = 'us-east-1'): BenchCloud {
  const common = { endpoint, region, credentials: BENCH_CREDENTIALS, maxAttempts: 3 };
  const advanceClock = async (seconds: number): Promise<void> => {
    const response = await fetch(`${endpoint}/_gym/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSeconds: seconds }) });
    if (!response.ok) throw new Error(`the gym at ${endpoint} refused a clock change: ${response.status} ${await response.text()}`);
  };
  return {
    endpoint,
    region,
    ec2: new EC2Client(common),
    elbv2: new ElasticLoadBalancingV2Client(common),
    advanceClock,
    async settle(what, probe) {
      for (let attempt = 0; attempt < 60; attempt++) {
        const found = await probe();
        if (found !== undefined) return found;
        await advanceClock(15);
      }
      throw new Error(`set-up: ${what} did not happen within 15 simulated minutes`);
    },
  };
}

/** Resets the gym behind an endpoint to a fresh world (POST /_gym/reset). */
export async function resetGym(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/_gym/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`the gym at ${endpoint} did not reset: ${response.status} ${await response.text()}`);
}
