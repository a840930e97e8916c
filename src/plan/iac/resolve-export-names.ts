import { allResources, type AnyResourceView, type Inventory } from '../../cloud/inventory.js';
import { displayName, idsOf, namesOf } from '../../cloud/inventory-query.js';
import { kindLabel } from '../../cloud/kind-labels.js';
import { isWildcard, suggestNames, wildcardMatcher } from '../../cloud/similar-names.js';

/** The resource ids the names stand for, or one message per name that does not name exactly one thing. */
export type ResolvedNames = { readonly ok: true; readonly ids: string[] } | { readonly ok: false; readonly problems: string[] };

/**
 * Resolves what a user typed after --resources: ids and ARNs, Name tags (any case), group names, and
 * `*` wildcards (every match). A name that matches nothing gets near matches; a plain name that matches
 * several resources is a question back, never a guess.
 */
export function resolveExportNames(inventory: Inventory, names: readonly string[]): ResolvedNames {
  const live = allResources(inventory).filter((resource) => !(resource.kind === 'instance' && resource.state === 'terminated'));
  const ids: string[] = [];
  const problems: string[] = [];
  const add = (resource: AnyResourceView) => {
    if (!ids.includes(resource.id)) ids.push(resource.id);
  };
  for (const name of names) {
    const byId = live.find((resource) => idsOf(resource).includes(name));
    if (byId) {
      add(byId);
      continue;
    }
    const matches = isWildcard(name)
      ? live.filter((resource) => namesOf(resource).some(wildcardMatcher(name)))
      : live.filter((resource) => namesOf(resource).some((candidate) => candidate.toLowerCase() === name.toLowerCase()));
    if (matches.length === 1 || (isWildcard(name) && matches.length > 1)) {
      matches.forEach(add);
    } else if (matches.length > 1) {
      const listed = matches.map((resource) => `${kindLabel(resource.kind)} ${displayName(resource)}`).join(', ');
      problems.push(`${name}: ${matches.length} resources have this name (${listed}); name the one you mean by its id`);
    } else {
      const suggestions = suggestNames(name, live.flatMap(namesOf));
      problems.push(`${name}: no resource has this name or id${suggestions.length > 0 ? ` (did you mean ${suggestions.join(', ')}?)` : ''}`);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, ids };
}
