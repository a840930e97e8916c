import { randomBytes } from 'node:crypto';
import type { AgentCredentials } from './types.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Where key material comes from; tests may pass a seeded source, the gateway uses the OS's. */
export type RandomBytes = (size: number) => Buffer;

/**
 * The keys a gateway issued, by access key id. Keys live as long as the gateway (in memory only): a
 * restarted gateway issues new ones, so a leaked key dies with the process that issued it.
 */
export class CredentialStore {
  private readonly byKey = new Map<string, AgentCredentials>();

  constructor(private readonly random: RandomBytes = randomBytes) {}

  /** Issues a new key pair for an agent in a role (the role is checked by the caller). */
  issue(agent: string, role: string): AgentCredentials {
    const idBytes = this.random(16);
    let suffix = '';
    for (const byte of idBytes) suffix += BASE32[byte & 31];
    const credentials: AgentCredentials = {
      // AWS's shape for long-term keys, so every client and log that validates key ids accepts them.
      accessKeyId: `AKIA${suffix}`,
      secretAccessKey: this.random(30).toString('base64').replace(/[+/=]/g, (character) => (character === '+' ? 'x' : character === '/' ? 'Z' : '')),
      agent,
      role,
    };
    this.byKey.set(credentials.accessKeyId, credentials);
    return credentials;
  }

  /** The issued credentials for a key id, or undefined for a key this gateway never issued. */
  get(accessKeyId: string): AgentCredentials | undefined {
    return this.byKey.get(accessKeyId);
  }

  /** The secret for a key id; shaped for the SigV4 verifier. */
  readonly secretOf = (accessKeyId: string): string | undefined => this.byKey.get(accessKeyId)?.secretAccessKey;

  /** Withdraws a key: later calls signed with it fail as an unknown key. */
  revoke(accessKeyId: string): boolean {
    return this.byKey.delete(accessKeyId);
  }

  /** How many keys are live. */
  get size(): number {
    return this.byKey.size;
  }
}
