import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { signSigV4, type SigningCredentials } from '../aws/sigv4.js';
import type { Clock } from '../core/clock.js';

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
}

/** The cloud behind the gateway's answer, as received (the caller streams or buffers the body). */
export type UpstreamResponse = IncomingMessage;

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
  private readonly httpAgent = new HttpAgent({ keepAlive: true, keepAliveMsecs: 10_000 });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, keepAliveMsecs: 10_000 });
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

  /** Sends a call on, signed with the upstream's keys; rejects on network failure. */
  async send(forward: ForwardRequest): Promise<UpstreamResponse> {
    const credentials = this.fixed ?? (await this.credentials());
    const url = this.base ?? new URL(`https://${forward.endpointPrefix}.${forward.region}.amazonaws.com`);
    const basePath = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
    const path = `${basePath}${forward.path}`;
    const headers: Record<string, string> = { ...forward.headers, host: url.host };
    const signature = signSigV4(
      { method: forward.method, path, query: forward.query, headers, body: forward.body },
      credentials,
      { region: forward.region, service: forward.signingName },
      this.clock.now(),
    );
    Object.assign(headers, signature);
    headers['content-length'] = String(forward.body.length);
    const secure = url.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = send(
        {
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port || (secure ? 443 : 80),
          method: forward.method,
          path: forward.query ? `${path}?${forward.query}` : path,
          headers,
          agent: secure ? this.httpsAgent : this.httpAgent,
        },
        resolve,
      );
      outgoing.on('error', reject);
      outgoing.end(forward.body);
    });
  }

  /** Sends a call and reads the whole answer (for the gateway's own lookups, such as tags). */
  async fetch(forward: ForwardRequest): Promise<{ status: number; body: string }> {
    const response = await this.send(forward);
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    return { status: response.statusCode ?? 502, body: Buffer.concat(chunks).toString('utf8') };
  }

  /** Drops idle connections. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
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
