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
 */
export interface FaultRule {
  readonly id: string;
  readonly service: string | undefined;
  readonly operation: string;
  readonly effect: FaultEffect;
  readonly scope: FaultScope;
  skip: number;
  remaining: number;
}

/** Holds fault rules and hands out the one that applies to a call, counting it down. */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private counter = 0;

  add(rule: Omit<FaultRule, 'id' | 'skip' | 'scope'> & { skip?: number; scope?: FaultScope }): FaultRule {
    const added = { ...rule, skip: rule.skip ?? 0, scope: rule.scope ?? 'external', id: `fault-${++this.counter}` };
    this.rules.push(added);
    return added;
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  clear(): void {
    this.rules = [];
  }

  /**
   * The first matching rule that has no calls left to skip, consumed once; undefined when none applies.
   * Every matching rule still skipping counts this call, so each rule counts calls on its own.
   */
  take(service: string, operation: string, origin: 'external' | 'internal' = 'external'): FaultRule | undefined {
    if (this.rules.length === 0) return undefined;
    let applied: FaultRule | undefined;
    for (const rule of this.rules) {
      if ((rule.operation !== operation && rule.operation !== '*') || (rule.service && rule.service !== service)) continue;
      if (rule.scope !== 'any' && rule.scope !== origin) continue;
      if (rule.skip > 0) rule.skip--;
      else applied ??= rule;
    }
    if (!applied) return undefined;
    applied.remaining--;
    if (applied.remaining <= 0) this.rules = this.rules.filter((candidate) => candidate !== applied);
    return applied;
  }
}
