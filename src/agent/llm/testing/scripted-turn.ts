/**
 * What a scripted model says next, and what the mock provider server saw, in terms that do not depend
 * on the provider's wire format: the same script drives the OpenAI and the Anthropic endpoint.
 */

/** One tool call a scripted turn makes. */
export interface ScriptedToolCall {
  readonly name: string;
  /** The arguments, sent as JSON. Ignored when `rawArguments` is given. */
  readonly arguments?: unknown;
  /** Argument text sent verbatim, e.g. malformed JSON (`'{"name": "web-1",'`) to test recovery. */
  readonly rawArguments?: string;
  /** The call id; made up (`call_1`, `toolu_1`, …) when absent. */
  readonly id?: string;
}

/** A model turn to replay, or an HTTP error to answer with. */
export interface ScriptedTurn {
  readonly text?: string;
  readonly toolCalls?: readonly ScriptedToolCall[];
  /** Why the model stopped; derived from the content when absent (tool calls → tool-calls). */
  readonly finishReason?: 'stop' | 'tool-calls' | 'length';
  /** Token counts to report; estimated from the request and reply sizes (4 characters a token) when absent. */
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
  /** Answer with this HTTP status and the provider's error body instead of a turn. */
  readonly errorStatus?: number;
  readonly errorMessage?: string;
  /** Sent as `retry-after-ms` with an error, so the client's retry waits this long. */
  readonly retryAfterMs?: number;
}

/** A message of a received request, with the provider's wire details taken out. */
export interface ReceivedMessage {
  readonly role: 'user' | 'assistant' | 'tool';
  /** The text content (text blocks joined). */
  readonly text: string;
  readonly toolCalls: readonly { readonly id: string; readonly name: string; readonly rawArguments: string }[];
  /** Tool results this message carries (an OpenAI `tool` message or Anthropic `tool_result` blocks). */
  readonly toolResults: readonly { readonly toolCallId: string; readonly content: string }[];
}

/** One request the mock server received: the neutral view a script sees, plus the raw wire form. */
export interface ReceivedRequest {
  readonly api: 'openai' | 'anthropic';
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Header names in lowercase. */
  readonly headers: Readonly<Record<string, string>>;
  /** The request body exactly as parsed from JSON. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly model: string;
  readonly system: string;
  readonly messages: readonly ReceivedMessage[];
  /** Names of the tools offered. */
  readonly tools: readonly string[];
  readonly stream: boolean;
}

/** A script: a queue of turns played in order, or a function choosing the turn from the request. */
export type ProviderScript = readonly ScriptedTurn[] | ((request: ReceivedRequest) => ScriptedTurn);

/** Rough token count of a text, 4 characters a token (the usual rule of thumb for English and JSON). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The finish reason a turn reports: as scripted, else tool-calls when it calls tools, else stop. */
export function finishOf(turn: ScriptedTurn): 'stop' | 'tool-calls' | 'length' {
  return turn.finishReason ?? ((turn.toolCalls?.length ?? 0) > 0 ? 'tool-calls' : 'stop');
}

/** The argument text a scripted call sends. */
export function argumentText(call: ScriptedToolCall): string {
  return call.rawArguments ?? JSON.stringify(call.arguments ?? {});
}
