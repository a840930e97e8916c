import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { AuditLog } from '../../../guard/audit/types.js';
import { asToolData, DEFAULT_TOOL_OUTPUT_TOKENS, trimToBudget } from '../context-budget.js';
import type { ChatMessage, ChatModel } from '../types.js';
import { UsageMeter, type UsageTotals } from '../usage.js';
import { modalitySystemPrompt, modalityTools, type AgentModality } from './modality-tools.js';
import { runTool, type ToolEnvironment, type ToolOutcome } from './run-tool.js';

/** One step the agent took, for people watching. */
export interface ModalityStep {
  /** 1-based; `done` is not a step (it acts on nothing). */
  readonly index: number;
  readonly tool: string;
  /** What ran: the command, the program's size, the stack. */
  readonly shown: string;
  /** `exit 0`, `exit 254`, `refused`, `invalid arguments`, `CREATE_COMPLETE`, … */
  readonly status: string;
  readonly failed: boolean;
  /** The output as the model saw it, cut to the budget (without the data frame). */
  readonly output: string;
}

/** Everything a modality agent run needs. */
export interface ModalityAgentOptions {
  readonly model: ChatModel;
  readonly modality: AgentModality;
  readonly request: string;
  /** The gateway's endpoint: every call the agent's work makes goes there. */
  readonly endpoint: string;
  /** Keys the gateway issued; `agent` names them in its audit log. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly agent?: string };
  readonly region?: string;
  /** Tool calls allowed before the run stops (default 100, as in the study). */
  readonly stepLimit?: number;
  /** The same failing call this many times means the agent is stuck (default 3). */
  readonly repeatLimit?: number;
  /** Tokens of one tool result the model sees (default llm-core's DEFAULT_TOOL_OUTPUT_TOKENS). */
  readonly toolOutputTokens?: number;
  /** Per command or program (default 120 s) and output kept per stream (default 256 KiB). */
  readonly timeoutMs?: number;
  readonly maxOutputBytes?: number;
  readonly awsCli?: string;
  /** Polling of stack deploys (default every 500 ms for up to 10 minutes). */
  readonly deployTiming?: { readonly pollMs: number; readonly timeoutMs: number };
  /** Counts the run's turns, tokens and cost; a fresh one when absent. */
  readonly usage?: UsageMeter;
  readonly onStep?: (step: ModalityStep) => void;
  /** The gateway's audit log, to count the API calls the run made. */
  readonly audit?: AuditLog;
  readonly signal?: AbortSignal;
}

/** How a run ended. */
export type ModalityOutcome = 'done' | 'step-limit' | 'stuck' | 'model-error';

/** What a run came to. */
export interface ModalityAgentResult {
  readonly outcome: ModalityOutcome;
  readonly steps: number;
  /** The model's final answer (outcome done). */
  readonly answer?: string;
  /** Why it stopped otherwise. */
  readonly reason?: string;
  /** Calls the gateway saw from this agent during the run (when its audit log was given). */
  readonly apiCalls?: number;
  /** Turns, tokens and cost (of this meter: the whole run's when a shared meter was given). */
  readonly usage: UsageTotals;
}

const NUDGE = 'Call one of your tools to act, or call done with your answer. Plain text does nothing here.';

/**
 * The modality agent of the study: the model writes CLI commands, SDK programs or templates, Cirro runs
 * them confined and through the gateway, and feeds back what happened (errors, refusals, malformed
 * calls) as tool results framed as data, until the model calls `done`, the step limit is reached, the
 * same failing call repeats `repeatLimit` times, or the model fails.
 */
