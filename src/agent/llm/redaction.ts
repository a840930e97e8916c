import type { ChatMessage, ChatModel, ChatRequest, ModelTurn, ToolCall } from './types.js';

/** The kinds of value redaction hides, and the placeholder word each gets (`<ip-1>`, `<account-2>`, `<secret-1>`). */
type Kind = 'ip' | 'account' | 'secret';

// Order matters: secrets first (an access key's digits must not become an account id), then accounts, then IPs.
const RULES: readonly { readonly kind: Kind; readonly pattern: RegExp; readonly group?: number }[] = [
  // AWS access key ids (long-term AKIA, temporary ASIA) and well-known API key shapes.
  { kind: 'secret', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { kind: 'secret', pattern: /\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|xox[abpr]-[A-Za-z0-9-]{10,})/g },
  // An AWS secret access key: 40 characters of base64 with upper case, lower case and a digit (a hex hash has no upper case).
  { kind: 'secret', pattern: /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+=]*[A-Z])(?=[A-Za-z0-9/+=]*[a-z])(?=[A-Za-z0-9/+=]*\d)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/g },
  // The value of `password=…`, `"secret": "…"`, `token: …` and the like.
  { kind: 'secret', pattern: /((?:password|passwd|secret|token|api[_-]?key|private[_-]?key)["']?\s*[:=]\s*["']?)([^\s"',;}]{6,})/gi, group: 2 },
  // Twelve-digit account ids, alone or inside ARNs (`arn:aws:iam::123456789012:role/x`).
  { kind: 'account', pattern: /(?<![0-9A-Za-z])[0-9]{12}(?![0-9A-Za-z])/g },
  // IPv4 addresses, except the unspecified and broadcast addresses, which say something but reveal nothing.
  { kind: 'ip', pattern: /(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(?![0-9]|\.[0-9])/g },
];

const KEEP = new Set(['0.0.0.0', '255.255.255.255']);
const PLACEHOLDER = /<(ip|account|secret)-(\d+)>/g;
const IS_PLACEHOLDER = /^<(ip|account|secret)-\d+>$/;

/**
 * Replaces IPv4 addresses, account ids and secrets with stable placeholders and puts them back. One
 * redactor per run: the same value always gets the same placeholder, so a conversation stays coherent
 * and the model can refer to `<ip-2>` in a later turn or a tool call.
 */
export class Redactor {
  private readonly placeholders = new Map<string, string>();
  private readonly originals = new Map<string, string>();
  private readonly counts: Record<Kind, number> = { ip: 0, account: 0, secret: 0 };

  /** The text with every sensitive value replaced by its placeholder. */
  redact(text: string): string {
    let result = text;
    for (const rule of RULES) {
      result = result.replace(rule.pattern, (match: string, ...groups: unknown[]) => {
        if (rule.group === undefined) return KEEP.has(match) ? match : this.placeholderFor(rule.kind, match);
        const prefix = String(groups[0]);
        const value = String(groups[rule.group - 1]);
        if (IS_PLACEHOLDER.test(value)) return match;
        return `${prefix}${this.placeholderFor(rule.kind, value)}`;
      });
    }
    return result;
  }

  /** The text with every known placeholder replaced by its original; unknown placeholders stay. */
  restore(text: string): string {
    return text.replace(PLACEHOLDER, (placeholder) => this.originals.get(placeholder) ?? placeholder);
  }

  /** A JSON-like value (tool-call arguments) with placeholders restored in every string, keys included. */
  restoreValue(value: unknown): unknown {
    if (typeof value === 'string') return this.restore(value);
    if (Array.isArray(value)) return value.map((item) => this.restoreValue(item));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [this.restore(key), this.restoreValue(item)]));
    }
    return value;
  }

  /** How many distinct values have been hidden. */
  get size(): number {
    return this.originals.size;
  }

  private placeholderFor(kind: Kind, value: string): string {
    const known = this.placeholders.get(value);
    if (known) return known;
    const placeholder = `<${kind}-${++this.counts[kind]}>`;
    this.placeholders.set(value, placeholder);
    this.originals.set(placeholder, value);
    return placeholder;
  }
}

/** Redacts one text: the redacted text and a function that puts the values back into an answer. */
export function redact(text: string, redactor: Redactor = new Redactor()): { text: string; restore(answer: string): string } {
  return { text: redactor.redact(text), restore: (answer) => redactor.restore(answer) };
}

/**
 * The model behind a redactor: everything sent (system prompt, messages, earlier tool calls) is
 * redacted, and what comes back (text, tool-call arguments and their raw text) is restored.
 */
export function redactingChatModel(model: ChatModel, redactor: Redactor): ChatModel {
  const hideMessage = (message: ChatMessage): ChatMessage => {
    if (message.role === 'user') return { role: 'user', content: redactor.redact(message.content) };
    if (message.role === 'tool') return { ...message, content: redactor.redact(message.content) };
    return {
      role: 'assistant',
      content: redactor.redact(message.content),
      ...(message.toolCalls ? { toolCalls: message.toolCalls.map(hideCall) } : {}),
    };
  };
  const hideCall = (call: ToolCall): ToolCall => {
    const rawArguments = redactor.redact(call.rawArguments);
    return { ...call, rawArguments, arguments: call.arguments === undefined ? undefined : parseOr(rawArguments, call.arguments) };
  };
  const showTurn = (turn: ModelTurn): ModelTurn => ({
    ...turn,
    text: redactor.restore(turn.text),
    toolCalls: turn.toolCalls.map((call) => ({ ...call, rawArguments: redactor.restore(call.rawArguments), arguments: redactor.restoreValue(call.arguments) })),
  });
  return {
    id: model.id,
    ...(model.endpoint !== undefined ? { endpoint: model.endpoint } : {}),
    complete: async (request: ChatRequest) =>
      showTurn(await model.complete({ ...request, system: redactor.redact(request.system), messages: request.messages.map(hideMessage) })),
  };
}

function parseOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}
