import type { Result } from '../../../../core/result.js';
import { collectReferences } from './references.js';
import type { Template } from './template.js';
import { templateErrors, type TemplateError } from './template-errors.js';

/** The order resources are created and deleted in, and what each resource and output needs first. */
export interface DependencyGraph {
  /** Each kept resource → the resources it needs (Ref, GetAtt, Fn::Sub, DependsOn), sorted. */
  readonly dependencies: Readonly<Record<string, readonly string[]>>;
  /** Each kept output → the resources its value and export name need. */
  readonly outputDependencies: Readonly<Record<string, readonly string[]>>;
  /** Levels of resources whose members may be created in parallel once the earlier levels are done. */
  readonly creationOrder: readonly (readonly string[])[];
  /** The creation levels reversed: dependents go first. */
  readonly deletionOrder: readonly (readonly string[])[];
}

/**
 * Builds the dependency graph of the resources their conditions keep. Fn::If follows only the branch its
 * condition picks. A reference to a resource its condition removes is unresolved, as in AWS; a cycle is
 * an error naming the resources in it.
 */
export function dependencyGraph(template: Template, conditions: Readonly<Record<string, boolean>>): Result<DependencyGraph, TemplateError> {
  const kept = Object.keys(template.Resources).filter((id) => isKept(template.Resources[id]!.Condition, conditions));
  const keptSet = new Set(kept);
  const dependencies: Record<string, string[]> = {};
  const unresolved = new Set<string>();
  const needs = (value: unknown, extra: readonly string[] = []): string[] => {
    const found = collectReferences(value, conditions);
    const names = new Set([...found.refs, ...found.getAtts, ...extra].filter((name) => name in template.Resources));
    for (const name of names) if (!keptSet.has(name)) unresolved.add(name);
    return [...names].filter((name) => keptSet.has(name)).sort();
  };
  for (const id of kept) {
    const resource = template.Resources[id]!;
    dependencies[id] = needs([resource.Properties, resource.Metadata], [resource.DependsOn ?? []].flat());
  }
  const outputDependencies: Record<string, string[]> = {};
  for (const [name, output] of Object.entries(template.Outputs)) {
    if (isKept(output.Condition, conditions)) outputDependencies[name] = needs([output.Value, output.Export?.Name]);
  }
  if (unresolved.size > 0) return { success: false, error: templateErrors.unresolved([...unresolved].sort()) };
  const levels = creationLevels(dependencies);
  if (!levels.success) return levels;
  return { success: true, value: { dependencies, outputDependencies, creationOrder: levels.value, deletionOrder: [...levels.value].reverse() } };
}

function isKept(condition: string | undefined, conditions: Readonly<Record<string, boolean>>): boolean {
  return condition === undefined || conditions[condition] === true;
}

/** Kahn's algorithm by levels; whatever is left when no resource is ready lies on or behind a cycle. */
function creationLevels(dependencies: Readonly<Record<string, readonly string[]>>): Result<string[][], TemplateError> {
  const levels: string[][] = [];
  const done = new Set<string>();
  let remaining = Object.keys(dependencies);
  while (remaining.length > 0) {
    const ready = remaining.filter((id) => dependencies[id]!.every((need) => done.has(need))).sort();
    if (ready.length === 0) {
      return { success: false, error: templateErrors.validation(`Circular dependency between resources: [${cycleMembers(dependencies, remaining).join(', ')}]`) };
    }
    levels.push(ready);
    for (const id of ready) done.add(id);
    remaining = remaining.filter((id) => !done.has(id));
  }
  return { success: true, value: levels };
}

/** The resources on cycles among those left over (not the ones merely waiting behind a cycle), sorted. */
function cycleMembers(dependencies: Readonly<Record<string, readonly string[]>>, remaining: readonly string[]): string[] {
  const reaches = (from: string, target: string): boolean => {
    const seen = new Set<string>();
    const stack = [...dependencies[from]!];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next === target) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(dependencies[next] ?? []));
    }
    return false;
  };
  return remaining.filter((id) => reaches(id, id)).sort();
}
