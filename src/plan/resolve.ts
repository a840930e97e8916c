import { allResources, type AnyResourceView, type Inventory, type ResourceKind } from '../cloud/inventory.js';
import { displayName, idsOf, namesOf, resourcesOfKind, shortId, stateOf, zoneOf, type ViewOf } from '../cloud/inventory-query.js';
import { kindLabel, kindPlural, kindWithArticle } from '../cloud/kind-labels.js';
import { membersOf } from '../cloud/membership.js';
import { compareNatural, isWildcard, suggestNames, wildcardMatcher } from '../cloud/similar-names.js';
import type { Selector, Target } from './intent.js';

/** Why targets are resolved: a read may name several things; a change by a single name may not. */
export type Purpose = 'read' | 'change';

/** A resource a person can pick when a name matched several. */
export interface Candidate {
  readonly kind: ResourceKind;
  readonly id: string;
  readonly name: string | undefined;
  readonly state: string | undefined;
  readonly availabilityZone: string | undefined;
}

/** What a target named: the resources, nothing (with near names), or several where one was meant. */
export type Resolution<V extends AnyResourceView = AnyResourceView> =
  | { readonly type: 'found'; readonly resources: readonly V[] }
  | { readonly type: 'not-found'; readonly message: string; readonly suggestions: readonly string[] }
  | { readonly type: 'ambiguous'; readonly message: string; readonly candidates: readonly Candidate[] };

/**
 * Finds what a target names in a fresh inventory. Names match the Name tag (or own name) exactly, then
 * case-insensitively, then as an id; `*`/`?` are wildcards; `only` is the one resource of its kind;
 * `all` may be narrowed to a VPC, subnet, load balancer, target group or instance. A change never
 * guesses: a single name that matches several resources is ambiguous, with the candidates to pick from.
 */
export function resolveTargets<K extends ResourceKind>(inventory: Inventory, target: { readonly kind: K; readonly selector: Selector }, purpose: Purpose): Resolution<ViewOf<K>> {
  return resolveIn(inventory, target as Target, purpose) as Resolution<ViewOf<K>>;
}

function resolveIn(inventory: Inventory, target: Target, purpose: Purpose): Resolution {
  const selector = target.selector;
  switch (selector.by) {
    case 'id':
      return resolveOne(inventory, target.kind, selector.id, purpose, 'id');
    case 'name':
      return resolveOne(inventory, target.kind, selector.name, purpose, 'name');
    case 'names':
      return resolveNames(inventory, target.kind, selector.names, purpose);
    case 'only':
      return resolveOnly(inventory, target.kind, purpose);
    case 'all':
      return resolveAll(inventory, target.kind, selector.within, purpose);
  }
}

/** Live resources of a kind: terminated instances are history, not targets. */
function pool(inventory: Inventory, kind: ResourceKind): AnyResourceView[] {
  return resourcesOfKind(inventory, kind).filter((resource) => !(resource.kind === 'instance' && resource.state === 'terminated'));
}

/** One name, pattern or id. */
function resolveOne(inventory: Inventory, kind: ResourceKind, wanted: string, purpose: Purpose, by: 'id' | 'name'): Resolution {
  const resources = pool(inventory, kind);
  if (isWildcard(wanted)) {
    const matches = wildcardMatcher(wanted);
    const found = resources.filter((resource) => namesOf(resource).some(matches) || idsOf(resource).some(matches));
    if (found.length > 0) return { type: 'found', resources: found.sort((left, right) => compareNatural(left.name ?? left.id, right.name ?? right.id)) };
    return notFound(inventory, kind, wanted, `no ${kindLabel(kind)} name matches this pattern`);
  }
  const byId = (resource: AnyResourceView) => idsOf(resource).some((id) => id.toLowerCase() === wanted.toLowerCase());
  const exact = resources.filter((resource) => namesOf(resource).includes(wanted));
  const folded = resources.filter((resource) => namesOf(resource).some((name) => name.toLowerCase() === wanted.toLowerCase()));
  const ids = resources.filter(byId);
  // An id is exact by nature; a name tries exact case first so `Web` and `web` can coexist.
  const ordered = by === 'id' ? [ids, exact, folded] : [exact, folded, ids];
  const found = ordered.find((list) => list.length > 0);
  if (!found) return notFound(inventory, kind, wanted, by === 'id' && looksLikeId(wanted) ? `no ${kindLabel(kind)} has this id` : `no ${kindLabel(kind)} has this ${nameWord(kind)}`);
  if (found.length > 1 && purpose === 'change') {
    return ambiguous(`${wanted}: ${found.length} ${kindPlural(kind)} have this ${nameWord(kind)}, and a change must name exactly one; name it by id`, found);
  }
  return { type: 'found', resources: found };
}

