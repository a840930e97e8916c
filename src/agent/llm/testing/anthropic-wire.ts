import type { ReceivedMessage, ScriptedTurn } from './scripted-turn.js';
import { argumentText, finishOf } from './scripted-turn.js';

/**
 * The Anthropic Messages wire format as the mock provider server speaks it: request bodies read into
 * the neutral view, scripted turns written as `message` objects (`text` and `tool_use` blocks) or as
 * the server-sent event stream, errors as `{ type: 'error', error: { type, message } }`.
 */

type Json = Record<string, unknown>;

/** Reads the system text, messages and tool names out of a messages request body. */
export function readAnthropicRequest(body: Json): { system: string; messages: ReceivedMessage[]; tools: string[] } {
  const system = typeof body['system'] === 'string' ? body['system'] : blocks(body['system']).map((block) => String(block['text'] ?? '')).join('\n');
  const messages: ReceivedMessage[] = asArray(body['messages']).map((raw) => {
    const message = raw as Json;
    const content = typeof message['content'] === 'string' ? [{ type: 'text', text: message['content'] }] : blocks(message['content']);
    const text = content.filter((block) => block['type'] === 'text').map((block) => String(block['text'])).join('');
    const toolCalls = content
      .filter((block) => block['type'] === 'tool_use')
      .map((block) => ({ id: String(block['id']), name: String(block['name']), rawArguments: JSON.stringify(block['input'] ?? {}) }));
    const toolResults = content
      .filter((block) => block['type'] === 'tool_result')
      .map((block) => ({ toolCallId: String(block['tool_use_id']), content: resultText(block['content']) }));
    const role = message['role'] === 'assistant' ? 'assistant' : toolResults.length > 0 ? 'tool' : 'user';
    return { role, text, toolCalls, toolResults };
  });
  const tools = asArray(body['tools']).map((tool) => String((tool as Json)['name']));
  return { system, messages, tools };
}

const STOP = { stop: 'end_turn', 'tool-calls': 'tool_use', length: 'max_tokens' } as const;

/** The content blocks of a scripted turn. Malformed argument text is sent as a string `input`. */
function contentBlocks(turn: ScriptedTurn, id: string): Json[] {
  const content: Json[] = [];
  if (turn.text) content.push({ type: 'text', text: turn.text });
  (turn.toolCalls ?? []).forEach((call, index) => {
    content.push({ type: 'tool_use', id: call.id ?? `toolu_${id}_${index + 1}`, name: call.name, input: parsedOrRaw(argumentText(call)) });
  });
  return content;
}

/** A complete `message` response for a scripted turn. */
export function anthropicMessage(turn: ScriptedTurn, model: string, id: string, usage: { inputTokens: number; outputTokens: number }): Json {
  return {
    id: `msg_${id}`,
    type: 'message',
    role: 'assistant',
    model,
    content: contentBlocks(turn, id),
    stop_reason: STOP[finishOf(turn)],
    stop_sequence: null,
    usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
  };
}

/** The same turn as named server-sent events (`message_start` … `message_stop`). */
export function anthropicEvents(turn: ScriptedTurn, model: string, id: string, usage: { inputTokens: number; outputTokens: number }): { event: string; data: string }[] {
  const events: { event: string; data: string }[] = [];
  const emit = (event: string, data: Json): void => {
    events.push({ event, data: JSON.stringify({ type: event, ...data }) });
  };
  emit('message_start', {
    message: { id: `msg_${id}`, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.inputTokens, output_tokens: 1 } },
  });
  let index = 0;
  if (turn.text) {
    emit('content_block_start', { index, content_block: { type: 'text', text: '' } });
    emit('content_block_delta', { index, delta: { type: 'text_delta', text: turn.text } });
    emit('content_block_stop', { index });
    index++;
  }
  (turn.toolCalls ?? []).forEach((call, callIndex) => {
    emit('content_block_start', { index, content_block: { type: 'tool_use', id: call.id ?? `toolu_${id}_${callIndex + 1}`, name: call.name, input: {} } });
    emit('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: argumentText(call) } });
    emit('content_block_stop', { index });
    index++;
  });
  emit('message_delta', { delta: { stop_reason: STOP[finishOf(turn)], stop_sequence: null }, usage: { output_tokens: usage.outputTokens } });
  emit('message_stop', {});
  return events;
}

/** An error body as Anthropic sends it for the given status. */
export function anthropicError(status: number, message: string): Json {
  const type =
    status === 401 ? 'authentication_error'
    : status === 403 ? 'permission_error'
    : status === 404 ? 'not_found_error'
    : status === 429 ? 'rate_limit_error'
    : status === 529 ? 'overloaded_error'
    : status >= 500 ? 'api_error'
    : 'invalid_request_error';
  return { type: 'error', error: { type, message } };
}

function parsedOrRaw(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  return blocks(content).map((block) => String(block['text'] ?? '')).join('');
}

function blocks(value: unknown): Json[] {
  return asArray(value).filter((item): item is Json => typeof item === 'object' && item !== null);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
