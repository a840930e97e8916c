import { RESOURCE_RULES } from './resource-rules.js';
import type { AnyComplianceRule } from './rule.js';
import { SECURITY_GROUP_RULES } from './security-group-rules.js';

/** Every built-in rule, in id order: the equivalents of the well-known Checkov and Trivy AWS checks. */
export const BUILT_IN_RULES: readonly AnyComplianceRule[] = [...SECURITY_GROUP_RULES, ...RESOURCE_RULES];

/** The ids of the built-in rules, for policy files to override and waive. */
export const BUILT_IN_RULE_IDS: readonly string[] = BUILT_IN_RULES.map((rule) => rule.id);
