import type { Inventory, ResourceKind } from '../../cloud/inventory.js';
import type { Intent } from '../../plan/intent.js';
import type { Plan } from '../../plan/plan.js';

/** A resource the brain may hear named: its kind, id and Name tag (or own name for LBs, TGs, key pairs). */
export interface KnownResource {
  readonly kind: ResourceKind;
  readonly id: string;
  readonly name?: string | undefined;
  /** For instances: the current type, so "make web-1 bigger" can offer the next sizes up. */
  readonly instanceType?: string | undefined;
}

/** What the brain knows of the cloud: names and ids only, so it does not depend on the inventory reader. */
export interface BrainContext {
  readonly resources: readonly KnownResource[];
  /** The fresh inventory, for brains that show a model more than names (the LLM brain's view and tools). */
  readonly inventory?: Inventory;
  /** Tries an intent against the plan builder: undefined when it plans, else why not (fed back to a model). */
  readonly tryIntent?: (intent: Intent) => Promise<string | undefined>;
}

/** What a brain made of a request. */
export type Understanding =
  | {
      readonly type: 'intent';
      readonly intent: Intent;
      /** One line: what it understood ("stop instance web-1"). */
      readonly understood: string;
      /** Assumptions and readings worth telling the user ("'a few' read as 3"). */
      readonly notes: readonly string[];
    }
  | { readonly type: 'clarify'; readonly question: string; readonly options?: readonly string[] }
  | { readonly type: 'not-understood'; readonly message: string }
  /** A question a model answered from read-only tools (the embedded brain answers through query intents). */
  | { readonly type: 'answer'; readonly text: string };

/** A brain's verdict on the plan made from its intent: within what the request asked, or beyond it. */
export type ScopeVerdict =
  | { readonly type: 'within' }
  | { readonly type: 'beyond'; readonly reason: string; readonly fix: string; readonly ruleId: string };

/** Turns a request in plain language into an intent; the embedded brain and LLM brains implement it. */
export interface Brain {
  /** Understands one request against the names and ids known in the cloud. */
  understand(request: string, context: BrainContext): Understanding | Promise<Understanding>;
  /**
   * Checks the plan built from this brain's intent stays within what the request asked. Brains whose
   * reading is not trusted on its own (a model) implement it; ask refuses a plan that goes beyond.
   */
  review?(request: string, plan: Plan, inventory: Inventory): ScopeVerdict | Promise<ScopeVerdict>;
}
