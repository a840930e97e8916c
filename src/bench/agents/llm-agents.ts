import { LlmBrain } from '../../agent/llm/planner/llm-brain.js';
import { runModalityAgent } from '../../agent/llm/modality/run-modality-agent.js';
import { createModalityOracle } from '../../agent/llm/modality/testing/oracle.js';
import { startMockProviderServer } from '../../agent/llm/testing/mock-provider-server.js';
import { createChatModel } from '../../agent/llm/providers.js';
import type { ChatModel } from '../../agent/llm/types.js';
import { UsageMeter } from '../../agent/llm/usage.js';
import { fail, ok, type Result } from '../../core/result.js';
import type { AgentRequest, AgentRun, BenchAgent } from './bench-agent.js';
import { askAgent, type AskAgentOptions } from './embedded-agent.js';


/** Keys the modality agent signs with: the gym takes any, and they must never be real ones. */
const BENCH_KEYS = { accessKeyId: 'AKIDCIRROBENCH', secretAccessKey: 'cirro-bench-any-secret', agent: 'cirro-bench' } as const;

/** Tokens and dollars a meter counted, as an AgentRun reports them. */
function usageOf(meter: UsageMeter): Pick<AgentRun, 'tokens' | 'costUsd'> {
  const totals = meter.totals();
  return { tokens: { inputTokens: totals.inputTokens, outputTokens: totals.outputTokens }, costUsd: totals.costUsd === 'unknown' ? null : totals.costUsd };
}

/** Runs one request with a modality agent on `model` (a fresh meter per run, so tokens are per run). */
async function runWith(model: ChatModel, request: AgentRequest, options: { awsCli?: string; stepLimit: number }): Promise<AgentRun> {
  const meter = new UsageMeter();
  const started = performance.now();
  const result = await runModalityAgent({
    model: meter.wrap(model), modality: request.modality, request: request.request, endpoint: request.endpoint, region: request.region,
    credentials: BENCH_KEYS, stepLimit: options.stepLimit, deployTiming: { pollMs: 100, timeoutMs: 120_000 },
    ...(options.awsCli ? { awsCli: options.awsCli } : {}),
  });
  return {
    exitCode: result.outcome === 'done' ? 0 : 1,
    decision: result.outcome,
    reason: result.reason ?? null,
    text: result.answer ?? '',
    answer: null,
    agentSteps: result.steps,
    // Without a gateway's audit log the agent cannot count its calls; the gym's count is in `wire`.
    apiCalls: result.apiCalls ?? 0,
    seconds: (performance.now() - started) / 1000,
    ...usageOf(meter),
  };
}

/** The study's agents: the model writes SDK programs or AWS CLI commands itself, run confined against the gym. */
export function modalityAgent(model: ChatModel, options: { awsCli?: string; stepLimit: number }): BenchAgent {
  return { name: `${model.id} (modality agents)`, modalities: ['sdk', 'cli', 'iac'], run: (request) => runWith(model, request, options) };
}

/** The LLM planner brain inside `cirro ask`: the model proposes plans, Cirro checks, runs and verifies them. */
export function plannerAgent(model: ChatModel, options: Omit<AskAgentOptions, 'brain' | 'name' | 'usage'>): BenchAgent {
  const meter = new UsageMeter();
  return askAgent({
    ...options,
    name: `${model.id} (planner)`,
    brain: new LlmBrain({ model: meter.wrap(model) }),
    usage: () => {
      const totals = meter.totals();
      return { inputTokens: totals.inputTokens, outputTokens: totals.outputTokens, costUsd: totals.costUsd === 'unknown' ? null : totals.costUsd };
    },
  });
}

/**
 * A test facility (`--brain scripted`): the modality agents against a local mock provider server that
 * speaks the OpenAI wire API and replies with the modality oracle's script — the embedded brain's plan
 * for the cloud as it is, played back as a competent agent's commands or program. It exercises the
 * whole agent path (the AI SDK client, tool calls, confined runners) with no model, so CI can run it.
 * The oracle's own planning reads reach the gym too and are counted in the run's requests.
 */
export function scriptedModalityAgent(options: { awsCli?: string; stepLimit: number }): BenchAgent {
  return {
    name: 'scripted (modality oracle over the OpenAI wire API)',
    modalities: ['sdk', 'cli'],
    async run(request) {
      const oracle = await createModalityOracle({ request: request.request, modality: request.modality, endpoint: request.endpoint, region: request.region });
      const server = await startMockProviderServer({ script: (received) => oracle.reply(received), apiKey: 'sk-cirro-bench-scripted' });
      try {
        const created = createChatModel('openai:scripted-oracle', { env: { OPENAI_API_KEY: 'sk-cirro-bench-scripted', OPENAI_BASE_URL: `${server.url}/v1` }, maxRetries: 0 });
        if (!created.success) throw created.error;
        return await runWith(created.value, request, options);
      } finally {
        await server.close();
      }
    },
  };
}

/** A chat model for `provider:model`, keys and base URLs from `env`. */
export function benchModel(spec: string, env: Readonly<Record<string, string | undefined>>): Result<ChatModel, Error> {
  const created = createChatModel(spec, { env });
  return created.success ? ok(created.value) : fail(new Error(`--brain ${spec}: ${created.error.message}`));
}
