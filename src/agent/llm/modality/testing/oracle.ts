import { allResources, type Inventory } from '../../../../cloud/inventory.js';
import { createCloudClients } from '../../../../cloud/clients.js';
import { readInventory } from '../../../../cloud/read-inventory.js';
import { cliOperation } from '../../../../exec/cli-transport.js';
import { buildPlan } from '../../../../plan/builder.js';
import type { Intent } from '../../../../plan/intent.js';
import { isOutputRef, type ParameterValue, type Plan, type Step } from '../../../../plan/plan.js';
import { renderSdkProgram } from '../../../../plan/render/sdk-program.js';
import { usedOutputs } from '../../../../plan/render/references.js';
import { resolveTargets } from '../../../../plan/resolve.js';
import { answerQuery } from '../../../answer.js';
import { EmbeddedBrain } from '../../../brain/embedded-brain.js';
import { renderGraphAnswer } from '../../../graph-answer.js';
import { planContextFor } from '../../../plan-context.js';
import { TOOL_DATA_PREAMBLE } from '../../context-budget.js';
import type { ReceivedRequest, ScriptedTurn } from '../../testing/scripted-turn.js';
import type { AgentModality } from '../modality-tools.js';
import { planTemplate } from './plan-template.js';

/** What the oracle needs to plan a request against the cloud as it is now. */
export interface ModalityOracleOptions {
  readonly request: string;
  readonly modality: AgentModality;
  /** Where the oracle reads the cloud to plan (the gym or the gateway); its reads are not the agent's. */
  readonly endpoint: string;
  /** Keys for that endpoint (default: the gym's dummy keys for a local endpoint). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly region?: string;
  /** The stack an IaC run deploys (default `cirro-agent`). */
  readonly stackName?: string;
  /** Polls of one wait before the oracle gives up (default 60). */
  readonly maxPolls?: number;
}

/** A competent agent, scripted: its plan (when it made one) and its reply to each model request. */
export interface ModalityOracle {
  readonly plan: Plan | undefined;
  /** Why there is no plan (not understood, ambiguous, invalid), when there is none. */
  readonly note: string | undefined;
  /** The next turn, given what the mock provider server received (the conversation so far). */
  reply(request: ReceivedRequest): ScriptedTurn;
}

type Action = { readonly kind: 'call' | 'wait'; readonly step: Step };

/**
 * Plays a competent modality agent for one request, for CI and `cirro bench` with a scripted model:
 * the embedded brain and plan builder plan the request against the cloud as it is now, and the plan is
 * played back in the modality's own terms — one `run_cli` per call and per wait poll (earlier outputs
 * resolved from the tool results), one `run_sdk_program` with the rendered program, or one
 * `deploy_template` (simple creates only) — then `done`. A failed step ends the run with `done`
 * saying what failed. Use as `startMockProviderServer({ script: (request) => oracle.reply(request) })`.
 */
export async function createModalityOracle(options: ModalityOracleOptions): Promise<ModalityOracle> {
  const clients = createCloudClients({ endpoint: options.endpoint, ...(options.region ? { region: options.region } : {}), ...(options.credentials ? { credentials: options.credentials } : {}), maxAttempts: 3 });
  const inventory = await readInventory(clients);
  const understanding = await new EmbeddedBrain().understand(options.request, { resources: allResources(inventory).map((resource) => ({ kind: resource.kind, id: resource.id, name: resource.name })) });
  if (understanding.type === 'answer') return { plan: undefined, note: undefined, reply: () => done(understanding.text) };
  if (understanding.type !== 'intent') {
    const note = understanding.type === 'clarify' ? understanding.question : understanding.message;
    return { plan: undefined, note, reply: () => done(`I did not act: ${note}`) };
  }
  const intent = understanding.intent;
  const outcome = buildPlan(intent, await planContextFor(intent, inventory, clients));
  clients.ec2.destroy();
  clients.elbv2.destroy();
  clients.cloudformation.destroy();
  if (outcome.type !== 'plan') {
    const note = outcome.type === 'clarify' ? `${outcome.question} (${outcome.candidates.join(', ')})` : outcome.message;
    return { plan: undefined, note, reply: () => done(`I did not act: ${note}`) };
  }
  const plan = outcome.plan;
  const finalAnswer = intent.type === 'query' ? queryAnswer(intent, inventory) : `Done: ${plan.summary}.`;
  const player = options.modality === 'cli' ? cliPlayer(plan, options.maxPolls ?? 60)
    : options.modality === 'sdk' ? oneShot({ name: 'run_sdk_program', arguments: { source: renderSdkProgram(plan, { region: clients.region }) } })
    : iacPlayer(plan, options.stackName ?? 'cirro-agent', intent);
  return {
    plan, note: undefined,
    reply: (request) => {
      const last = lastResult(request);
      if (last && last.status !== 'ok' && !player.tolerates(last)) return done(`Failed: ${firstLine(last.text)}`);
      return player.next(last) ?? done(finalAnswer);
    },
  };
}

interface ToolResultView {
  readonly status: string;
  readonly text: string;
  /** stdout parsed as JSON, when it is. */
  readonly json: unknown;
}

