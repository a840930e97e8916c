import type { Modality } from '../../agent/router.js';
import { fail, ok, type Result } from '../../core/result.js';
import { createBrain } from '../../agent/brains.js';
import { renderGraphAnswer } from '../../agent/graph-answer.js';
import { renderCliScript } from '../../plan/render/cli-script.js';
import { renderSdkProgram } from '../../plan/render/sdk-program.js';
import type { BenchAgent } from './bench-agent.js';
import { askAgent } from './embedded-agent.js';

/**
 * How an LLM brain takes part: `modality` — the model itself writes SDK programs, CLI commands or
 * templates for the modality (the study's agents); `planner` — the model proposes Cirro plans, which
 * Cirro checks, runs through its executors and verifies (as `cirro ask --model`).
 */
export type AgentKind = 'modality' | 'planner';

/** Which agent a benchmark runs. */
export interface AgentChoice {
  /** `embedded`, or a model as `provider:model`. */
  readonly brain: string;
  readonly kind: AgentKind;
  /** The aws binary for the CLI modality. */
  readonly awsCli?: string;
  /** Where provider keys and base URLs are read from (OPENAI_API_KEY, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The agent a choice names, or why it cannot run in this build. */
export async function createBenchAgent(choice: AgentChoice, modalities: readonly Modality[]): Promise<Result<BenchAgent, Error>> {
  if (choice.brain === 'embedded') {
    return ok(askAgent({
      brain: createBrain(),
      ...(choice.awsCli ? { awsCli: choice.awsCli } : {}),
      askOptions: { graph: renderGraphAnswer, render: (plan, as, options) => (as === 'sdk' ? renderSdkProgram(plan, options) : renderCliScript(plan, options)), pollMs: [20, 200] },
    }));
  }
  // The LLM planner brain and the modality agents plug in here once their branches land.
  void modalities;
  return fail(new Error(`--brain ${choice.brain}: the LLM ${choice.kind === 'planner' ? 'planner brain' : 'modality agents'} are not part of this build yet; use --brain embedded`));
}
