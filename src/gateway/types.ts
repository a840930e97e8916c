import type { AuditLog } from '../guard/audit/types.js';
import type { Authorizer } from '../guard/authorization/types.js';

/** Keys the gateway issues to an agent; the agent never sees the upstream's. */
export interface AgentCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly agent: string;
  readonly role: string;
}

/** One mutating call a plan declares: the operation and the resource ids it names (empty when it creates). */
export interface DeclaredCall {
  readonly service: string;
  readonly operation: string;
  /** Ids known when the plan was approved; ids the plan's own creates return are admitted as they appear. */
  readonly resourceIds: readonly string[];
}

/** Plan-bound mode: while bound, a credential may make only the plan's declared mutating calls. */
export interface PlanBinding {
  readonly planId: string;
  readonly calls: readonly DeclaredCall[];
  /** Ends the binding at this time even if nobody unbinds it. */
  readonly expiresAt: Date;
}

/** How to start a gateway. */
export interface GatewayOptions {
  /** An AWS-compatible endpoint URL, or 'aws' for AWS's own regional endpoints. */
  readonly upstream: string;
  readonly port?: number;
  readonly host?: string;
  readonly authorizer: Authorizer;
  readonly audit?: AuditLog;
  /** Signs forwarded calls; default: the standard AWS credential chain, or dummy keys for a gym. */
  readonly upstreamCredentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** Token for the gateway's own admin API (credentials, bindings); generated when absent. */
  readonly adminToken?: string;
}

/** A running gateway, in-process or reached through its admin API. */
export interface GatewayHandle {
  /** Where agents send AWS calls. */
  readonly endpoint: string;
  issueCredentials(request: { readonly agent: string; readonly role: string }): Promise<AgentCredentials>;
  /** Binds a credential to a plan; resolves to a function that ends the binding. */
  bindPlan(accessKeyId: string, binding: PlanBinding): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
