import type { ReceivedMessage, ScriptedTurn } from './scripted-turn.js';
import { argumentText, finishOf } from './scripted-turn.js';

/**
 * The OpenAI Chat Completions wire format as the mock provider server speaks it: request bodies read
 * into the neutral view, scripted turns written as `chat.completion` objects or `chat.completion.chunk`
 * server-sent events, errors as `{ error: { message, type, param, code } }`.
 */

type Json = Record<string, unknown>;

/** Reads the system text, messages and tool names out of a chat completions request body. */
export function readOpenAiRequest(body: Json): { system: string; messages: ReceivedMessage[]; tools: string[] } {
  const system: string[] = [];
  const messages: ReceivedMessage[] = [];
  for (const raw of asArray(body['messages'])) {
    const message = raw as Json;
    const role = String(message['role']);
    const text = contentText(message['content']);
    if (role === 'system' || role === 'developer') {
      system.push(text);
    } else if (role === 'tool') {
      messages.push({ role: 'tool', text, toolCalls: [], toolResults: [{ toolCallId: String(message['tool_call_id']), content: text }] });
    } else {
      const toolCalls = asArray(message['tool_calls']).map((call) => {
        const functionCall = ((call as Json)['function'] ?? {}) as Json;
        return { id: String((call as Json)['id']), name: String(functionCall['name']), rawArguments: String(functionCall['arguments'] ?? '') };
      });
      messages.push({ role: role === 'assistant' ? 'assistant' : 'user', text, toolCalls, toolResults: [] });
    }
  }
  const tools = asArray(body['tools']).map((tool) => String((((tool as Json)['function'] ?? {}) as Json)['name']));
  return { system: system.join('\n'), messages, tools };
}

const FINISH = { stop: 'stop', 'tool-calls': 'tool_calls', length: 'length' } as const;

/** A complete `chat.completion` response for a scripted turn. */
export function openAiCompletion(turn: ScriptedTurn, model: string, id: string, usage: { inputTokens: number; outputTokens: number }): Json {
  const toolCalls = (turn.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_${id}_${index + 1}`,
    type: 'function',
    function: { name: call.name, arguments: argumentText(call) },
  }));
  return {
    id: `chatcmpl-${id}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{
      index: 0,
      message: { role: 'assistant', content: turn.text ?? null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}), refusal: null },
      logprobs: null,
      finish_reason: FINISH[finishOf(turn)],
    }],
    usage: { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens },
  };
}

/** The same turn as the `data:` payloads of a streamed response, ending with `[DONE]`. */
export function openAiChunks(turn: ScriptedTurn, model: string, id: string, usage: { inputTokens: number; outputTokens: number }, includeUsage: boolean): string[] {
  const base = { id: `chatcmpl-${id}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
  const chunk = (delta: Json, finishReason: string | null = null): string =>
    JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
  const chunks = [chunk({ role: 'assistant', content: '' })];
  if (turn.text) chunks.push(chunk({ content: turn.text }));
  (turn.toolCalls ?? []).forEach((call, index) => {
    chunks.push(chunk({ tool_calls: [{ index, id: call.id ?? `call_${id}_${index + 1}`, type: 'function', function: { name: call.name, arguments: '' } }] }));
    chunks.push(chunk({ tool_calls: [{ index, function: { arguments: argumentText(call) } }] }));
  });
  chunks.push(chunk({}, FINISH[finishOf(turn)]));
  if (includeUsage) {
    chunks.push(JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens } }));
  }
  chunks.push('[DONE]');
  return chunks;
}

/** An error body as OpenAI sends it for the given status. */
export function openAiError(status: number, message: string): Json {
  const type = status === 401 ? 'invalid_request_error' : status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  const code = status === 401 ? 'invalid_api_key' : status === 429 ? 'rate_limit_exceeded' : null;
  return { error: { message, type, param: null, code } };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((part) => ((part as Json)['type'] === 'text' ? String((part as Json)['text']) : ''))
    .join('');
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