export async function runModalityAgent(options: ModalityAgentOptions): Promise<ModalityAgentResult> {
  const region = options.region ?? 'us-east-1';
  const stepLimit = options.stepLimit ?? 100;
  const repeatLimit = options.repeatLimit ?? 3;
  const budget = options.toolOutputTokens ?? DEFAULT_TOOL_OUTPUT_TOKENS;
  const { environment, close } = toolEnvironment(options, region);
  const tools = modalityTools(options.modality);
  const system = modalitySystemPrompt(options.modality, region);
  const messages: ChatMessage[] = [{ role: 'user', content: options.request }];
  const auditStart = lastSequence(options.audit);
  const meter = options.usage ?? new UsageMeter();
  const model = meter.wrap(options.model);
  const failures = new Map<string, number>();
  let steps = 0;
  const finish = (outcome: ModalityOutcome, extra: { answer?: string; reason?: string }): ModalityAgentResult => {
    close();
    const apiCalls = countCalls(options.audit, auditStart, options.credentials.agent);
    return { outcome, steps, ...extra, ...(apiCalls === undefined ? {} : { apiCalls }), usage: meter.totals() };
  };
  for (;;) {
    if (steps >= stepLimit) return finish('step-limit', { reason: `stopped after ${steps} steps (the limit is ${stepLimit}) without calling done` });
    let turn;
    try {
      turn = await model.complete({ system, messages, tools, toolChoice: 'auto', ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      return finish('model-error', { reason: `the model ${options.model.id} failed: ${(error as Error).message}` });
    }
    if (turn.toolCalls.length === 0) {
      // A turn that acts on nothing still counts, so a model that only talks cannot run forever.
      steps += 1;
      options.onStep?.({ index: steps, tool: '(none)', shown: 'reply without a tool call', status: 'no action', failed: true, output: turn.text });
      messages.push({ role: 'assistant', content: turn.text }, { role: 'user', content: NUDGE });
      continue;
    }
    messages.push({ role: 'assistant', content: turn.text, toolCalls: turn.toolCalls });
    for (const call of turn.toolCalls) {
      if (call.name !== 'done' && steps >= stepLimit) {
        return finish('step-limit', { reason: `stopped after ${steps} steps (the limit is ${stepLimit}) without calling done` });
      }
      const outcome = await runTool(call, environment);
      if (outcome.answer !== undefined) return finish('done', { answer: outcome.answer });
      steps += 1;
      const output = outputForModel(outcome, budget);
      messages.push({ role: 'tool', toolCallId: call.id, toolName: call.name, content: asToolData(output, call.name) });
      options.onStep?.({ index: steps, tool: call.name, shown: outcome.shown, status: outcome.status, failed: outcome.failed, output });
      if (!outcome.failed) continue;
      const signature = `${call.name} ${JSON.stringify(call.arguments ?? call.rawArguments)}`;
      const count = (failures.get(signature) ?? 0) + 1;
      failures.set(signature, count);
      if (count >= repeatLimit) {
        const detail = outcome.sections.map((section) => section.text).join('\n').split('\n').find((line) => line.trim())?.slice(0, 200) ?? '';
        return finish('stuck', { reason: `the same ${call.name} call failed ${count} times (${outcome.status}): ${detail}` });
      }
    }
  }
}

/** The status line and each section trimmed to its share of the budget (JSON stays JSON). */
function outputForModel(outcome: ToolOutcome, budgetTokens: number): string {
  const share = Math.max(Math.floor(budgetTokens / Math.max(outcome.sections.length, 1)), 50);
  return [
    `status: ${outcome.status}`,
    ...outcome.sections.map((section) => `${section.label ? `${section.label}:\n` : ''}${trimToBudget(section.text, share).text}`),
  ].join('\n');
}

function toolEnvironment(options: ModalityAgentOptions, region: string): { environment: ToolEnvironment; close: () => void } {
  let cloudformation: CloudFormationClient | undefined;
  const environment: ToolEnvironment = {
    modality: options.modality,
    endpoint: options.endpoint,
    credentials: options.credentials,
    region,
    timeoutMs: options.timeoutMs ?? 120_000,
    maxOutputBytes: options.maxOutputBytes ?? 256 * 1024,
    ...(options.awsCli ? { awsCli: options.awsCli } : {}),
    deployTiming: options.deployTiming ?? { pollMs: 500, timeoutMs: 600_000 },
    cloudformation: () =>
      (cloudformation ??= new CloudFormationClient({
        endpoint: options.endpoint, region, maxAttempts: 2,
        credentials: { accessKeyId: options.credentials.accessKeyId, secretAccessKey: options.credentials.secretAccessKey },
      })),
  };
  return { environment, close: () => cloudformation?.destroy() };
}

function lastSequence(audit: AuditLog | undefined): number {
  return audit?.read().at(-1)?.seq ?? 0;
}

function countCalls(audit: AuditLog | undefined, after: number, agent: string | undefined): number | undefined {
  if (!audit || !agent) return undefined;
  return audit.read().filter((entry) => entry.seq > after && entry.actor === `gateway:${agent}` && (entry.type === 'call' || entry.type === 'refusal')).length;
}
