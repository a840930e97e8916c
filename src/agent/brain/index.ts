/** The brains: the contract, and the embedded intent compiler (no model, no network). */
export type { Brain, BrainContext, KnownResource, Understanding } from './brain.js';
export { EmbeddedBrain, understand } from './embedded-brain.js';
export { describeIntent, describeTarget } from './describe.js';
