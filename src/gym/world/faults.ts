/** What an injected fault does to a matching call. */
export type FaultEffect =
  | { readonly type: 'error'; readonly code: string; readonly message: string; readonly status: number }
  | { readonly type: 'throttle' }
  | { readonly type: 'latency'; readonly milliseconds: number };

/** A rule: the next `remaining` calls of `operation` (on `service`, or any) get `effect`. */
export interface FaultRule {
  readonly id: string;
  readonly service: string | undefined;
  readonly operation: string;
  readonly effect: FaultEffect;
  remaining: number;
}

/** Holds fault rules and hands out the one that applies to a call, counting it down. */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private counter = 0;

  add(rule: Omit<FaultRule, 'id'>): FaultRule {
    const added = { ...rule, id: `fault-${++this.counter}` };
    this.rules.push(added);
    return added;
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule matching this call, consumed once; undefined when none applies. */
  take(service: string, operation: string): FaultRule | undefined {
    if (this.rules.length === 0) return undefined;
    const rule = this.rules.find(
      (candidate) => (candidate.operation === operation || candidate.operation === '*') && (!candidate.service || candidate.service === service),
    );
    if (!rule) return undefined;
    rule.remaining--;
    if (rule.remaining <= 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
    return rule;
  }
}
