import type { LanguageModel } from 'ai';
import { suggestNames } from '../../cloud/similar-names.js';
import { fail, ok, type Result } from '../../core/result.js';
import { AiSdkChatModel } from './ai-sdk-chat-model.js';
import { LlmError } from './llm-error.js';
import type { ProviderHints } from './provider-failure.js';
import type { ChatModel } from './types.js';

/** Local OpenAI-compatible servers and the address each listens on by default. */
export const LOCAL_SERVERS = {
  ollama: 'http://localhost:11434/v1',
  vllm: 'http://localhost:8000/v1',
  llamacpp: 'http://localhost:8080/v1',
  lmstudio: 'http://localhost:1234/v1',
} as const;

/** Every provider name `--model provider:name` accepts. */
export const PROVIDER_NAMES = ['openai', 'openai-compatible', 'azure', 'anthropic', ...Object.keys(LOCAL_SERVERS)] as const;

/** The Azure OpenAI API version used when AZURE_OPENAI_API_VERSION is not set (the current GA version). */
export const DEFAULT_AZURE_API_VERSION = '2024-10-21';

/** How to build a model; anything not given comes from `env`. */
export interface ChatModelOptions {
  readonly apiKey?: string;
  readonly baseUrl?: string;
  /** Where the provider's usual variables are read (OPENAI_API_KEY, ANTHROPIC_BASE_URL, …); pass `process.env` from the CLI. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Retries of a failed call (429, 5xx, dropped connection); default 2. */
  readonly maxRetries?: number;
}

/** `provider:model` split at the first colon (model names such as `llama3.1:8b` keep theirs). */
export function parseModelSpec(spec: string): Result<{ provider: string; model: string }, LlmError> {
  const colon = spec.indexOf(':');
  const provider = colon < 0 ? '' : spec.slice(0, colon).trim().toLowerCase();
  const model = colon < 0 ? '' : spec.slice(colon + 1).trim();
  if (!provider || !model) {
    return fail(new LlmError('LlmConfiguration', `model '${spec}' is not provider:name; write e.g. openai:gpt-4o-mini, anthropic:claude-sonnet-4-5 or ollama:llama3.1 (providers: ${PROVIDER_NAMES.join(', ')})`));
  }
  if (!(PROVIDER_NAMES as readonly string[]).includes(provider)) {
    const near = suggestNames(provider, PROVIDER_NAMES, 2);
    const hint = near.length > 0 ? `did you mean ${near.join(' or ')}?` : `known providers: ${PROVIDER_NAMES.join(', ')}`;
    return fail(new LlmError('LlmConfiguration', `unknown provider '${provider}' in '${spec}' (${hint})`));
  }
  return ok({ provider, model });
}

/**
 * Builds the chat model `spec` names (`openai:gpt-4o-mini`, `ollama:llama3.1`, `azure:<deployment>`,
 * `anthropic:claude-sonnet-4-5`). A missing key or unusable base URL is a failed result whose message
 * says which variable or flag to set; nothing is sent until the model is used.
 */
export function createChatModel(spec: string, options: ChatModelOptions = {}): Result<ChatModel, LlmError> {
  const parsed = parseModelSpec(spec);
  if (!parsed.success) return parsed;
  const { provider, model } = parsed.value;
  const env = options.env ?? {};
  const built = buildLanguageModel(provider, model, options, env);
  if (!built.success) return built;
  const maxRetries = options.maxRetries ?? 2;
  return ok(new AiSdkChatModel(`${provider}:${model}`, built.value.load, { maxRetries, hints: built.value.hints }));
}

/**
 * The provider's language model, loaded on first use: the AI SDK and its providers take about 0.2 s to
 * load, which every `cirro` command would otherwise pay, model or not.
 */
type LoadModel = () => Promise<LanguageModel>;

type Built = Result<{ load: LoadModel; hints: ProviderHints }, LlmError>;

