import { seededRandom } from '../../core/random.js';

/** What an injected fault does to a matching call. */
export type FaultEffect =
  | { readonly type: 'error'; readonly code: string; readonly message: string; readonly status: number }
  | { readonly type: 'throttle' }
  | { readonly type: 'latency'; readonly milliseconds: number };

/**
 * Which calls a rule applies to: those from outside (through the front door, the default), those one
 * service makes of another inside the gym (CloudFormation's engine calling EC2 for a stack), or both.
 */
export type FaultScope = 'external' | 'internal' | 'any';

/**
 * A rule: after letting `skip` matching calls of `operation` (on `service`, or any) through, the next
 * `remaining` calls get `effect`. Skipping lets a test fail the k-th call, not only the next one.
 * A rule with a `rate` instead hits each matching call with that chance, drawn from its seed, the
 * operation and how many calls of it came before, so a benchmark's "10% of calls throttled" hits the
 * same calls again for the same seed.
 */
export interface FaultRule {
  readonly id: string;
  readonly service: string | undefined;
  readonly operation: string;
  readonly effect: FaultEffect;
  readonly scope: FaultScope;
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
export type NewFaultRule = Pick<FaultRule, 'service' | 'operation' | 'effect' | 'remaining'> & Partial<Pick<FaultRule, 'skip' | 'scope' | 'mutatingOnly' | 'rate' | 'seed'>>;

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
  /** Per rate rule: how many calls of each operation it has drawn for. */
  private readonly draws = new Map<FaultRule, Map<string, number>>();
  private counter = 0;
  private calls = 0;
  private injected = 0;

  add(rule: NewFaultRule): FaultRule {
    const added: FaultRule = {
      ...rule, skip: rule.skip ?? 0, scope: rule.scope ?? 'external', mutatingOnly: rule.mutatingOnly ?? false, rate: rule.rate, seed: rule.rate === undefined ? undefined : rule.seed ?? 1,
      injected: 0, id: `fault-${++this.counter}`,
    };
    if (added.rate !== undefined) this.draws.set(added, new Map());
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
    this.draws.clear();
    this.calls = 0;
    this.injected = 0;
  }

  /**
   * The first matching rule that has no calls left to skip (and, for a rate rule, whose draw hits),
   * consumed once; undefined when none applies. Every matching rule still skipping counts this call,
   * so each rule counts calls on its own.
   */
  take(service: string, operation: string, origin: 'external' | 'internal' = 'external'): FaultRule | undefined {
    // The stats count calls from outside, as before; calls between gym services are not the client's.
    if (origin === 'external') this.calls++;
    if (this.rules.length === 0) return undefined;
    let applied: FaultRule | undefined;
    for (const rule of this.rules) {
      if ((rule.operation !== operation && rule.operation !== '*') || (rule.service && rule.service !== service)) continue;
      if (rule.scope !== 'any' && rule.scope !== origin) continue;
      if (rule.mutatingOnly && isReadOperation(operation)) continue;
      if (rule.skip > 0) rule.skip--;
      else if (!applied && (rule.rate === undefined || this.draw(rule, service, operation) < rule.rate)) applied = rule;
    }
    if (!applied) return undefined;
    applied.remaining--;
    applied.injected++;
    this.injected++;
    if (applied.remaining <= 0) {
      this.rules = this.rules.filter((candidate) => candidate !== applied);
      this.draws.delete(applied);
    }
    return applied;
  }

  /**
   * The draw for the n-th call of an operation under a rate rule: a generator seeded from the rule's
   * seed, the operation and n. Keyed per operation so that reads sent in parallel, which reach the
   * gym in any order, still get the same faults for the same seed.
   */
  private draw(rule: FaultRule, service: string, operation: string): number {
    const counts = this.draws.get(rule)!;
    const key = `${service}:${operation}`;
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    return seededRandom(fnv1a(`${rule.seed}:${key}:${n}`)).next();
  }
}

/** FNV-1a, 32 bits: a seed from a string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return hash;
}
