import { AuditBatcher } from './audit-batcher.js';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceCatalog } from '../aws/service-catalog.js';
import { systemClock, type Clock } from '../core/clock.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { fail, ok } from '../core/result.js';
import type { GatewayAdmin } from './admin-api.js';
import { handleCall, type CallContext } from './call-handler.js';
import { CredentialStore } from './credential-store.js';
import { PlanBindings } from './plan-bindings.js';
import { DEFAULT_TAG_CACHE_MS, TagReader } from './tag-reader.js';
import type { GatewayHandle, GatewayOptions } from './types.js';
import { Upstream } from './upstream.js';

/** Larger bodies are refused: the form-encoded APIs behind the gateway cap requests well below this. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Knobs beyond the contract, for tests and benchmarks. */
export interface GatewayInternals {
  /** Where time comes from (signature skew, binding expiry, tag freshness). */
  readonly clock?: Clock;
  /** How long tags are trusted for changes that neither delete nor replace (default 5 s). */
  readonly tagCacheMs?: number;
  readonly logger?: Logger;
}

/** A gateway started in this process: the handle plus the admin token its API wants. */
export type RunningGateway = GatewayHandle & { readonly adminToken: string };

/**
 * Starts the guarded AWS endpoint: agents call it with keys it issued; it verifies their signatures,
 * authorizes each call (and admits only a bound plan's calls), forwards what is allowed to the upstream
 * signed with the upstream's keys, answers the rest with AWS-shaped refusals, and audits every call.
 */
export async function startGateway(options: GatewayOptions & GatewayInternals): Promise<RunningGateway> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const upstream = new Upstream(options.upstream, clock, options.upstreamCredentials);
  const credentials = new CredentialStore();
  const bindings = new PlanBindings(clock);
  let endpoint = '';
  const audit = options.audit ? new AuditBatcher(options.audit, (error) => logger.error(`could not write the audit log: ${error.message}`)) : undefined;
  const context: CallContext = {
    catalog: new ServiceCatalog(),
    credentials,
    bindings,
    upstream,
    tags: new TagReader(upstream, clock, options.tagCacheMs ?? DEFAULT_TAG_CACHE_MS),
    authorizer: options.authorizer,
    audit,
    clock,
    endpoint: () => endpoint,
  };
  const admin: GatewayAdmin = {
    issue: (agent, role) =>
      options.authorizer.roles.includes(role)
        ? ok(credentials.issue(agent, role))
        : fail(`there is no role ${role}; the gateway's policies define ${options.authorizer.roles.join(', ')}`),
    revoke: (accessKeyId) => {
      bindings.unbindKey(accessKeyId);
      return credentials.revoke(accessKeyId);
    },
    bind: (accessKeyId, binding) =>
      credentials.get(accessKeyId) ? ok(bindings.bind(accessKeyId, binding)) : fail(`the gateway did not issue the key ${accessKeyId}, or withdrew it`),
    unbind: (id) => bindings.unbind(id),
    health: () => ({ endpoint, upstream: upstream.target, credentials: credentials.size, bindings: bindings.size }),
  };
  const server = createServer({ keepAlive: true }, (request, response) => {
    serve(context, admin, adminToken, request, response).catch((error: unknown) => {
      logger.error(`gateway request ${request.method} ${request.url} failed: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('internal error in the Cirro gateway; its log has the details');
    });
  });
  server.keepAliveTimeout = 60_000;
  await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  endpoint = serverUrl(server);
  return {
    endpoint,
    adminToken,
    issueCredentials: async ({ agent, role }) => {
      const issued = admin.issue(agent, role);
      if (!issued.success) throw new Error(issued.error);
      return issued.value;
    },
    bindPlan: async (accessKeyId, binding) => {
      const bound = admin.bind(accessKeyId, binding);
      if (!bound.success) throw new Error(bound.error);
      return async () => void bindings.unbind(bound.value);
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      audit?.flush();
      upstream.close();
    },
  };
}

async function serve(context: CallContext, admin: GatewayAdmin, token: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  if (body === undefined) {
    response.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end(`request body over ${MAX_BODY_BYTES} bytes; the AWS APIs the gateway guards take far less`);
    request.destroy();
    return;
  }
  const url = request.url ?? '/';
  if (url.startsWith('/_cirro/')) {
    // Loaded on first use: zod is a measurable part of a cold start, and agents never call this.
    const { handleAdminRequest } = await import('./admin-api.js');
    const answer = handleAdminRequest(admin, token, request.method ?? 'GET', url.split('?')[0]!, request.headers['authorization'], body);
    if (answer.body === undefined) {
      response.writeHead(answer.status).end();
    } else {
      const text = JSON.stringify(answer.body);
      response.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
    }
    return;
  }
  await handleCall(context, request, body, response);
}

/** The request body, or undefined when it is over the limit; read with listeners, not an async iterator (cheaper per call). */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) resolve(undefined);
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function serverUrl(server: Server): string {
  const address = server.address() as AddressInfo;
  // Listening on every interface: clients on this machine reach it on loopback.
  const local = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  const host = address.family === 'IPv6' ? `[${local}]` : local;
  return `http://${host}:${address.port}`;
}