function buildLanguageModel(provider: string, model: string, options: ChatModelOptions, env: Readonly<Record<string, string | undefined>>): Built {
  const pick = (flag: string | undefined, variable: string): string | undefined => nonEmpty(flag) ?? nonEmpty(env[variable]);
  switch (provider) {
    case 'openai': {
      const apiKey = pick(options.apiKey, 'OPENAI_API_KEY');
      if (!apiKey) return missing('openai: OPENAI_API_KEY is not set; export it or pass --api-key');
      const baseUrl = checkedUrl(provider, pick(options.baseUrl, 'OPENAI_BASE_URL') ?? 'https://api.openai.com/v1');
      if (!baseUrl.success) return baseUrl;
      const hints = { provider, baseUrl: baseUrl.value, keyVariable: 'OPENAI_API_KEY', baseUrlVariable: 'OPENAI_BASE_URL' };
      return ok({ load: async () => (await import('@ai-sdk/openai')).createOpenAI({ apiKey, baseURL: baseUrl.value }).chat(model), hints });
    }
    case 'openai-compatible': {
      const chosen = pick(options.baseUrl, 'OPENAI_BASE_URL');
      if (!chosen) return missing('openai-compatible: no base URL; pass --base-url http://host:port/v1 or export OPENAI_BASE_URL');
      const baseUrl = checkedUrl(provider, chosen);
      if (!baseUrl.success) return baseUrl;
      const apiKey = pick(options.apiKey, 'OPENAI_API_KEY');
      const hints = { provider, baseUrl: baseUrl.value, keyVariable: 'OPENAI_API_KEY', baseUrlVariable: 'OPENAI_BASE_URL' };
      return ok({ load: async () => (await compatible(provider, baseUrl.value, apiKey)).chatModel(model), hints });
    }
    case 'azure':
      return azure(model, options, env);
    case 'anthropic': {
      const apiKey = pick(options.apiKey, 'ANTHROPIC_API_KEY');
      if (!apiKey) return missing('anthropic: ANTHROPIC_API_KEY is not set; export it or pass --api-key');
      const chosen = pick(options.baseUrl, 'ANTHROPIC_BASE_URL') ?? 'https://api.anthropic.com/v1';
      const baseUrl = checkedUrl(provider, chosen);
      if (!baseUrl.success) return baseUrl;
      // Anthropic's own clients take the host without /v1; the AI SDK wants the API root with it.
      const root = new URL(baseUrl.value).pathname.replace(/\/+$/, '') === '' ? `${baseUrl.value.replace(/\/+$/, '')}/v1` : baseUrl.value;
      const hints = { provider, baseUrl: root, keyVariable: 'ANTHROPIC_API_KEY', baseUrlVariable: 'ANTHROPIC_BASE_URL' };
      return ok({ load: async () => (await import('@ai-sdk/anthropic')).createAnthropic({ apiKey, baseURL: root })(model), hints });
    }
    default: {
      // A local server: its default address unless --base-url (or OLLAMA_HOST for Ollama) says otherwise.
      // The OpenAI key is deliberately not read here, so a hosted key is never sent to a local server.
      const fallback = LOCAL_SERVERS[provider as keyof typeof LOCAL_SERVERS];
      const ollamaHost = provider === 'ollama' ? ollamaBaseUrl(env['OLLAMA_HOST']) : undefined;
      const baseUrl = checkedUrl(provider, nonEmpty(options.baseUrl) ?? ollamaHost ?? fallback);
      if (!baseUrl.success) return baseUrl;
      const hints = { provider, baseUrl: baseUrl.value, ...(provider === 'ollama' ? { baseUrlVariable: 'OLLAMA_HOST' } : {}) };
      const apiKey = nonEmpty(options.apiKey);
      return ok({ load: async () => (await compatible(provider, baseUrl.value, apiKey)).chatModel(model), hints });
    }
  }
}

/** Azure OpenAI: the model is the deployment name; the key goes in `api-key`, the version in the query. */
function azure(deployment: string, options: ChatModelOptions, env: Readonly<Record<string, string | undefined>>): Built {
  const endpoint = nonEmpty(options.baseUrl) ?? nonEmpty(env['AZURE_OPENAI_ENDPOINT']);
  if (!endpoint) return missing('azure: AZURE_OPENAI_ENDPOINT is not set; export it (https://<resource>.openai.azure.com) or pass --base-url');
  const apiKey = nonEmpty(options.apiKey) ?? nonEmpty(env['AZURE_OPENAI_API_KEY']);
  if (!apiKey) return missing('azure: AZURE_OPENAI_API_KEY is not set; export it or pass --api-key');
  const checked = checkedUrl('azure', endpoint);
  if (!checked.success) return checked;
  const apiVersion = nonEmpty(env['AZURE_OPENAI_API_VERSION']) ?? DEFAULT_AZURE_API_VERSION;
  const baseUrl = `${checked.value.replace(/\/+$/, '')}/openai/deployments/${encodeURIComponent(deployment)}`;
  const load = async () => (await import('@ai-sdk/openai-compatible')).createOpenAICompatible({ name: 'azure', baseURL: baseUrl, headers: { 'api-key': apiKey }, queryParams: { 'api-version': apiVersion } }).chatModel(deployment);
  return ok({ load, hints: { provider: 'azure', baseUrl, keyVariable: 'AZURE_OPENAI_API_KEY', baseUrlVariable: 'AZURE_OPENAI_ENDPOINT' } });
}

async function compatible(name: string, baseURL: string, apiKey: string | undefined) {
  const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
  return createOpenAICompatible({ name, baseURL, ...(apiKey ? { apiKey } : {}), includeUsage: true });
}

/** OLLAMA_HOST is `host:port` or a URL without /v1; the OpenAI-compatible API lives under /v1. */
function ollamaBaseUrl(host: string | undefined): string | undefined {
  const value = nonEmpty(host);
  if (!value) return undefined;
  const url = /^https?:\/\//.test(value) ? value : `http://${value}`;
  return `${url.replace(/\/+$/, '')}/v1`;
}

function checkedUrl(provider: string, value: string): Result<string, LlmError> {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return ok(value.replace(/\/+$/, ''));
  } catch {
    // Reported below with the fix.
  }
  return fail(new LlmError('LlmConfiguration', `${provider}: base URL '${value}' is not an http(s) URL; pass --base-url http://host:port/v1`));
}

function missing(message: string): Built {
  return fail(new LlmError('LlmConfiguration', message));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() ? value.trim() : undefined;
}
