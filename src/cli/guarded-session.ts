import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentGuard } from '../agent/guard-setup.js';
import { setUpGuard } from '../agent/guard-setup.js';
import { openAuditLog } from '../guard/audit/index.js';
import type { AuditLog } from '../guard/audit/types.js';
import { connectGateway } from '../gateway/client.js';
import { startGateway } from '../gateway/index.js';
import type { AgentCredentials, GatewayHandle } from '../gateway/types.js';
import { cirroHome, defaultGymStateDirectory } from './cirro-home.js';
import { ensureLocalGym, gymHealth } from './local-gym.js';

/** Everything a command that changes the cloud needs, with the gateway between it and the cloud. */
export interface GuardedSession {
  /** Where the agent sends its calls: the gateway. */
  readonly endpoint: string;
  /** The cloud behind the gateway (undefined for AWS itself). */
  readonly upstream: string | undefined;
  readonly gym: boolean;
  readonly guard: AgentGuard;
  readonly audit: AuditLog;
  readonly credentials: AgentCredentials;
  readonly bindPlan: (binding: Parameters<GatewayHandle['bindPlan']>[1]) => ReturnType<GatewayHandle['bindPlan']>;
  readonly pendingDirectory: string;
  readonly locksDirectory: string;
  close(): Promise<void>;
}

/** What the flags said. */
export interface SessionRequest {
  /** --endpoint: a URL, 'aws', or undefined for $AWS_ENDPOINT_URL or the local gym. */
  readonly endpoint: string | undefined;
  readonly role?: string;
  readonly readOnly?: boolean;
  readonly say: (line: string) => void;
}

/**
 * Finds the cloud (starting the local gym when none is named), loads the project's policy and role, opens
 * the audit log, and puts a gateway in front of the cloud: the one named by $CIRRO_GATEWAY, or one started
 * in this process. The agent gets keys the gateway issued; the cloud's own keys stay with the gateway.
 */
export async function openGuardedSession(request: SessionRequest): Promise<{ ok: true; value: GuardedSession } | { ok: false; error: string; exitCode: number }> {
  let upstream = request.endpoint === 'aws' ? undefined : request.endpoint;
  if (!upstream && request.endpoint !== 'aws') {
    try {
      upstream = await ensureLocalGym(defaultGymStateDirectory(), { onStart: request.say });
    } catch (error) {
      return { ok: false, error: (error as Error).message, exitCode: 1 };
    }
  }
  // A generous timeout: on a loaded machine a slow answer must not turn a gym into a real cloud (reader role).
  const gym = upstream ? (await gymHealth(upstream, 5000)) !== undefined : false;
  const guard = setUpGuard({ projectDirectory: process.cwd(), gym, ...(request.role ? { role: request.role } : {}), ...(request.readOnly ? { readOnly: true } : {}) });
  if (!guard.ok) return { ok: false, error: guard.error, exitCode: 2 };
  const home = cirroHome();
  const audit = openAuditLog(join(home, 'audit'));
  let gateway: GatewayHandle;
  let owned = false;
  const external = process.env['CIRRO_GATEWAY'];
  if (external) {
    const token = process.env['CIRRO_GATEWAY_TOKEN'] ?? registeredToken(home, external);
    if (!token) return { ok: false, error: `CIRRO_GATEWAY is ${external} but no admin token was found: set CIRRO_GATEWAY_TOKEN, or start the gateway with 'cirro gateway start' on this machine`, exitCode: 2 };
    gateway = connectGateway(external, token);
  } else {
    gateway = await startGateway({ upstream: upstream ?? 'aws', port: 0, host: '127.0.0.1', authorizer: guard.value.authorizer, audit });
    owned = true;
  }
  let credentials: AgentCredentials;
  try {
    credentials = await gateway.issueCredentials({ agent: guard.value.agent, role: guard.value.role });
  } catch (error) {
    if (owned) await gateway.close();
    return { ok: false, error: `the gateway at ${gateway.endpoint} did not issue credentials: ${(error as Error).message}`, exitCode: 1 };
  }
  return {
    ok: true,
    value: {
      endpoint: gateway.endpoint, upstream, gym, guard: guard.value, audit, credentials,
      bindPlan: (binding) => gateway.bindPlan(credentials.accessKeyId, binding),
      pendingDirectory: join(home, 'plans'),
      locksDirectory: join(home, 'locks'),
      // An in-process gateway stops; a shared one withdraws the keys it issued to this session.
      close: () => gateway.close(),
    },
  };
}

function registeredToken(home: string, endpoint: string): string | undefined {
  try {
    const registration = JSON.parse(readFileSync(join(home, 'gateway.json'), 'utf8')) as { endpoint?: string; adminToken?: string };
    return registration.endpoint === endpoint ? registration.adminToken : undefined;
  } catch {
    return undefined;
  }
}
