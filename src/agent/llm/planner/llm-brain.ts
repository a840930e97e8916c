import type { Inventory } from '../../../cloud/inventory.js';
import type { Plan } from '../../../plan/plan.js';
import type { Brain, BrainContext, ScopeVerdict, Understanding } from '../../brain/brain.js';
import { EmbeddedBrain } from '../../brain/embedded-brain.js';
import type { ChatMessage, ChatModel, ToolCall } from '../types.js';
import { inventoryView } from './inventory-view.js';
import { firstMessage, plannerTools, SYSTEM_PROMPT } from './prompt.js';
import { handleToolCall, type ToolOutcome } from './tool-calls.js';
import { readsAsQuestion } from './request-reading.js';
import { reviewScope } from './scope.js';

/** How the planner brain talks to its model. */
export interface LlmBrainOptions {
  readonly model: ChatModel;
  /** The independent reading for the scope check; default the embedded brain. */
  readonly reference?: Brain;
  /** Model turns before it is stopped (default 8). */
  readonly maxTurns?: number;
  /** Rejected proposals (and other invalid calls) before it gives up (default 3). */
  readonly maxInvalid?: number;
  /** Tokens the inventory view may take in the first message (default 1,600). */
  readonly inventoryBudget?: number;
  /** Tokens one tool result may take (default 600). */
  readonly toolResultBudget?: number;
}

/**
 * The LLM planner: shows the model the request and a budgeted view of the inventory, and takes its
 * answer only through tools — `propose_plan` (an intent, validated by zod, by the inventory's names
 * and by the plan builder, with errors fed back up to `maxInvalid` times), `clarify`, `answer`, and the
 * read-only `query_inventory` and `describe`. A repeated call or too many turns stops it. The plan made
 * from its intent is then held to the request by `review` (the scope check) before the guard sees it.
 * Token use is counted and redaction applied around the model (UsageMeter.wrap, redactingChatModel).
 */
export class LlmBrain implements Brain {
  private readonly reference: Brain;
  private readonly tools = plannerTools();

  constructor(private readonly options: LlmBrainOptions) {
    this.reference = options.reference ?? new EmbeddedBrain();
  }

  /** Asks the model for an intent (or an answer, or a question back). */
  async understand(request: string, context: BrainContext): Promise<Understanding> {
    const maxTurns = this.options.maxTurns ?? 8;
    const maxInvalid = this.options.maxInvalid ?? 3;
    const question = readsAsQuestion(request);
    const view = context.inventory ? inventoryView(context.inventory, this.options.inventoryBudget ?? 1600).text : context.resources.map((resource) => `${resource.kind} ${resource.id}${resource.name ? ` ${resource.name}` : ''}`).join('\n');
    const messages: ChatMessage[] = [{ role: 'user', content: firstMessage(view, request) }];
    const seen = new Set<string>();
    let invalid = 0;
    let lastError = '';
    for (let turn = 1; turn <= maxTurns; turn++) {
      const reply = await this.options.model.complete({ system: SYSTEM_PROMPT, messages: [...messages], tools: this.tools, toolChoice: 'auto', temperature: 0, maxOutputTokens: 1024 });
      if (reply.toolCalls.length === 0) {
        if (question && reply.text.trim()) return { type: 'answer', text: reply.text.trim() };
        invalid++;
        lastError = reply.text.trim() ? `it replied in prose instead of calling a tool: "${clip(reply.text)}"` : 'it replied with nothing';
        if (invalid >= maxInvalid) return gaveUp(this.options.model.id, maxInvalid, lastError);
        messages.push({ role: 'assistant', content: reply.text }, { role: 'user', content: 'Reply by calling a tool: propose_plan for a change, answer for a question, clarify if the request is ambiguous.' });
        continue;
      }
      messages.push({ role: 'assistant', content: reply.text, toolCalls: reply.toolCalls });
      let outcome: Understanding | undefined;
      for (const call of reply.toolCalls) {
        const key = `${call.name} ${canonical(call)}`;
        if (seen.has(key)) return stopped(this.options.model.id, `it repeated the same call (${call.name} ${clip(call.rawArguments, 120)}) on turn ${turn}`);
        seen.add(key);
        const handled: ToolOutcome = outcome
          ? { content: 'Not run: an earlier call in this turn already ended the run.' }
          : await handleToolCall(call, { request, question, context, modelId: this.options.model.id, resultBudget: this.options.toolResultBudget ?? 600 });
        messages.push({ role: 'tool', toolCallId: call.id, toolName: call.name, content: handled.content });
        if (handled.understanding) outcome = handled.understanding;
        if (handled.invalid) {
          invalid++;
          lastError = handled.invalid;
        }
      }
      if (outcome) return outcome;
      if (invalid >= maxInvalid) return gaveUp(this.options.model.id, maxInvalid, lastError);
    }
    return stopped(this.options.model.id, `it did not finish within ${maxTurns} turns`);
  }

  /** The scope check: the plan made from the model's intent may not go beyond the request. */
  review(request: string, plan: Plan, inventory: Inventory): Promise<ScopeVerdict> {
    return reviewScope(request, plan, inventory, this.reference);
  }
}

function gaveUp(model: string, tries: number, error: string): Understanding {
  return { type: 'not-understood', message: `The model (${model}) did not produce a valid plan in ${tries} tries; the last problem: ${error}. Nothing was changed; rephrase the request, or run without --model to use the embedded brain.` };
}

function stopped(model: string, why: string): Understanding {
  return { type: 'not-understood', message: `The model (${model}) was stopped: ${why}. Nothing was changed; rephrase the request, or run without --model to use the embedded brain.` };
}

/** A call's arguments in a stable form, so the same call written twice is seen as one. */
function canonical(call: ToolCall): string {
  if (call.arguments === undefined) return call.rawArguments.trim();
  const sort = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sort);
    if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sort((value as Record<string, unknown>)[key])]));
    return value;
  };
  return JSON.stringify(sort(call.arguments));
}

function clip(text: string, length = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 3)}...` : flat;
}
