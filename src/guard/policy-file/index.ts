import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parsePolicyFile, type PolicyFileResult } from './parse-policy-file.js';
import type { PolicyFile } from './types.js';

export { parsePolicyFile, type PolicyFileResult } from './parse-policy-file.js';
export type { CustomRule, DriftBaselineEntry, DriftIgnoreRule, DriftPolicy, FieldCondition, PolicyFile } from './types.js';

/** The policy when a project has no policy file: built-in rules and roles, approval from medium risk. */
export const DEFAULT_POLICY_FILE: PolicyFile = {
  path: undefined,
  role: undefined,
  roles: {},
  policies: undefined,
  overrides: [],
  rules: [],
  waivers: [],
  drift: { ignore: [], baseline: [] },
  approvalFrom: 'medium',
};

/** Where a project keeps its policy, relative to the project directory; `.yaml` wins over `.yml`. */
export const POLICY_FILE_NAMES = [join('.cirro', 'policy.yaml'), join('.cirro', 'policy.yml')] as const;

/** The policy file that applies in a directory: the first found there or in a parent, up to the root. */
export function findPolicyFile(startDirectory: string): string | undefined {
  let directory = resolve(startDirectory);
  for (;;) {
    for (const name of POLICY_FILE_NAMES) {
      const candidate = join(directory, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/**
 * The project's policy: `.cirro/policy.yaml` (or `.yml`) in `startDirectory` or the nearest parent that
 * has one, validated; the defaults when there is none. A file that cannot be read or is wrong is an
 * error naming the file, the line and key, and the fix, never a silent fallback to the defaults.
 */
export function loadPolicyFile(startDirectory: string): PolicyFileResult {
  const path = findPolicyFile(startDirectory);
  if (!path) return { ok: true, value: DEFAULT_POLICY_FILE };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, error: `${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check its permissions, or remove it to use the built-in policy` };
  }
  return parsePolicyFile(text, path);
}
