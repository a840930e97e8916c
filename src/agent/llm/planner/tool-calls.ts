import type { z } from 'zod';
import type { Intent } from '../../../plan/intent.js';
import { resolveTargets } from '../../../plan/resolve.js';
import type { BrainContext, Understanding } from '../../brain/brain.js';
import { describeIntent } from '../../brain/describe.js';
import { toolOutputForModel } from '../context-budget.js';
import type { ToolCall } from '../types.js';
import { describeIssues, proposalSchema } from './intent-schema.js';
import { answerArgumentsSchema, clarifyArgumentsSchema, TOOL } from './prompt.js';
import { describeArgumentsSchema, describeOne, queryArgumentsSchema, queryInventory, type ReadToolResult } from './read-tools.js';
import { targetsIn } from './scope.js';

/** What handling one tool call gave: the tool result for the model, and whether it ended the run or was invalid. */
export interface ToolOutcome {
  readonly content: string;
  readonly understanding?: Understanding;
  /** Why the call was rejected (counts toward the retry bound). */
  readonly invalid?: string;
}

/** What a tool call is handled against. */
export interface ToolCallContext {
  readonly request: string;
  readonly question: boolean;
  readonly context: BrainContext;
  readonly modelId: string;
  readonly resultBudget: number;
}

/** Runs one tool call: validates it, and either ends the run (plan, question, answer) or returns data. */
export async function handleToolCall(call: ToolCall, at: ToolCallContext): Promise<ToolOutcome> {
  switch (call.name) {
    case TOOL.propose:
      return propose(call, at);
    case TOOL.clarify: {
      const args = parse(call, clarifyArgumentsSchema);
      if (!args.ok) return rejected(args.error);
      return { content: 'The question goes to the user.', understanding: { type: 'clarify', question: args.value.question, ...(args.value.options?.length ? { options: args.value.options } : {}) } };
    }
    case TOOL.answer: {
      const args = parse(call, answerArgumentsSchema);
      if (!args.ok) return rejected(args.error);
      if (!at.question) {
        return { content: 'Noted.', understanding: { type: 'not-understood', message: `The model (${at.modelId}) answered instead of proposing a change: "${args.value.text}". Nothing was changed.` } };
      }
      return { content: 'The answer goes to the user.', understanding: { type: 'answer', text: args.value.text } };
    }
    case TOOL.query:
    case TOOL.describe:
      return read(call, at);
    default:
      return rejected(`there is no tool '${call.name}'. The tools are ${Object.values(TOOL).join(', ')}; the cloud changes only through a plan proposed with ${TOOL.propose}, which Cirro checks before anything runs`);
  }
}

async function propose(call: ToolCall, at: ToolCallContext): Promise<ToolOutcome> {
  const args = parse(call, proposalSchema);
  if (!args.ok) return rejected(args.error);
  const intent = args.value.intent;
  const unknown = unresolvedTargets(intent, at.context);
  if (unknown) return rejected(unknown);
  const refused = await at.context.tryIntent?.(intent);
  if (refused) return rejected(`the plan cannot be built: ${refused}`);
  return { content: 'Accepted; Cirro checks the plan next.', understanding: { type: 'intent', intent, understood: describeIntent(intent), notes: [`proposed by the model ${at.modelId}`] } };
}

/** Why a target the intent names is not in the inventory, or undefined when all resolve. */
function unresolvedTargets(intent: Intent, context: BrainContext): string | undefined {
  if (!context.inventory) return undefined;
  const purpose = intent.type === 'query' ? 'read' : 'change';
  for (const target of targetsIn(intent)) {
    const resolution = resolveTargets(context.inventory, target, purpose);
    if (resolution.type === 'not-found') return `${resolution.message}${resolution.suggestions.length ? ` (did you mean ${resolution.suggestions.join(', ')}?)` : ''}; use names and ids from the inventory`;
    if (resolution.type === 'ambiguous') return `${resolution.message}: ${resolution.candidates.map((candidate) => candidate.id).join(', ')}; select one by id`;
  }
  return undefined;
}

function read(call: ToolCall, at: ToolCallContext): ToolOutcome {
  const inventory = at.context.inventory;
  if (!inventory) return rejected('the inventory is not available in this run');
  let result: ReadToolResult;
  if (call.name === TOOL.query) {
    const args = parse(call, queryArgumentsSchema);
    if (!args.ok) return rejected(args.error);
    result = queryInventory(inventory, args.value);
  } else {
    const args = parse(call, describeArgumentsSchema);
    if (!args.ok) return rejected(args.error);
    result = describeOne(inventory, args.value);
  }
  if (!result.ok) return { content: `Error: ${result.error}` };
  return { content: toolOutputForModel(JSON.stringify(result.data), { toolName: call.name, budgetTokens: at.resultBudget }) };
}

function rejected(error: string): ToolOutcome {
  return { content: `Rejected: ${error}. Fix this and call again.`, invalid: error };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A call's arguments checked against a tool's schema; malformed JSON and schema issues both named. */
function parse<S extends z.ZodType>(call: ToolCall, schema: S): Parsed<z.infer<S>> {
  if (call.arguments === undefined) {
    let problem = 'they are not a JSON object';
    try {
      JSON.parse(call.rawArguments);
    } catch (error) {
      problem = `they are not valid JSON (${(error as Error).message})`;
    }
    return { ok: false, error: `the arguments of ${call.name} could not be read: ${problem}` };
  }
  const checked = schema.safeParse(call.arguments);
  if (!checked.success) return { ok: false, error: `the arguments of ${call.name} do not fit its schema: ${describeIssues(checked.error).join('; ')}` };
  return { ok: true, value: checked.data };
}
