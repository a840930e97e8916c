/**
 * List prices of well-known hosted models, USD per million tokens (input, output), without prompt
 * caching or batch discounts. Taken in March 2026 from the OpenAI and Anthropic pricing pages (as
 * quoted by pricing summaries of that month); prices change, so treat costs as estimates.
 * Order matters: the first pattern that matches the model name wins, so specific names come first.
 */
const PRICE_TABLE: readonly { readonly pattern: RegExp; readonly input: number; readonly output: number }[] = [
  { pattern: /^gpt-5(\.\d+)?-nano/, input: 0.05, output: 0.4 },
  { pattern: /^gpt-5(\.\d+)?-mini/, input: 0.25, output: 2 },
  { pattern: /^gpt-5(\.1)?$/, input: 1.25, output: 10 },
  { pattern: /^gpt-4\.1-nano/, input: 0.1, output: 0.4 },
  { pattern: /^gpt-4\.1-mini/, input: 0.4, output: 1.6 },
  { pattern: /^gpt-4\.1$/, input: 2, output: 8 },
  { pattern: /^gpt-4o-mini$/, input: 0.15, output: 0.6 },
  { pattern: /^gpt-4o$/, input: 2.5, output: 10 },
  { pattern: /^o4-mini$/, input: 1.1, output: 4.4 },
  { pattern: /^o3-mini$/, input: 1.1, output: 4.4 },
  { pattern: /^o3$/, input: 2, output: 8 },
  { pattern: /^claude-(opus-4-[5-9]|opus-4\.[5-9])/, input: 5, output: 25 },
  { pattern: /^claude-(opus-4|3-opus)/, input: 15, output: 75 },
  { pattern: /^claude-(sonnet-4|3-7-sonnet|3-5-sonnet)/, input: 3, output: 15 },
  { pattern: /^claude-haiku-4/, input: 1, output: 5 },
  { pattern: /^claude-3-5-haiku/, input: 0.8, output: 4 },
  { pattern: /^claude-3-haiku/, input: 0.25, output: 1.25 },
];

/** When the prices above were taken; shown next to costs. */
export const PRICES_TAKEN = '2026-03';

/** Providers that run on the user's own machine: their tokens cost nothing. */
const LOCAL_PROVIDERS = new Set(['ollama', 'vllm', 'llamacpp', 'lmstudio', 'scripted']);

/** What a model's tokens cost: a price, free (local), or unknown (a hosted model not in the table). */
export type ModelPrice = { readonly type: 'priced'; readonly input: number; readonly output: number } | { readonly type: 'free' } | { readonly type: 'unknown' };

/**
 * The price of `provider:model`. Local servers are free, and so is an OpenAI-compatible server on a
 * loopback address; Azure deployments are priced when they are named after the model they serve.
 */
export function priceOf(modelId: string, endpoint?: string): ModelPrice {
  const colon = modelId.indexOf(':');
  const provider = colon < 0 ? '' : modelId.slice(0, colon);
  const model = normalizeModelName(colon < 0 ? modelId : modelId.slice(colon + 1));
  if (LOCAL_PROVIDERS.has(provider)) return { type: 'free' };
  if (provider === 'openai-compatible' && endpoint && isLoopback(endpoint)) return { type: 'free' };
  const row = PRICE_TABLE.find((entry) => entry.pattern.test(model));
  return row ? { type: 'priced', input: row.input, output: row.output } : { type: 'unknown' };
}

/** `claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`; `gpt-4o-2024-08-06` → `gpt-4o`; `-latest` dropped. */
function normalizeModelName(name: string): string {
  return name.trim().toLowerCase().replace(/-latest$/, '').replace(/-\d{8}$/, '').replace(/-\d{4}-\d{2}-\d{2}$/, '');
}

function isLoopback(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
  } catch {
    return false;
  }
}