/** A list of names (a range the brain expanded): every one must be found. */
function resolveNames(inventory: Inventory, kind: ResourceKind, names: readonly string[], purpose: Purpose): Resolution {
  const found: AnyResourceView[] = [];
  const missing: string[] = [];
  const suggestions: string[] = [];
  const ambiguities: { message: string; candidates: readonly Candidate[] }[] = [];
  for (const name of names) {
    const result = resolveOne(inventory, kind, name, purpose, 'name');
    if (result.type === 'found') found.push(...result.resources);
    else if (result.type === 'ambiguous') ambiguities.push(result);
    else {
      missing.push(name);
      suggestions.push(...result.suggestions);
    }
  }
  if (missing.length === 1) return resolveOne(inventory, kind, missing[0]!, purpose, 'name');
  if (missing.length > 1) {
    const near = [...new Set(suggestions)].filter((name) => !names.includes(name)).sort(compareNatural).slice(0, 5);
    const hint = near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : existing(inventory, kind);
    return { type: 'not-found', message: `${missing.join(', ')}: no ${kindLabel(kind)} has these ${nameWord(kind)}s${hint}${readGap(inventory, kind)}`, suggestions: near };
  }
  if (ambiguities.length > 0) {
    return { type: 'ambiguous', message: ambiguities.map((ambiguity) => ambiguity.message).join('; '), candidates: ambiguities.flatMap((ambiguity) => ambiguity.candidates) };
  }
  return { type: 'found', resources: unique(found) };
}

/** "The load balancer": there must be exactly one when a change is at stake. */
function resolveOnly(inventory: Inventory, kind: ResourceKind, purpose: Purpose): Resolution {
  const resources = pool(inventory, kind);
  if (resources.length === 0) {
    return { type: 'not-found', message: `there is no ${kindLabel(kind)} in ${inventory.region} (create one first, or name the one you mean)${readGap(inventory, kind)}`, suggestions: [] };
  }
  if (resources.length === 1 || purpose === 'read') return { type: 'found', resources };
  return ambiguous(`there are ${resources.length} ${kindPlural(kind)} in ${inventory.region}, so "the ${kindLabel(kind)}" could be any of them; name the one you mean`, resources);
}

/** "All instances", optionally within a network, a load balancer or a group. */
function resolveAll(inventory: Inventory, kind: ResourceKind, within: Target | undefined, purpose: Purpose): Resolution {
  const resources = pool(inventory, kind);
  if (!within) {
    if (resources.length === 0 && purpose === 'change') {
      return { type: 'not-found', message: `there are no ${kindPlural(kind)} in ${inventory.region}, so there is nothing to change${readGap(inventory, kind)}`, suggestions: [] };
    }
    return { type: 'found', resources };
  }
  const containers = resolveIn(inventory, within, purpose);
  if (containers.type !== 'found') return containers;
  const members = new Set(containers.resources.flatMap((container) => [...membersOf(inventory, container)]));
  const found = resources.filter((resource) => members.has(resource.id));
  if (found.length === 0 && purpose === 'change') {
    const where = containers.resources.map(displayName).join(', ');
    return { type: 'not-found', message: `there are no ${kindPlural(kind)} in ${where}, so there is nothing to change${readGap(inventory, kind)}`, suggestions: [] };
  }
  return { type: 'found', resources: found };
}

