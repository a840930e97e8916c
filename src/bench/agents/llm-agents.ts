import { LlmBrain } from '../../agent/llm/planner/llm-brain.js';
import { runModalityAgent } from '../../agent/llm/modality/run-modality-agent.js';
import { createModalityOracle } from '../../agent/llm/modality/testing/oracle.js';
import { createPlannerOracle } from '../../agent/llm/planner/testing/oracle.js';
import { startMockProviderServer } from '../../agent/llm/testing/mock-provider-server.js';
import { createChatModel } from '../../agent/llm/providers.js';
import type { ChatModel } from '../../agent/llm/types.js';
import { UsageMeter } from '../../agent/llm/usage.js';
import { fail, ok, type Result } from '../../core/result.js';
import type { AgentRequest, AgentRun, BenchAgent } from './bench-agent.js';
import { withBenchGateway } from './bench-gateway.js';
import { askAgent, type AskAgentOptions } from './embedded-agent.js';


/** Tokens and dollars a meter counted, as an AgentRun reports them. */
function usageOf(meter: UsageMeter): Pick<AgentRun, 'tokens' | 'costUsd'> {
  const totals = meter.totals();
  return { tokens: { inputTokens: totals.inputTokens, outputTokens: totals.outputTokens }, costUsd: totals.costUsd === 'unknown' ? null : totals.costUsd };
}

/** Runs one request with a modality agent on `model` (a fresh meter per run, so tokens are per run). */
async function runWith(model: ChatModel, request: AgentRequest, options: { awsCli?: string; stepLimit: number }): Promise<AgentRun> {
  const meter = new UsageMeter();
  const started = performance.now();
  // Everything the agent runs goes through a gateway, as with `cirro ask --agent`: authorized per call and audited.
  const result = await withBenchGateway(request.endpoint, (gateway) => runModalityAgent({
    model: meter.wrap(model), modality: request.modality, request: request.request, endpoint: gateway.endpoint, region: request.region,
    credentials: gateway.credentials, audit: gateway.audit, stepLimit: options.stepLimit, deployTiming: { pollMs: 100, timeoutMs: 120_000 },
    ...(options.awsCli ? { awsCli: options.awsCli } : {}),
  }));
  return {
    exitCode: result.outcome === 'done' ? 0 : 1,
    decision: result.outcome,
    reason: result.reason ?? null,
    text: result.answer ?? '',
    answer: null,
    agentSteps: result.steps,
    // The calls the gateway audited for this run's keys (refusals included); the gym's count is in `wire`.
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

/**
 * A test facility (`--brain scripted --agent planner`): the LLM planner brain inside `ask()`, its model a
 * local mock provider server speaking the Anthropic Messages API (the modality oracle uses OpenAI's, so
 * CI covers both) and replying with the planner oracle — the embedded brain's intent as `propose_plan`,
 * `query_inventory` then `answer` for questions. It measures the agent path (the AI SDK's Anthropic
 * client, tool calls, the planner's validation and scope check, then Cirro's plan, checks, run and
 * verification), not a model. A fresh oracle and server per run: the oracle reads the cloud as it is.
 */
export function scriptedPlannerAgent(options: Omit<AskAgentOptions, 'brain' | 'name' | 'usage'>): BenchAgent {
  return {
    name: 'scripted (planner oracle over the Anthropic wire API)',
    modalities: ['sdk', 'cli', 'iac'],
    async run(request) {
      const oracle = await createPlannerOracle({ request: request.request, endpoint: request.endpoint, region: request.region });
      const server = await startMockProviderServer({ script: (received) => oracle.reply(received), apiKey: 'sk-ant-cirro-bench-scripted' });
      try {
        const created = createChatModel('anthropic:scripted-planner-oracle', { env: { ANTHROPIC_API_KEY: 'sk-ant-cirro-bench-scripted', ANTHROPIC_BASE_URL: `${server.url}/v1` }, maxRetries: 0 });
        if (!created.success) throw created.error;
        return await plannerAgent(created.value, options).run(request);
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
