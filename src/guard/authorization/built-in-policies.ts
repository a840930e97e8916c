/** Id of the built-in forbid that keeps everyone but admin from deleting or replacing env=prod resources. */
export const PROD_POLICY_ID = 'only-admin-deletes-prod';

/**
 * The built-in Cedar policies, id → text. Roles are principal groups (`Cirro::Role`), effects are action
 * groups (`Cirro::Action::"read"` … `"delete"`), and resources carry their AWS tags as entity tags. The
 * prod rule is a forbid over every principal, so no project role or policy can permit around it.
 */
export const BUILT_IN_POLICIES: Readonly<Record<string, string>> = {
  'reader-may-read': 'permit (principal in Cirro::Role::"reader", action in Cirro::Action::"read", resource);',
  'operator-may-change': 'permit (principal in Cirro::Role::"operator", action, resource);',
  'admin-may-do-anything': 'permit (principal in Cirro::Role::"admin", action, resource);',
  [PROD_POLICY_ID]: [
    'forbid (principal, action in [Cirro::Action::"delete", Cirro::Action::"replace"], resource)',
    'when { resource.hasTag("env") && resource.getTag("env") == "prod" }',
    'unless { principal in Cirro::Role::"admin" };',
  ].join('\n'),
};
