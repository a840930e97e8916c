import { ok, type Result } from '../../core/result.js';
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
  /** Model actions a modality agent may take before it stops (default 100). */
  readonly stepLimit?: number;
}

/** The agent a choice names, or why it cannot run in this build. */
export async function createBenchAgent(choice: AgentChoice): Promise<Result<BenchAgent, Error>> {
  if (choice.brain === 'embedded') {
    return ok(askAgent({
      brain: createBrain(),
      ...(choice.awsCli ? { awsCli: choice.awsCli } : {}),
      askOptions: { graph: renderGraphAnswer, render: (plan, as, options) => (as === 'sdk' ? renderSdkProgram(plan, options) : renderCliScript(plan, options)), pollMs: [20, 200] },
    }));
  }
  // Loaded only when asked for: the AI SDK is the largest import of the LLM path.
  const llm = await import('./llm-agents.js');
  const stepLimit = choice.stepLimit ?? 100;
  const awsCli = choice.awsCli ? { awsCli: choice.awsCli } : {};
  if (choice.brain === 'scripted') return ok(llm.scriptedModalityAgent({ ...awsCli, stepLimit }));
  const model = llm.benchModel(choice.brain, choice.env);
  if (!model.success) return model;
  if (choice.kind === 'modality') return ok(llm.modalityAgent(model.value, { ...awsCli, stepLimit }));
  return ok(llm.plannerAgent(model.value, { ...awsCli, askOptions: { graph: renderGraphAnswer, pollMs: [20, 200] } }));
}
