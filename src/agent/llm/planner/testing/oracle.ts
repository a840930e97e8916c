import { allResources, type Inventory } from '../../../../cloud/inventory.js';
import { createCloudClients } from '../../../../cloud/clients.js';
import { readInventory } from '../../../../cloud/read-inventory.js';
import type { Intent } from '../../../../plan/intent.js';
import { resolveTargets } from '../../../../plan/resolve.js';
import { answerQuery } from '../../../answer.js';
import type { Understanding } from '../../../brain/brain.js';
import { EmbeddedBrain } from '../../../brain/embedded-brain.js';
import { renderGraphAnswer } from '../../../graph-answer.js';
import type { ReceivedRequest, ScriptedTurn } from '../../testing/scripted-turn.js';
import { TOOL } from '../prompt.js';
import { readsAsQuestion } from '../request-reading.js';

/** What the planner oracle needs to read the request against the cloud as it is now. */
export interface PlannerOracleOptions {
  readonly request: string;
  /** Where the oracle reads the cloud (the gym); its reads are not the agent's. */
  readonly endpoint: string;
  /** Keys for that endpoint (default: the gym's dummy keys for a local endpoint). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly region?: string;
}

/** A competent planner model, scripted: what the embedded brain made of the request, and the reply to each model request. */
export interface PlannerOracle {
  readonly understanding: Understanding;
  /** The next turn, given what the mock provider server received (the conversation so far). */
  reply(request: ReceivedRequest): ScriptedTurn;
}

/**
 * Plays a competent model for the LLM planner brain (`--brain scripted --agent planner`), for CI: the
 * embedded brain reads the request against the cloud as it is now, and the oracle answers the planner's
 * tools with that reading — a change: `propose_plan` with the embedded brain's intent; a question:
 * `query_inventory` for the kind it asks about, then `answer` with the answer read from the inventory
 * (or `propose_plan` of the query when the request does not read as a question, which the planner
 * would not accept an answer for); an ambiguous request: `clarify`. A proposal the planner rejects
 * ends the run with `clarify` quoting why. The oracle is not a model: it measures the agent path.
 * Use as `startMockProviderServer({ script: (request) => oracle.reply(request) })`.
 */
export async function createPlannerOracle(options: PlannerOracleOptions): Promise<PlannerOracle> {
  const clients = createCloudClients({ endpoint: options.endpoint, ...(options.region ? { region: options.region } : {}), ...(options.credentials ? { credentials: options.credentials } : {}) });
  let inventory: Inventory;
  try {
    inventory = await readInventory(clients);
  } finally {
    clients.ec2.destroy();
    clients.elbv2.destroy();
    clients.cloudformation.destroy();
  }
  const resources = allResources(inventory).map((resource) => ({ kind: resource.kind, id: resource.id, name: resource.name }));
  const understanding = await new EmbeddedBrain().understand(options.request, { resources, inventory });
  const question = readsAsQuestion(options.request);
  return {
    understanding,
    reply: (request) => {
      const results = request.messages.flatMap((message) => message.toolResults);
      // An accepted proposal ends the planner's run, so being asked again after one means it was rejected:
      // a competent model then asks the person, quoting why.
      if (request.messages.flatMap((message) => message.toolCalls).at(-1)?.name === TOOL.propose) {
        return call(TOOL.clarify, { question: `I could not make a valid plan: ${clip(results.at(-1)?.content ?? 'the proposal was rejected', 400)}` });
      }
      return turnFor(understanding, options.request, question, results.length, inventory);
    },
  };
}

/** The turn for what the embedded brain understood, `done` tool results into the conversation. */
function turnFor(understanding: Understanding, request: string, question: boolean, done: number, inventory: Inventory): ScriptedTurn {
  switch (understanding.type) {
    case 'answer':
      return call(TOOL.answer, { text: understanding.text });
    case 'clarify':
      return call(TOOL.clarify, { question: understanding.question, ...(understanding.options?.length ? { options: understanding.options } : {}) });
    case 'not-understood':
      return call(TOOL.clarify, { question: `I am not sure what to do: ${clip(understanding.message, 400)}` });
    case 'intent': {
      const intent = understanding.intent;
      if (intent.type !== 'query') return call(TOOL.propose, { intent });
      if (done === 0) return call(TOOL.query, intent.targets ? { kind: intent.targets.kind } : {});
      return question ? call(TOOL.answer, { text: queryAnswer(intent, inventory) }) : call(TOOL.propose, { intent });
    }
  }
  return { text: `I cannot help with: ${request}` };
}

function queryAnswer(intent: Extract<Intent, { type: 'query' }>, inventory: Inventory): string {
  const resolved = intent.targets ? resolveTargets(inventory, intent.targets, 'read') : undefined;
  const ids = resolved?.type === 'found' ? resolved.resources.map((resource) => resource.id) : undefined;
  const graph = (source: Inventory) => renderGraphAnswer(source, intent.format ?? 'text', ids);
  return answerQuery(intent, inventory, intent.targets?.kind === 'instance' ? ids : undefined, graph).text.slice(0, 4000);
}

function call(name: string, args: unknown): ScriptedTurn {
  return { toolCalls: [{ name, arguments: args }] };
}

function clip(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 3)}...` : flat;
}
