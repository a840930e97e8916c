import { signSigV4, type SigningCredentials } from '../aws/sigv4.js';
import type { Clock } from '../core/clock.js';
import { ConnectionPool, type HttpAnswer } from './upstream-connection.js';

/** One call to send on: where it goes is the upstream's business; what it says is the caller's. */
export interface ForwardRequest {
  /** The host prefix of AWS's endpoint for the service (`ec2`, `elasticloadbalancing`). */
  readonly endpointPrefix: string;
  readonly signingName: string;
  readonly region: string;
  readonly method: string;
  readonly path: string;
  /** Raw query string without '?', possibly empty. */
  readonly query: string;
  /** Headers to pass on (lower-case names), without host, length or any signature. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The body's SHA-256 in hex when the caller already has it (the signature check computed it). */
  readonly payloadHash?: string;
}

/** The upstream's whole answer. */
export type UpstreamResponse = HttpAnswer;

/** Keys for the upstream: fixed ones, or a function that finds them (the SDK's credential chain). */
export type CredentialSource = SigningCredentials | (() => Promise<SigningCredentials>);

/** Keys a gym accepts: it checks the signature's shape, not the key. */
export const GYM_CREDENTIALS: SigningCredentials = { accessKeyId: 'AKIDCIRROGATEWAY', secretAccessKey: 'cirro-gateway-upstream' };

/**
 * The cloud the gateway forwards to: a URL (the gym, LocalStack, an AWS endpoint) or `aws` for each
 * service's regional endpoint. Every call is signed afresh with the upstream's keys over keep-alive
 * connections; the agent's keys and signature never leave the gateway.
 */
export class Upstream {
  readonly target: string;
  private readonly base: URL | undefined;
  private readonly pools = new Map<string, ConnectionPool>();
  private fixed: SigningCredentials | undefined;
  private lookup: (() => Promise<SigningCredentials>) | undefined;
  private pending: Promise<SigningCredentials> | undefined;

  constructor(
    target: string,
    private readonly clock: Clock,
    credentials?: CredentialSource,
  ) {
    this.target = target;
    this.base = target === 'aws' ? undefined : new URL(target);
    if (credentials && typeof credentials === 'object') this.fixed = credentials;
    else if (credentials) this.lookup = credentials;
  }

  /** True when the upstream is AWS's own regional endpoints. */
  get isAws(): boolean {
    return this.base === undefined;
  }

  /** Sends a call on, signed with the upstream's keys, and resolves with the whole answer; rejects on network failure. */
  async send(forward: ForwardRequest): Promise<UpstreamResponse> {
    const credentials = this.fixed ?? (await this.credentials());
    const url = this.base ?? new URL(`https://${forward.endpointPrefix}.${forward.region}.amazonaws.com`);
    const basePath = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
    const path = `${basePath}${forward.path}`;
    const headers: Record<string, string> = { host: url.host, ...forward.headers };
    // Signed with the hash the caller computed, so the body is hashed once per call, not twice.
    if (forward.payloadHash) headers['x-amz-content-sha256'] = forward.payloadHash;
    const signature = signSigV4({ method: forward.method, path, query: forward.query, headers, body: forward.body }, credentials, { region: forward.region, service: forward.signingName }, this.clock.now());
    Object.assign(headers, signature);
    headers['content-length'] = String(forward.body.length);
    let head = `${forward.method} ${forward.query ? `${path}?${forward.query}` : path} HTTP/1.1`;
    for (const name in headers) head += `\r\n${name}: ${headers[name]}`;
    return this.pool(url).request(head, forward.body);
  }

  /** Sends a call and reads the answer as text (for the gateway's own lookups, such as tags). */
  async fetch(forward: ForwardRequest): Promise<{ status: number; body: string }> {
    const answer = await this.send(forward);
    return { status: answer.status, body: answer.body.toString('utf8') };
  }

  /** Closes every connection. */
  close(): void {
    for (const pool of this.pools.values()) pool.close();
    this.pools.clear();
  }

  private pool(url: URL): ConnectionPool {
    let pool = this.pools.get(url.host);
    if (!pool) {
      const tls = url.protocol === 'https:';
      pool = new ConnectionPool({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) || (tls ? 443 : 80), tls });
      this.pools.set(url.host, pool);
    }
    return pool;
  }

  /**
   * The upstream's keys when none were given: dummy keys for a gym (recognized by its admin API),
   * else the standard AWS chain (environment, profile, SSO, instance role), re-read as it expires.
   */
  private credentials(): Promise<SigningCredentials> {
    if (this.lookup) return this.lookup();
    this.pending ??= this.discover().catch((error: unknown) => {
      this.pending = undefined;
      throw error;
    });
    return this.pending;
  }

  private async discover(): Promise<SigningCredentials> {
    const kind = this.base ? await probeGym(this.base) : 'other';
    if (kind === 'unreachable') throw new Error(`the upstream ${this.target} does not answer; start it, or point the gateway at another with --upstream`);
    if (kind === 'gym') {
      this.fixed = GYM_CREDENTIALS;
      return GYM_CREDENTIALS;
    }
    const { STSClient } = await import('@aws-sdk/client-sts');
    const provider = new STSClient({ region: 'us-east-1' }).config.credentials as () => Promise<SigningCredentials>;
    this.lookup = async () => {
      try {
        return await provider();
      } catch (error) {
        throw new Error(
          `no AWS credentials for the upstream ${this.target} (${(error as Error).message}); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE where the gateway runs`,
        );
      }
    };
    return this.lookup();
  }
}

/** Whether the URL serves the gym's admin API; undecided (unreachable) when nothing answers. */
async function probeGym(base: URL): Promise<'gym' | 'other' | 'unreachable'> {
  try {
    const response = await fetch(new URL('/_gym/health', base), { signal: AbortSignal.timeout(3000) });
    await response.body?.cancel();
    return response.ok ? 'gym' : 'other';
  } catch {
    return 'unreachable';
  }
}
