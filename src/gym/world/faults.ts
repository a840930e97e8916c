import { seededRandom, type Random } from '../../core/random.js';

/** What an injected fault does to a matching call. */
export type FaultEffect =
  | { readonly type: 'error'; readonly code: string; readonly message: string; readonly status: number }
  | { readonly type: 'throttle' }
  | { readonly type: 'latency'; readonly milliseconds: number };

/**
 * A rule: after letting `skip` matching calls of `operation` (on `service`, or any) through, the next
 * `remaining` calls get `effect`. Skipping lets a test fail the k-th call, not only the next one.
 * A rule with a `rate` instead hits each matching call with that chance, drawn from its own seeded
 * generator, so a benchmark's "10% of calls throttled" replays the same way for the same calls.
 */
export interface FaultRule {
  readonly id: string;
  readonly service: string | undefined;
  readonly operation: string;
  readonly effect: FaultEffect;
  /** Only calls that change something (not Describe*, List*, Get*). */
  readonly mutatingOnly: boolean;
  /** The chance, in (0, 1], that a matching call gets the effect; undefined: every matching call. */
  readonly rate: number | undefined;
  /** The seed of the rule's generator (rate rules only). */
  readonly seed: number | undefined;
  skip: number;
  remaining: number;
  /** Calls this rule has failed or delayed so far. */
  injected: number;
}

/** What a new rule says; everything but the target and effect has a default. */
export type NewFaultRule = Pick<FaultRule, 'service' | 'operation' | 'effect' | 'remaining'> & Partial<Pick<FaultRule, 'skip' | 'mutatingOnly' | 'rate' | 'seed'>>;

/** Calls the injector saw and faults it injected since it was last cleared. */
export interface FaultStats {
  readonly calls: number;
  readonly injected: number;
}

/** True for operations that only read (Describe*, List*, Get*), as AWS's own naming has it. */
export function isReadOperation(operation: string): boolean {
  return /^(Describe|List|Get)[A-Z]/.test(operation);
}

/** Holds fault rules and hands out the one that applies to a call, counting it down. */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private readonly generators = new Map<FaultRule, Random>();
  private counter = 0;
  private calls = 0;
  private injected = 0;

  add(rule: NewFaultRule): FaultRule {
    const added: FaultRule = {
      ...rule, skip: rule.skip ?? 0, mutatingOnly: rule.mutatingOnly ?? false, rate: rule.rate, seed: rule.rate === undefined ? undefined : rule.seed ?? 1,
      injected: 0, id: `fault-${++this.counter}`,
    };
    if (added.rate !== undefined) this.generators.set(added, seededRandom(added.seed!));
    this.rules.push(added);
    return added;
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  /** Calls seen and faults injected since the last clear(). */
  stats(): FaultStats {
    return { calls: this.calls, injected: this.injected };
  }

  /** Drops every rule and zeroes the counts. */
  clear(): void {
    this.rules = [];
    this.generators.clear();
    this.calls = 0;
    this.injected = 0;
  }

  /**
   * The first matching rule that has no calls left to skip (and, for a rate rule, whose draw hits),
   * consumed once; undefined when none applies. Every matching rule still skipping counts this call,
   * so each rule counts calls on its own.
   */
  take(service: string, operation: string): FaultRule | undefined {
    this.calls++;
    if (this.rules.length === 0) return undefined;
    let applied: FaultRule | undefined;
    for (const rule of this.rules) {
      if ((rule.operation !== operation && rule.operation !== '*') || (rule.service && rule.service !== service)) continue;
      if (rule.mutatingOnly && isReadOperation(operation)) continue;
      if (rule.skip > 0) rule.skip--;
      else if (!applied && (rule.rate === undefined || this.generators.get(rule)!.next() < rule.rate)) applied = rule;
    }
    if (!applied) return undefined;
    applied.remaining--;
    applied.injected++;
    this.injected++;
    if (applied.remaining <= 0) {
      this.rules = this.rules.filter((candidate) => candidate !== applied);
      this.generators.delete(applied);
    }
    return applied;
  }
}
