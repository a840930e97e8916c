import type { PlanCheck } from '../guard/check-plan.js';
import type { GuardDecision } from '../guard/decision.js';
import type { Intent } from '../plan/intent.js';
import type { Plan } from '../plan/plan.js';
import type { RunReport } from '../exec/runner.js';
import type { Verification } from '../exec/verify.js';
import type { Modality, RouteChoice } from './router.js';

/** The decision `cirro ask` reached. */
export type Decision = 'executed' | 'dry-run' | 'needs-approval' | 'refused' | 'failed';

/** What happened when it ran. */
export type OutcomeStatus = 'succeeded' | 'failed' | 'rolled-back' | 'rollback-failed' | 'not-run' | 'verification-failed';

/** What the guard found and decided, as --json prints it. */
export interface GuardReport {
  readonly role: string;
  readonly decision: GuardDecision;
  readonly risk: PlanCheck['risk'];
  readonly findings: PlanCheck['findings'];
  readonly refusedSteps: readonly { readonly stepId: string; readonly reason: string; readonly policies: readonly string[] }[];
  readonly irreversible: PlanCheck['irreversible'];
}

/** The outcome of one `cirro ask` (or `cirro approve`), as --json prints it. */
export interface AskResult {
  readonly request: string;
  readonly intent: Intent | null;
  /** The id the plan has in the audit log (and in `cirro plans` when it waits for approval). */
  readonly planId: string | null;
  readonly plan: { readonly summary: string | null; readonly steps: readonly { id: string; action: string; effect: string; resource: unknown; dependsOn: readonly string[] }[] };
  readonly advisories: readonly { level: string; message: string }[];
  readonly guard: GuardReport | null;
  readonly decision: Decision;
  readonly modality: { readonly name: Modality; readonly reason: string } | null;
  readonly outcome: { readonly status: OutcomeStatus; readonly agentSteps: number; readonly apiCalls: number; readonly seconds: number };
  readonly rollback: RunReport['rollback'] | null;
  readonly verification: Verification | null;
  readonly answer: unknown;
  readonly text: string;
  /** Why it stopped, for refusals and failures (also in text). */
  readonly reason: string | null;
  readonly exitCode: number;
}

/** Exit codes: 0 done and verified; 1 failed; 2 not understood or refused; 3 needs approval. */
export const EXIT = { ok: 0, failed: 1, refused: 2, needsApproval: 3 } as const;

/** Collects what a run says and knows, and turns it into an AskResult at the end. */
export class AskReport {
  private readonly lines: string[] = [];
  private readonly started = performance.now();
  apiCalls = 0;
  intent: Intent | null = null;
  plan: Plan | undefined;
  planId: string | null = null;
  route: RouteChoice | undefined;
  guard: GuardReport | null = null;

  constructor(private readonly request: string, private readonly onLine?: (line: string) => void) {}

  emit(line: string): void {
    this.lines.push(line);
    this.onLine?.(line);
  }

  /** Seconds since the run began. */
  seconds(): number {
    return round((performance.now() - this.started) / 1000);
  }

  /** Records the guard's verdict for the JSON output. */
  setCheck(check: PlanCheck, role: string): void {
    this.guard = {
      role,
      decision: check.decision,
      risk: check.risk,
      findings: check.findings,
      refusedSteps: check.authorization.flatMap((entry) => (entry.result.allowed ? [] : [{ stepId: entry.stepId, reason: entry.result.reason, policies: entry.result.policies }])),
      irreversible: check.irreversible,
    };
  }

  finish(decision: Decision, status: OutcomeStatus, exitCode: number, extra: { report?: RunReport; verification?: Verification; answer?: unknown; reason?: string } = {}): AskResult {
    const plan = this.plan;
    return {
      request: this.request,
      intent: this.intent,
      planId: this.planId,
      plan: { summary: plan?.summary ?? null, steps: (plan?.steps ?? []).map((step) => ({ id: step.id, action: step.action, effect: step.effect, resource: step.resource, dependsOn: step.dependsOn })) },
      advisories: plan?.advisories ?? [],
      guard: this.guard,
      decision,
      modality: this.route ? { name: this.route.modality, reason: this.route.reason } : null,
      outcome: { status, agentSteps: extra.report?.agentSteps ?? 0, apiCalls: this.apiCalls + (extra.report?.apiCalls ?? 0), seconds: this.seconds() },
      rollback: extra.report?.rollback ?? null,
      verification: extra.verification ?? null,
      answer: extra.answer ?? null,
      text: this.lines.join('\n'),
      reason: extra.reason ?? null,
      exitCode,
    };
  }

  /** Stops without changing anything. */
  refuse(reason: string, exitCode: number = EXIT.refused): AskResult {
    this.emit(reason);
    return this.finish('refused', 'not-run', exitCode, { reason });
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
