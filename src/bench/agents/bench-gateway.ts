import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setUpGuard } from '../../agent/guard-setup.js';
import { startGateway } from '../../gateway/index.js';
import type { AgentCredentials } from '../../gateway/types.js';
import { openAuditLog } from '../../guard/audit/index.js';
import type { AuditLog } from '../../guard/audit/types.js';

/** A gateway in front of one gym for one agent run: where to send calls, the keys it issued, its audit log. */
export interface BenchGateway {
  readonly endpoint: string;
  readonly credentials: AgentCredentials;
  readonly audit: AuditLog;
}

/**
 * Runs `body` with a Cirro gateway between a modality agent and the gym, as `cirro ask --agent` runs it:
 * the project's policies for a gym (the operator role), every call authorized and audited, the audit log
 * in a temporary folder removed afterwards. One gateway per run, so runs cannot see each other's keys.
 */
export async function withBenchGateway<T>(upstream: string, body: (gateway: BenchGateway) => Promise<T>): Promise<T> {
  // The same policies the embedded agent's ask() checks plans with (the project's, else the built-in ones).
  const guard = setUpGuard({ projectDirectory: process.cwd(), gym: true, environment: {}, agent: 'cirro-bench' });
  if (!guard.ok) throw new Error(`the built-in guard failed to load: ${guard.error}`);
  const auditDirectory = mkdtempSync(join(tmpdir(), 'cirro-bench-audit-'));
  const audit = openAuditLog(auditDirectory);
  const gateway = await startGateway({ upstream, port: 0, host: '127.0.0.1', authorizer: guard.value.authorizer, audit });
  try {
    const credentials = await gateway.issueCredentials({ agent: guard.value.agent, role: guard.value.role });
    return await body({ endpoint: gateway.endpoint, credentials, audit });
  } finally {
    await gateway.close();
    rmSync(auditDirectory, { recursive: true, force: true });
  }
}
