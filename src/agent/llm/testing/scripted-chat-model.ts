import type { ChatModel, ChatRequest, ModelTurn, ToolCall } from '../types.js';

/** A turn for the in-memory model: text and tool calls; the rest is filled in. */
export interface ScriptedModelTurn {
  readonly text?: string;
  readonly toolCalls?: readonly { readonly name: string; readonly arguments?: unknown; readonly rawArguments?: string; readonly id?: string }[];
  readonly finishReason?: ModelTurn['finishReason'];
  readonly usage?: ModelTurn['usage'];
}

/**
 * An in-memory `ChatModel` that replays scripted turns, for unit tests that need a model but not HTTP.
 * It records every request; when the script runs out it throws, because that is a bug in the test.
 */
export class ScriptedChatModel implements ChatModel {
  readonly requests: ChatRequest[] = [];
  private readonly queue: ScriptedModelTurn[];
  private calls = 0;

  constructor(
    script: readonly ScriptedModelTurn[] | ((request: ChatRequest) => ScriptedModelTurn),
    readonly id = 'scripted:model',
  ) {
    this.queue = Array.isArray(script) ? [...script] : [];
    this.chooser = typeof script === 'function' ? script : undefined;
  }

  private readonly chooser: ((request: ChatRequest) => ScriptedModelTurn) | undefined;

  /** Replays the next turn. */
  async complete(request: ChatRequest): Promise<ModelTurn> {
    this.requests.push(request);
    const turn = this.chooser?.(request) ?? this.queue.shift();
    if (!turn) throw new Error(`ScriptedChatModel ${this.id}: no scripted turn left for request ${this.requests.length}`);
    this.calls++;
    const toolCalls: ToolCall[] = (turn.toolCalls ?? []).map((call, index) => {
      const rawArguments = call.rawArguments ?? JSON.stringify(call.arguments ?? {});
      return { id: call.id ?? `call_${this.calls}_${index + 1}`, name: call.name, arguments: parseOrUndefined(rawArguments), rawArguments };
    });
    const text = turn.text ?? '';
    return {
      text,
      toolCalls,
      finishReason: turn.finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop'),
      usage: turn.usage ?? { inputTokens: Math.ceil(JSON.stringify(request).length / 4), outputTokens: Math.ceil((text.length + JSON.stringify(toolCalls).length) / 4) },
    };
  }
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
