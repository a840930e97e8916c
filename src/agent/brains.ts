import type { Brain } from './brain/brain.js';
import { EmbeddedBrain } from './brain/embedded-brain.js';
import { LlmBrain } from './llm/planner/llm-brain.js';
import type { ChatModel } from './llm/types.js';

/**
 * The brain `cirro ask` uses: the embedded intent compiler (no model, no network) unless a model is
 * configured (--model, CIRRO_MODEL), then the LLM planner, checked against the embedded brain's reading.
 */
export function createBrain(options: { readonly model?: ChatModel } = {}): Brain {
  return options.model ? new LlmBrain({ model: options.model }) : new EmbeddedBrain();
}
