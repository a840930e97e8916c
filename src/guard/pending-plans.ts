import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Plan } from '../plan/plan.js';
import type { DecisionSource, RiskLevel } from './decision.js';
import type { PlanFingerprint } from './fingerprint.js';

/** A plan that needs approval, saved so `cirro approve <id>` can run it later. */
export interface PendingPlan {
  readonly id: string;
  readonly createdAt: string;
  /** After this, approving it refuses: the cloud has had too long to move. */
  readonly expiresAt: string;
  readonly request: string;
  readonly plan: Plan;
  /** Where it runs: the endpoint (undefined for AWS itself), region, and whether it is a gym. */
  readonly endpoint: string | undefined;
  readonly region: string;
  readonly gym: boolean;
  readonly modality: string;
  readonly role: string;
  /** Why it needs approval, and what decided. */
  readonly reason: string;
  readonly decidedBy: DecisionSource;
  readonly risk: RiskLevel;
  readonly fingerprint: PlanFingerprint;
}

const PendingEnvelope = z.object({
  id: z.string().regex(/^plan-[0-9a-f]{8}$/),
  createdAt: z.string(),
  expiresAt: z.string(),
  request: z.string(),
  plan: z.object({ summary: z.string(), steps: z.array(z.object({ id: z.string(), call: z.object({ service: z.string(), operation: z.string() }).passthrough() }).passthrough()) }).passthrough(),
  endpoint: z.string().optional(),
  region: z.string(),
  gym: z.boolean(),
  modality: z.string(),
  role: z.string(),
  reason: z.string(),
  decidedBy: z.object({ kind: z.string(), id: z.string() }),
  risk: z.string(),
  fingerprint: z.object({ resources: z.record(z.string(), z.object({ digest: z.string(), view: z.record(z.string(), z.unknown()) })) }),
});

/** How long a pending plan stays approvable. */
export const PENDING_PLAN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** A well-formed plan id, for validating what a person typed. */
export const PLAN_ID_PATTERN = /^plan-[0-9a-f]{8}$/;

/** Saves a plan for later approval; the file is written whole or not at all. */
export function savePendingPlan(directory: string, pending: Omit<PendingPlan, 'id' | 'createdAt' | 'expiresAt'>, now: Date = new Date(), newId: () => string = () => `plan-${randomBytes(4).toString('hex')}`): PendingPlan {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const saved: PendingPlan = { id: newId(), createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + PENDING_PLAN_LIFETIME_MS).toISOString(), ...pending };
  const file = join(directory, `${saved.id}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return saved;
}

/** The pending plan with this id, or why there is none. */
export function loadPendingPlan(directory: string, id: string): { ok: true; value: PendingPlan } | { ok: false; error: string } {
  if (!PLAN_ID_PATTERN.test(id)) return { ok: false, error: `${id} is not a plan id (they look like plan-1a2b3c4d); run 'cirro plans' to list them` };
  let text: string;
  try {
    text = readFileSync(join(directory, `${id}.json`), 'utf8');
  } catch {
    return { ok: false, error: `no pending plan ${id}: it was approved, rejected or never saved; run 'cirro plans' to list pending plans` };
  }
  try {
    const parsed = PendingEnvelope.safeParse(JSON.parse(text));
    if (!parsed.success) return { ok: false, error: `pending plan ${id} is damaged (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}); reject it and ask again` };
    return { ok: true, value: parsed.data as unknown as PendingPlan };
  } catch (error) {
    return { ok: false, error: `pending plan ${id} is not valid JSON (${(error as Error).message}); reject it and ask again` };
  }
}

/** Every pending plan, oldest first; damaged files are reported, not hidden. */
export function listPendingPlans(directory: string): { plans: PendingPlan[]; damaged: string[] } {
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => name.endsWith('.json'));
  } catch {
    return { plans: [], damaged: [] };
  }
  const plans: PendingPlan[] = [];
  const damaged: string[] = [];
  for (const name of names) {
    const loaded = loadPendingPlan(directory, name.slice(0, -'.json'.length));
    if (loaded.ok) plans.push(loaded.value);
    else damaged.push(loaded.error);
  }
  return { plans: plans.sort((a, b) => a.createdAt.localeCompare(b.createdAt)), damaged };
}

/** Removes a pending plan (approved or rejected); true when it existed. */
export function removePendingPlan(directory: string, id: string): boolean {
  if (!PLAN_ID_PATTERN.test(id)) return false;
  try {
    rmSync(join(directory, `${id}.json`));
    return true;
  } catch {
    return false;
  }
}
