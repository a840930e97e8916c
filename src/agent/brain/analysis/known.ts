import type { ResourceKind } from '../../../cloud/inventory.js';
import type { BrainContext, KnownResource } from '../brain.js';

/** The cloud's names and ids, indexed for lookups while parsing (case-insensitive). */
export class KnownIndex {
  private readonly byName = new Map<string, KnownResource[]>();
  private readonly byId = new Map<string, KnownResource>();

  constructor(readonly context: BrainContext) {
    for (const resource of context.resources) {
      this.byId.set(resource.id.toLowerCase(), resource);
      if (!resource.name) continue;
      const key = resource.name.toLowerCase();
      this.byName.set(key, [...(this.byName.get(key) ?? []), resource]);
    }
  }

  /** Lowercase names, for the typo corrector to leave alone. */
  names(): Set<string> {
    return new Set(this.byName.keys());
  }

  /** Resources with this name (any case). */
  named(name: string): readonly KnownResource[] {
    return this.byName.get(name.toLowerCase()) ?? [];
  }

  /** The resource with this id, if known. */
  withId(id: string): KnownResource | undefined {
    return this.byId.get(id.toLowerCase());
  }

  /** The name as the cloud spells it (for case), or the name as written. */
  spelling(name: string): string {
    return this.named(name)[0]?.name ?? name;
  }

  /** Resources of a kind. */
  ofKind(kind: ResourceKind): readonly KnownResource[] {
    return this.context.resources.filter((resource) => resource.kind === kind);
  }

  /** How a resource is offered in a question: its name, or its id. */
  static label(resource: KnownResource): string {
    return resource.name ?? resource.id;
  }
}
