import type { Brain } from './brain/brain.js';
import { EmbeddedBrain } from './brain/embedded-brain.js';

/** The brain `cirro ask` uses: the embedded intent compiler (no model, no network) until an LLM is configured. */
export function createBrain(): Brain {
  return new EmbeddedBrain();
}
