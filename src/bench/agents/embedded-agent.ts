import { ask, type AskOptions, type AskResult } from '../../agent/ask.js';
import type { Brain } from '../../agent/brain/brain.js';
import type { AgentRequest, AgentRun, BenchAgent } from './bench-agent.js';

/** Carries out a request as `cirro ask` would: `ask()` in-process, or `cirro ask` as a process (bench/ask). */
export type AskExecutor = (request: AgentRequest) => Promise<AskResult>;

/** How the `ask()`-based agent runs. */
export interface AskAgentOptions {
  /** The brain `ask()` plans with (the embedded intent compiler, or an LLM planner). */
  readonly brain: Brain;
  /** What reports call it (default `embedded`). */
  readonly name?: string;
  /** The aws binary for the CLI modality. */
  readonly awsCli?: string;
  /** Passed to every ask(): graph answers and plan rendering. */
  readonly askOptions?: Pick<AskOptions, 'graph' | 'render' | 'pollMs'>;
  /** Replaces the in-process `ask()` (brain, awsCli and askOptions then go unused). */
  readonly execute?: AskExecutor;
  /** Tokens and cost so far, for brains that call a model (read before and after each run). */
  readonly usage?: () => { inputTokens: number; outputTokens: number; costUsd: number | null };
}

/** The agent `cirro ask` is: a brain proposes a plan, Cirro checks, runs and verifies it, with approval given. */
export function askAgent(options: AskAgentOptions): BenchAgent {
  const execute: AskExecutor = options.execute ?? ((request) => ask({
    ...request,
    brain: options.brain,
    gym: true,
    yes: true,
    ...(request.modality === 'cli' && options.awsCli ? { awsCli: options.awsCli } : {}),
    ...options.askOptions,
  }));
  return {
    name: options.name ?? 'embedded',
    modalities: ['sdk', 'cli', 'iac'],
    async run(request) {
      const before = options.usage?.();
      const started = performance.now();
      const result = await execute(request);
      const seconds = (performance.now() - started) / 1000;
      const after = options.usage?.();
      return fromAskResult(result, seconds, before && after ? {
        tokens: { inputTokens: after.inputTokens - before.inputTokens, outputTokens: after.outputTokens - before.outputTokens },
        costUsd: after.costUsd === null || before.costUsd === null ? null : after.costUsd - before.costUsd,
      } : { tokens: null, costUsd: null });
    },
  };
}

function fromAskResult(result: AskResult, seconds: number, usage: Pick<AgentRun, 'tokens' | 'costUsd'>): AgentRun {
  return {
    exitCode: result.exitCode,
    decision: result.decision,
    reason: result.exitCode === 0 ? null : result.reason ?? lastLines(result.text),
    text: result.text,
    answer: result.answer,
    agentSteps: result.outcome.agentSteps,
    apiCalls: result.outcome.apiCalls,
    seconds,
    ...usage,
  };
}

function lastLines(text: string): string {
  return text.split('\n').filter(Boolean).slice(-2).join(' / ') || 'no output';
}
