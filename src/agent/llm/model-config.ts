import { z } from 'zod';
import { fail, ok, type Result } from '../../core/result.js';
import { LlmError } from './llm-error.js';
import { createChatModel, parseModelSpec } from './providers.js';
import { redactingChatModel, Redactor } from './redaction.js';
import type { ChatModel } from './types.js';

/** The flags every command with an LLM brain accepts, ready to spread into `node:util` parseArgs options. */
export const MODEL_FLAG_OPTIONS = {
  model: { type: 'string' },
  'base-url': { type: 'string' },
  'api-key': { type: 'string' },
  redact: { type: 'boolean' },
} as const;

/** Help lines for those flags, shared by `cirro ask --help` and `cirro bench --help`. */
export const MODEL_FLAG_HELP = [
  '  --model PROVIDER:NAME    use an LLM brain instead of the embedded one (default $CIRRO_MODEL, else',
  '                           the embedded brain; "embedded" forces it). Providers: openai, anthropic,',
  '                           azure (NAME is the deployment), openai-compatible, ollama, vllm, llamacpp,',
  '                           lmstudio. e.g. openai:gpt-4o-mini, anthropic:claude-sonnet-4-5, ollama:llama3.1',
  '  --base-url URL           the provider\'s API root (default $OPENAI_BASE_URL, $ANTHROPIC_BASE_URL,',
  '                           $AZURE_OPENAI_ENDPOINT, or the local server\'s usual port)',
  '  --api-key KEY            the provider\'s key (default $OPENAI_API_KEY, $ANTHROPIC_API_KEY,',
  '                           $AZURE_OPENAI_API_KEY; local servers need none)',
  '  --redact                 replace IP addresses, account ids and secrets with placeholders before',
  '                           anything reaches the model, and put them back in its answer',
  '                           (default $CIRRO_REDACT=1)',
] as const;

/** The model a run uses: which one, where the choice came from, and the overrides for the provider. */
export interface ModelChoice {
  /** `provider:model`. */
  readonly spec: string;
  readonly source: '--model' | 'CIRRO_MODEL';
  readonly baseUrl?: string;
  readonly apiKey?: string;
  readonly redact: boolean;
}

const flagsSchema = z.object({
  model: z.string().trim().min(1, 'is empty; write provider:name, e.g. openai:gpt-4o-mini').optional(),
  'base-url': z.string().trim().refine(isHttpUrl, 'is not an http(s) URL; write e.g. http://localhost:11434/v1').optional(),
  'api-key': z.string().trim().min(1, 'is empty; pass the key or leave the flag out').optional(),
  redact: z.boolean().optional(),
});

/** What the user typed for the model flags (`parseArgs` values may hold other flags too). */
export type ModelFlags = Readonly<Record<string, unknown>>;

/**
 * Decides which model a run uses: `--model` beats `CIRRO_MODEL`; neither (or `embedded`) means the
 * embedded brain (`undefined`). `--base-url` and `--api-key` beat the provider's variables. Bad input
 * is a failed result naming the flag, the problem and the fix.
 */
export function resolveModelChoice(flags: ModelFlags, env: Readonly<Record<string, string | undefined>>): Result<ModelChoice | undefined, LlmError> {
  const parsed = flagsSchema.safeParse({ model: flags['model'], 'base-url': flags['base-url'], 'api-key': flags['api-key'], redact: flags['redact'] });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const flag = String(issue.path[0]);
      return `--${flag} ${JSON.stringify(flags[flag])} ${issue.message}`;
    });
    return fail(new LlmError('LlmConfiguration', problems.join('; ')));
  }
  const values = parsed.data;
  const fromEnv = env['CIRRO_MODEL']?.trim() || undefined;
  const spec = values.model ?? fromEnv;
  const source = values.model !== undefined ? '--model' : 'CIRRO_MODEL';
  const redact = values.redact ?? ['1', 'true', 'yes'].includes((env['CIRRO_REDACT'] ?? '').trim().toLowerCase());
  if (spec === undefined || spec.toLowerCase() === 'embedded') {
    const stray = values['base-url'] !== undefined ? '--base-url' : values['api-key'] !== undefined ? '--api-key' : undefined;
    if (stray) return fail(new LlmError('LlmConfiguration', `${stray} only applies to an LLM brain; add --model provider:name (or set CIRRO_MODEL), or leave ${stray} out`));
    return ok(undefined);
  }
  const checked = parseModelSpec(spec);
  if (!checked.success) return fail(new LlmError('LlmConfiguration', `${source}: ${checked.error.message}`));
  return ok({
    spec,
    source,
    ...(values['base-url'] !== undefined ? { baseUrl: values['base-url'] } : {}),
    ...(values['api-key'] !== undefined ? { apiKey: values['api-key'] } : {}),
    redact,
  });
}

/** Builds the chosen model, reading the provider's variables from `env` for what the flags left open. */
export function chatModelForChoice(choice: ModelChoice, env: Readonly<Record<string, string | undefined>>, maxRetries?: number): Result<ChatModel, LlmError> {
  return createChatModel(choice.spec, {
    env,
    ...(choice.baseUrl !== undefined ? { baseUrl: choice.baseUrl } : {}),
    ...(choice.apiKey !== undefined ? { apiKey: choice.apiKey } : {}),
    ...(maxRetries !== undefined ? { maxRetries } : {}),
  });
}

/**
 * The model the flags and environment choose, built and wrapped for redaction when asked: undefined for
 * the embedded brain, or the first problem with the flags, the choice or the provider's settings.
 */
export function modelFromFlags(flags: ModelFlags, env: Readonly<Record<string, string | undefined>>): Result<ChatModel | undefined, LlmError> {
  const choice = resolveModelChoice(flags, env);
  if (!choice.success || !choice.value) return choice as Result<undefined, LlmError>;
  const built = chatModelForChoice(choice.value, env);
  if (!built.success) return built;
  return ok(choice.value.redact ? redactingChatModel(built.value, new Redactor()) : built.value);
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
