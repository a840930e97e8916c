import type { LanguageModel, ModelMessage, ToolSet } from 'ai';
import { describeProviderFailure, type ProviderHints } from './provider-failure.js';
import type { ChatMessage, ChatModel, ChatRequest, ModelTurn, ToolCall, ToolSpec } from './types.js';

/** How the adapter calls the AI SDK. */
export interface AiSdkChatModelOptions {
  /** Retries of a failed call (429, 5xx, dropped connection), with the SDK's exponential backoff. */
  readonly maxRetries: number;
  /** What to say about this provider in errors: its name, base URL and the variables that configure it. */
  readonly hints: ProviderHints;
}

/**
 * A `ChatModel` over one AI SDK language model: Cirro's messages and tool specs become AI SDK messages
 * and tools without `execute` (Cirro runs tools itself), and the SDK's result becomes a `ModelTurn`.
 * Malformed tool arguments never throw: the call keeps its raw text and `arguments` is undefined.
 * Failed calls throw an `LlmError` naming the provider, the problem and the fix.
 */
export class AiSdkChatModel implements ChatModel {
  /** The provider's API root. */
  readonly endpoint: string;
  private model: Promise<LanguageModel> | undefined;

  /** `load` builds the provider's model on first use, so loading the AI SDK is paid only by runs that call a model. */
  constructor(
    readonly id: string,
    private readonly load: () => Promise<LanguageModel>,
    private readonly options: AiSdkChatModelOptions,
  ) {
    this.endpoint = options.hints.baseUrl;
  }

  /** Sends one request and maps the reply. */
  async complete(request: ChatRequest): Promise<ModelTurn> {
    const ai = await import('ai');
    const { generateText, jsonSchema } = ai;
    this.model ??= this.load();
    const tools = request.tools && request.tools.length > 0 ? toolSet(request.tools, jsonSchema) : undefined;
    try {
      const result = await generateText({
        model: await this.model,
        instructions: request.system,
        messages: request.messages.map(toModelMessage),
        ...(tools ? { tools, toolChoice: toolChoice(request.toolChoice) } : {}),
        ...(request.maxOutputTokens !== undefined ? { maxOutputTokens: request.maxOutputTokens } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
        ...(request.signal ? { abortSignal: request.signal } : {}),
        maxRetries: this.options.maxRetries,
      });
      return {
        text: result.text,
        toolCalls: result.toolCalls.map((call) => toToolCall(call.toolCallId, call.toolName, call.input, (call as { invalid?: boolean }).invalid === true)),
        finishReason: result.finishReason === 'interrupted' ? 'other' : result.finishReason,
        usage: { inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0 },
      };
    } catch (error) {
      throw describeProviderFailure(error, this.options.hints, this.options.maxRetries, ai);
    }
  }
}

function toolSet(specs: readonly ToolSpec[], jsonSchema: typeof import('ai').jsonSchema): ToolSet {
  const tools: ToolSet = {};
  for (const spec of specs) {
    tools[spec.name] = { description: spec.description, inputSchema: jsonSchema(spec.parameters as Parameters<typeof jsonSchema>[0]) };
  }
  return tools;
}

function toolChoice(choice: ChatRequest['toolChoice']): 'auto' | 'required' | { type: 'tool'; toolName: string } {
  if (choice === undefined || choice === 'auto') return 'auto';
  if (choice === 'required') return 'required';
  return { type: 'tool', toolName: choice.tool };
}

/** Cirro's message as the AI SDK's; a tool call whose arguments did not parse is replayed with `{}`. */
function toModelMessage(message: ChatMessage): ModelMessage {
  switch (message.role) {
    case 'user':
      return { role: 'user', content: message.content };
    case 'assistant': {
      const calls = message.toolCalls ?? [];
      if (calls.length === 0) return { role: 'assistant', content: message.content };
      return {
        role: 'assistant',
        content: [
          ...(message.content ? [{ type: 'text' as const, text: message.content }] : []),
          ...calls.map((call) => ({
            type: 'tool-call' as const,
            toolCallId: call.id,
            toolName: call.name,
            input: isRecord(call.arguments) ? call.arguments : {},
          })),
        ],
      };
    }
    case 'tool':
      return {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: message.toolCallId, toolName: message.toolName, output: { type: 'text', value: message.content } }],
      };
  }
}

/**
 * The SDK hands back parsed input for a valid call and, for an invalid one, the parsed JSON or the raw
 * text. A JSON string (what a model or proxy sends when it double-encodes) is unwrapped once.
 */
function toToolCall(id: string, name: string, input: unknown, invalid: boolean): ToolCall {
  if (typeof input === 'string') return { id, name, rawArguments: input, arguments: parseOrUndefined(input) };
  if (invalid && !isRecord(input)) return { id, name, rawArguments: JSON.stringify(input), arguments: undefined };
  return { id, name, rawArguments: JSON.stringify(input ?? {}), arguments: input ?? {} };
}

function parseOrUndefined(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