/** The not-found answer: near names of the kind, the kind the name does belong to, and read gaps. */
function notFound(inventory: Inventory, kind: ResourceKind, wanted: string, problem: string): Resolution {
  const resources = pool(inventory, kind);
  const suggestions = suggestNames(wanted, resources.flatMap((resource) => (looksLikeId(wanted) ? idsOf(resource) : namesOf(resource))));
  const notes: string[] = [];
  const elsewhere = allResources(inventory).find((resource) =>
    resource.kind !== kind && (namesOf(resource).some((name) => name.toLowerCase() === wanted.toLowerCase()) || idsOf(resource).some((id) => id.toLowerCase() === wanted.toLowerCase())));
  if (elsewhere) notes.push(`${wanted} is ${kindWithArticle(elsewhere.kind)}${elsewhere.id === wanted ? '' : ` (${shortId(elsewhere)})`}, not ${kindWithArticle(kind)}`);
  const gone = kind === 'instance' ? inventory.instances.filter((instance) => instance.state === 'terminated' && (instance.name === wanted || instance.id === wanted)) : [];
  if (gone.length > 0) notes.push(`${gone.map((instance) => instance.id).join(', ')} had it but ${gone.length === 1 ? 'is' : 'are'} terminated`);
  const hint = suggestions.length > 0 ? ` (did you mean ${suggestions.join(', ')}?)` : notes.length > 0 ? '' : existing(inventory, kind);
  const message = `${wanted}: ${problem}${hint}${notes.map((note) => `; ${note}`).join('')}${readGap(inventory, kind)}`;
  return { type: 'not-found', message, suggestions };
}

/** The ambiguous answer, with every candidate in the message so a person can pick without another call. */
function ambiguous(problem: string, resources: readonly AnyResourceView[]): Resolution {
  const candidates = resources.map(candidateOf);
  // When every candidate has the one name asked for, repeating it says nothing.
  const sameName = new Set(candidates.map((candidate) => candidate.name)).size === 1;
  const listed = candidates.map((candidate) => {
    const details = [sameName ? undefined : candidate.name, candidate.state, candidate.availabilityZone].filter(Boolean);
    return details.length > 0 ? `${shortId(candidate)} (${details.join(', ')})` : shortId(candidate);
  });
  return { type: 'ambiguous', message: `${problem}: ${listed.join(', ')}`, candidates };
}

function candidateOf(resource: AnyResourceView): Candidate {
  return { kind: resource.kind, id: resource.id, name: resource.name, state: stateOf(resource), availabilityZone: zoneOf(resource) };
}

/** What is there, when nothing is near: "(instances here: web-1, db-1)" or "(there are no instances in us-east-1)". */
function existing(inventory: Inventory, kind: ResourceKind): string {
  if (readGap(inventory, kind) !== '') return '';
  const resources = pool(inventory, kind);
  if (resources.length === 0) return ` (there are no ${kindPlural(kind)} in ${inventory.region})`;
  const names = resources.map((resource) => resource.name ?? shortId(resource)).sort(compareNatural);
  if (names.length > 8) return '';
  return ` (${kindPlural(kind)} here: ${names.join(', ')})`;
}

/** Why a kind may look emptier than it is: it was not read, or could not be. */
function readGap(inventory: Inventory, kind: ResourceKind): string {
  if (inventory.kinds && !inventory.kinds.includes(kind)) return `; note: ${kindPlural(kind)} were not read into this inventory`;
  const warning = inventory.warnings?.find((candidate) => candidate.kinds.includes(kind));
  return warning ? `; note: ${warning.message}` : '';
}

/** How a kind's names are called: Name tags, or the resource's own name. */
function nameWord(kind: ResourceKind): string {
  return kind === 'load-balancer' || kind === 'target-group' || kind === 'key-pair' || kind === 'security-group' ? 'name' : 'Name tag';
}

/** True for strings shaped like AWS ids or ARNs (`i-0abc…`, `vol-…`, `arn:aws:…`, an IP address). */
function looksLikeId(value: string): boolean {
  return /^[a-z]+-[0-9a-f]{8,}$/.test(value) || value.startsWith('arn:') || /^\d+\.\d+\.\d+\.\d+$/.test(value);
}

function unique(resources: readonly AnyResourceView[]): AnyResourceView[] {
  const seen = new Set<string>();
  return resources.filter((resource) => (seen.has(resource.id) ? false : (seen.add(resource.id), true)));
}
