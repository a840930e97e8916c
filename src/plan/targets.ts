import type { AnyResourceView, InstanceView, ResourceKind } from '../cloud/inventory.js';
import type { PlanContext } from './context.js';
import { PlanStop } from './draft.js';
import type { Target } from './intent.js';
import { resolveTargets } from './resolve.js';

type ViewOf<K extends ResourceKind> = Extract<AnyResourceView, { kind: K }>;

/**
 * The resources a target names, or a stop with the resolver's message: not found (with near matches)
 * or, for a change, ambiguous (with candidates). Never a guess.
 */
export function resolveOrStop<K extends ResourceKind>(context: PlanContext, target: Target & { kind: K }, purpose: 'read' | 'change'): ViewOf<K>[] {
  const result = resolveTargets(context.inventory, target, purpose);
  switch (result.type) {
    case 'found':
      return [...result.resources] as ViewOf<K>[];
    case 'not-found':
      throw new PlanStop({ type: 'not-found', message: result.message, suggestions: result.suggestions });
    case 'ambiguous':
      throw new PlanStop({
        type: 'clarify',
        question: result.message,
        candidates: result.candidates.map((candidate) => [candidate.id, candidate.name, candidate.state, candidate.availabilityZone].filter(Boolean).join(' ')),
      });
  }
}

/** Exactly one resource, or a stop asking which one. */
export function resolveOne<K extends ResourceKind>(context: PlanContext, target: Target & { kind: K }, purpose: 'read' | 'change'): ViewOf<K> {
  const found = resolveOrStop(context, target, purpose);
  if (found.length === 1) return found[0]!;
  throw new PlanStop({
    type: 'clarify',
    question: `${found.length} ${target.kind}s match; which one do you mean?`,
    candidates: found.map((resource) => `${resource.id}${resource.name ? ` (${resource.name})` : ''}`),
  });
}

/** How a resource is called in messages: its name with its id, or its id. */
export function label(resource: { id: string; name?: string | undefined }): string {
  return resource.name ? `${resource.name} (${shortId(resource.id)})` : shortId(resource.id);
}

/** ARNs are long: messages show their last part. */
export function shortId(id: string): string {
  if (!id.startsWith('arn:')) return id;
  const parts = id.split('/');
  return parts.length >= 3 ? parts.slice(-2).join('/') : id;
}

/** Instances still alive (not shutting down or terminated). */
export function liveInstances(context: PlanContext): InstanceView[] {
  return context.inventory.instances.filter((instance) => instance.state !== 'terminated' && instance.state !== 'shutting-down');
}
