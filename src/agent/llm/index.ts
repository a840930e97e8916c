/**
 * LLM providers behind one `ChatModel` interface: the model choice, the providers, usage and cost,
 * context discipline (trimming, data framing, redaction) and the errors they report.
 * Test doubles live in `./testing/` and are imported from there.
 */
export type { ChatMessage, ChatModel, ChatRequest, ModelTurn, TokenUsage, ToolCall, ToolSpec } from './types.js';
export { LlmError, type LlmErrorCode } from './llm-error.js';
export { createChatModel, parseModelSpec, PROVIDER_NAMES, LOCAL_SERVERS, type ChatModelOptions } from './providers.js';
export { MODEL_FLAG_HELP, MODEL_FLAG_OPTIONS, chatModelForChoice, resolveModelChoice, type ModelChoice, type ModelFlags } from './model-config.js';
export { UsageMeter, formatUsage, type ModelUsage, type UsageTotals } from './usage.js';
export { PRICES_TAKEN, priceOf, type ModelPrice } from './prices.js';
export { DEFAULT_TOOL_OUTPUT_TOKENS, TOOL_DATA_PREAMBLE, asToolData, estimateTokens, toolOutputForModel, trimToBudget, type TrimmedOutput } from './context-budget.js';
export { Redactor, redact, redactingChatModel } from './redaction.js';
