import type { Effect } from '../../plan/plan.js';

/** Plan effects, re-exported so the gateway (which may not import the plan layer) can name them. */
export type { Effect };

/** The built-in roles; a project can define more in its policy file. */
export const BUILT_IN_ROLES = ['reader', 'operator', 'admin'] as const;

/** A resource as authorization sees it: its kind, id and tags (tags decide `env=prod`). */
export interface AuthorizationResource {
  readonly kind: string;
  readonly id: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** One question to the policy engine: may this agent, in this role, do this to this resource? */
export interface AuthorizationRequest {
  /** The role the agent runs as: reader, operator, admin, or one the project defines. */
  readonly role: string;
  /** Who is asking (an agent name or a gateway credential), recorded in the audit log. */
  readonly agent: string;
  /** `service:Operation`, e.g. `ec2:TerminateInstances`. */
  readonly action: string;
  readonly effect: Effect;
  /** Undefined for calls that touch no particular resource (DescribeInstances without ids). */
  readonly resource: AuthorizationResource | undefined;
}

/** The engine's answer. An evaluation that errors is a refusal, never an allow. */
export type AuthorizationResult =
  | { readonly allowed: true; readonly policies: readonly string[] }
  | {
      readonly allowed: false;
      /** The Cedar policy ids that decided (forbid policies, or none when nothing permitted). */
      readonly policies: readonly string[];
      /** Names the role, the action and the resource, and how to get the permission. */
      readonly reason: string;
      readonly errors: readonly string[];
    };

/** Cedar-backed authorization, shared by `cirro ask` and the gateway. */
export interface Authorizer {
  /** Every role this authorizer knows (built-in and project-defined). */
  readonly roles: readonly string[];
  authorize(request: AuthorizationRequest): AuthorizationResult;
}
