import type { Analysis, VerbUse } from '../analysis/analysis.js';

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

