import type { Analysis, VerbUse } from '../analysis/analysis.js';
import type { Reference } from '../analysis/references.js';

/** What an intent builder works from: the analysed request, its main verb, and notes to pass on. */
export interface Frame {
  readonly request: string;
  readonly analysis: Analysis;
  readonly verb: VerbUse | undefined;
  readonly notes: string[];
}

/** Names people can pick from for a kind, for clarifying questions (at most eight). */
export function optionsOf(frame: Frame, kind: Parameters<Frame['analysis']['known']['ofKind']>[0]): string[] {
  return frame.analysis.known.ofKind(kind).slice(0, 8).map((resource) => resource.name ?? resource.id);
}

/** References whose kind is one of these, or untyped, and not already used. */
export function refsFor(frame: Frame, kinds: readonly string[], used: ReadonlySet<Reference> = new Set()): Reference[] {
  return frame.analysis.refs.filter((ref) => !used.has(ref) && (ref.kind === undefined || kinds.includes(ref.kind)));
}