interface Player {
  next(last: ToolResultView | undefined): ScriptedTurn | undefined;
  /** A failed result the player handles itself (none of the players do yet). */
  tolerates(last: ToolResultView): boolean;
}

function oneShot(call: { name: string; arguments: unknown }): Player {
  let sent = false;
  return {
    next: () => (sent ? undefined : ((sent = true), { toolCalls: [call] })),
    tolerates: () => false,
  };
}

function iacPlayer(plan: Plan, stackName: string, intent: Intent): Player {
  if (intent.type === 'query') return { next: () => undefined, tolerates: () => false };
  const template = planTemplate(plan);
  if (!template.ok) return { next: () => done(`I cannot express this as a template: ${template.reason}`), tolerates: () => false };
  return oneShot({ name: 'deploy_template', arguments: { stackName, template: JSON.stringify(template.template, null, 1) } });
}

/** One `run_cli` per step, and per poll of its wait, with earlier outputs filled in. */
function cliPlayer(plan: Plan, maxPolls: number): Player {
  const actions: Action[] = plan.steps.flatMap((step) => [{ kind: 'call' as const, step }, ...(step.wait ? [{ kind: 'wait' as const, step }] : [])]);
  const used = usedOutputs(plan);
  const outputs = new Map<string, unknown>();
  let index = -1;
  let polls = 0;
  const argvOf = (action: Action): string[] => {
    const call = action.kind === 'call' ? action.step.call : action.step.wait!.call;
    const input = resolve(call.input as ParameterValue, outputs) as Record<string, unknown>;
    const argv = ['aws', call.service, cliOperation(call.operation), ...(Object.keys(input).length > 0 ? ['--cli-input-json', JSON.stringify(input)] : [])];
    if (action.kind === 'wait') return [...argv, '--query', action.step.wait!.path];
    const names = [...(used.get(action.step.id) ?? [])];
    return names.length > 0 ? [...argv, '--query', `{${names.map((name) => `${name}: ${action.step.outputs![name]}`).join(', ')}}`] : argv;
  };
  return {
    tolerates: () => false,
    next(last) {
      const current = actions[index];
      if (current?.kind === 'call' && last) {
        for (const name of used.get(current.step.id) ?? []) outputs.set(`${current.step.id}.${name}`, (last.json as Record<string, unknown> | undefined)?.[name]);
      }
      if (current?.kind === 'wait' && last) {
        const wait = current.step.wait!;
        const values = [last.json].flat(Infinity).filter((value) => value !== null && value !== undefined).map(String);
        if (values.some((value) => wait.failOn?.includes(value))) return done(`Failed: ${wait.description} reached ${values.join(', ')}`);
        const settled = values.length > 0 && values.every((value) => wait.until.map(String).includes(value));
        if (!settled) {
          if (++polls >= maxPolls) return done(`Failed: gave up waiting for ${wait.description} after ${polls} polls`);
          return { toolCalls: [{ name: 'run_cli', arguments: { argv: argvOf(current) } }] };
        }
      }
      polls = 0;
      const action = actions[++index];
      return action ? { toolCalls: [{ name: 'run_cli', arguments: { argv: argvOf(action) } }] } : undefined;
    },
  };
}

function resolve(value: ParameterValue, outputs: ReadonlyMap<string, unknown>): unknown {
  if (isOutputRef(value)) return outputs.get(`${value.$ref}.${value.output}`);
  if (Array.isArray(value)) return value.map((item) => resolve(item, outputs));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item as ParameterValue, outputs)]));
  return value;
}

/** The newest tool result in the conversation, unframed: status, text and stdout as JSON. */
function lastResult(request: ReceivedRequest): ToolResultView | undefined {
  const content = request.messages.flatMap((message) => message.toolResults.map((result) => result.content)).at(-1);
  if (content === undefined) return undefined;
  const inner = content.replace(/^<tool-output[^>]*>\n/, '').replace(/\n<\/tool-output>$/, '').replace(`${TOOL_DATA_PREAMBLE}\n`, '');
  const status = /^status: (.*)/.exec(inner)?.[1] ?? 'unknown';
  const body = inner.replace(/^status: .*\n?/, '');
  const stdout = /^stdout:\n([\s\S]*?)(?:\nstderr:\n[\s\S]*)?$/.exec(body)?.[1] ?? body;
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  const ok = status === 'exit 0' || status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE' || (json as { ok?: boolean } | undefined)?.ok === true;
  return { status: ok ? 'ok' : status, text: body, json };
}

function queryAnswer(intent: Extract<Intent, { type: 'query' }>, inventory: Inventory): string {
  const resolved = intent.targets ? resolveTargets(inventory, intent.targets, 'read') : undefined;
  const ids = resolved?.type === 'found' ? resolved.resources.map((resource) => resource.id) : undefined;
  const graph = (source: Inventory) => renderGraphAnswer(source, intent.format ?? 'text', ids);
  return answerQuery(intent, inventory, intent.targets?.kind === 'instance' ? ids : undefined, graph).text;
}

function done(answer: string): ScriptedTurn {
  return { toolCalls: [{ name: 'done', arguments: { answer } }] };
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() && !/^std(out|err):$/.test(line))?.slice(0, 300) ?? text.slice(0, 300);
}
