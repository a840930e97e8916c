import { createAuthorizer } from '../guard/authorization/index.js';
import type { Authorizer } from '../guard/authorization/types.js';
import { loadPolicyFile } from '../guard/policy-file/index.js';
import type { PolicyFile } from '../guard/policy-file/types.js';

/** The rules an agent runs under: the project's policy file, the Cedar authorizer, and its role. */
export interface AgentGuard {
  readonly policy: PolicyFile;
  readonly authorizer: Authorizer;
  readonly role: string;
  /** Where the role came from, for messages: `--role`, `--read-only`, `CIRRO_ROLE`, the policy file, or the default. */
  readonly roleSource: string;
  readonly readOnly: boolean;
  /** The principal recorded in authorization requests and the audit log. */
  readonly agent: string;
}

/** What decides the guard. */
export interface GuardSetupOptions {
  /** Where to look for `.cirro/policy.yaml` (and its parents). */
  readonly projectDirectory: string;
  readonly role?: string;
  readonly readOnly?: boolean;
  /** The target is a gym (recognized by its admin API): operator by default instead of reader. */
  readonly gym: boolean;
  readonly environment?: NodeJS.ProcessEnv;
  readonly agent?: string;
}

/**
 * Loads the project's rules and picks the role: --read-only, then --role, then CIRRO_ROLE, then the
 * policy file's `role`, then the default for the target — operator on a gym, reader anywhere else, so
 * a real account is safe until someone chooses otherwise.
 */
export function setUpGuard(options: GuardSetupOptions): { ok: true; value: AgentGuard } | { ok: false; error: string } {
  const loaded = loadPolicyFile(options.projectDirectory);
  if (!loaded.ok) return { ok: false, error: loaded.error };
  const policy = loaded.value;
  const authorizer = createAuthorizer({ roles: policy.roles, ...(policy.policies ? { policies: policy.policies } : {}) });
  if (!authorizer.ok) return { ok: false, error: `${policy.path ?? 'the built-in policies'}: ${authorizer.error}` };
  const environment = options.environment ?? process.env;
  const readOnly = options.readOnly === true || environment['CIRRO_READ_ONLY'] === '1';
  if (readOnly && options.role && options.role !== 'reader') {
    return { ok: false, error: `--role ${options.role} and --read-only disagree: --read-only means the reader role; pick one` };
  }
  const [role, roleSource] = readOnly
    ? ['reader', '--read-only']
    : options.role
      ? [options.role, '--role']
      : environment['CIRRO_ROLE']
        ? [environment['CIRRO_ROLE'], 'CIRRO_ROLE']
        : policy.role
          ? [policy.role, policy.path ?? 'the policy file']
          : options.gym ? ['operator', 'the default for a gym'] : ['reader', 'the default for a real cloud'];
  if (!authorizer.value.roles.includes(role)) {
    return { ok: false, error: `role ${role} (from ${roleSource}) is not defined; known roles: ${authorizer.value.roles.join(', ')}. Define it under roles: in .cirro/policy.yaml or pick a known one.` };
  }
  return { ok: true, value: { policy, authorizer: authorizer.value, role, roleSource, readOnly, agent: options.agent ?? 'cirro-ask' } };
}
