/**
 * The one interface every LLM provider is used through. Providers (OpenAI-compatible endpoints,
 * Anthropic) implement `ChatModel`; the planner brain, the modality agents and the benchmark only see
 * this, so a scripted model and a hosted one are interchangeable.
 */

/** A tool the model may call: a name, what it does, and a JSON Schema for its arguments. */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  /** A JSON Schema object (`{ type: 'object', properties, required }`). */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/**
 * One tool call the model made. `arguments` is what the model sent, parsed as JSON when it parses to an
 * object (tool arguments are always an object); otherwise it is undefined and `rawArguments` has the text.
 */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: unknown;
  /** The raw argument text, kept so malformed JSON can be fed back to the model. */
  readonly rawArguments: string;
}

/** A message of the conversation, provider-neutral. */
export type ChatMessage =
  | { readonly role: 'user'; readonly content: string }
  | { readonly role: 'assistant'; readonly content: string; readonly toolCalls?: readonly ToolCall[] }
  | { readonly role: 'tool'; readonly toolCallId: string; readonly toolName: string; readonly content: string };

/** What one request to the model asks for. */
export interface ChatRequest {
  readonly system: string;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ToolSpec[];
  /** 'required' makes the model call a tool (used for structured output); default 'auto'. */
  readonly toolChoice?: 'auto' | 'required' | { readonly tool: string };
  readonly maxOutputTokens?: number;
  readonly temperature?: number;
  readonly signal?: AbortSignal;
}

/** Tokens one turn used, as the provider reported them. */
export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/** One model turn: its text, its tool calls, why it stopped, and what it cost in tokens. */
export interface ModelTurn {
  readonly text: string;
  readonly toolCalls: readonly ToolCall[];
  readonly finishReason: 'stop' | 'tool-calls' | 'length' | 'content-filter' | 'error' | 'other';
  readonly usage: TokenUsage;
}

/** A chat model behind one provider, named `provider:model` (`openai:gpt-4o-mini`, `anthropic:claude-…`). */
export interface ChatModel {
  /** `provider:model`, as the user chose it. */
  readonly id: string;
  /** Where requests go (the API root), when there is such a place; a loopback address means a local, free model. */
  readonly endpoint?: string;
  complete(request: ChatRequest): Promise<ModelTurn>;
}
