import type { Modality } from '../../agent/router.js';

/** One request for an agent to carry out against a gym, as the harness hands it over. */
export interface AgentRequest {
  readonly request: string;
  readonly modality: Modality;
  readonly endpoint: string;
  readonly region: string;
}

/** What a task's check reads of an agent's run: its last words and any structured answer. */
export interface AgentAnswer {
  readonly text: string;
  readonly answer: unknown;
}

/** Tokens a run used, summed over its model turns. */
export interface TokenCount {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** How one agent run went, as the agent itself reports it (the harness's check judges the cloud). */
export interface AgentRun extends AgentAnswer {
  /** 0 when the agent says it finished; anything else is a failure it admits to. */
  readonly exitCode: number;
  /** What the agent decided (`executed`, `answered`, `refused`, `step-limit`, …). */
  readonly decision: string;
  /** Why it stopped, when it did not finish. */
  readonly reason: string | null;
  /** Agent actions: executed plan steps (embedded, planner) or model actions (modality agents). */
  readonly agentSteps: number;
  /** AWS API calls the agent counted (its retries included where it retries itself). */
  readonly apiCalls: number;
  /** Null for brains that use no model (the embedded brain). */
  readonly tokens: TokenCount | null;
  /** US dollars the model's tokens cost at list price; null when unknown or free. */
  readonly costUsd: number | null;
  /** Wall seconds of the run alone. */
  readonly seconds: number;
}

/**
 * An agent the benchmark can run: the embedded brain through `ask()`, an LLM planner through `ask()`,
 * or an LLM modality agent writing SDK programs, CLI commands or templates itself.
 */
export interface BenchAgent {
  /** What reports call it: `embedded`, `openai:gpt-4o-mini (modality agents)`, … */
  readonly name: string;
  /** The modalities it can work in. */
  readonly modalities: readonly Modality[];
  run(request: AgentRequest): Promise<AgentRun>;
}
