import { z } from 'zod';
import type { WireRequest, WireResponse } from '../../aws/protocols/wire.js';
import { CirroError } from '../../core/cirro-error.js';
import type { FaultEffect, FaultStats, NewFaultRule } from '../world/faults.js';

/** What the admin API can do to a gym. */
export interface AdminHost {
  health(): Record<string, unknown>;
  reset(): void;
  clockStatus(): Record<string, unknown>;
  changeClock(change: ClockChange): void;
  listSnapshots(): string[];
  saveSnapshot(name: string): void;
  restoreSnapshot(name: string): boolean;
  deleteSnapshot(name: string): boolean;
  /** Why a fault rule could never match (an unknown service or operation), or undefined when it can. */
  faultTargetProblem(service: string | undefined, operation: string): string | undefined;
  readonly faults: {
    add(rule: NewFaultRule): { id: string };
    list(): readonly unknown[];
    stats(): FaultStats;
    clear(): void;
  };
}

const MAX_ADVANCE_SECONDS = 100 * 366 * 24 * 3600;
const MAX_SPEED = 100_000;

/** A change to the simulated clock. */
export type ClockChange = z.infer<typeof clockChange>;

const clockChange = z
  .object({
    freeze: z.boolean().optional(),
    // Bounded so simulated time stays a valid date: a century at a time, and the CLI's top speed.
    advanceSeconds: z.number().nonnegative().max(MAX_ADVANCE_SECONDS).optional(),
    speed: z.number().positive().max(MAX_SPEED).optional(),
  })
  .strict();

const snapshotName = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a snapshot name is 1-64 letters, digits, dots, dashes or underscores');

const faultRule = z
  .object({
    service: z.string().optional(),
    operation: z.string().min(1),
    // Without a rate, one call by default; with one, every matching call for the gym's life.
    count: z.number().int().positive().optional(),
    // Matching calls to let through first: `skip: 2` fails the third call.
    skip: z.number().int().nonnegative().default(0),
    error: z.object({ code: z.string().min(1), message: z.string().optional(), status: z.number().int().min(400).max(599).optional() }).strict().optional(),
    throttle: z.boolean().optional(),
    latencyMs: z.number().int().positive().max(600_000).optional(),
    // internal: calls one gym service makes of another (CloudFormation's engine calling EC2); any: both.
    scope: z.enum(['external', 'internal', 'any']).default('external'),
    // The chance that each matching call gets the effect, drawn from a generator seeded with `seed`.
    rate: z.number().gt(0).max(1).optional(),
    seed: z.number().int().nonnegative().max(0xffffffff).optional(),
    // Only calls that change something: not Describe*, List* or Get*.
    mutatingOnly: z.boolean().optional(),
  })
  .strict()
  .refine((rule) => rule.seed === undefined || rule.rate !== undefined, { message: 'seed only goes with rate: a rule without a rate draws nothing' })
  .refine((rule) => rule.latencyMs === undefined || rule.scope === 'external', {
    message: 'latencyMs applies to calls from outside only (scope external): an internal call runs inside another call and cannot wait',
  })
  .refine((rule) => [rule.error, rule.throttle, rule.latencyMs].filter((value) => value !== undefined && value !== false).length === 1, {
    message: 'give exactly one of error, throttle or latencyMs',
  });

/** Serves `/_gym/…`: health, reset, clock, snapshots and faults, as JSON. */
export function handleAdminRequest(host: AdminHost, request: WireRequest): WireResponse {
  const path = request.path.replace(/\/+$/, '');
  const route = `${request.method} ${path}`;
  try {
    switch (route) {
      case 'GET /_gym/health':
        return json(200, host.health());
      case 'POST /_gym/reset':
        host.reset();
        return json(200, { status: 'reset' });
      case 'GET /_gym/clock':
        return json(200, host.clockStatus());
      case 'POST /_gym/clock': {
        const change = parse(clockChange, request);
        host.changeClock(change);
        return json(200, host.clockStatus());
      }
      case 'GET /_gym/snapshots':
        return json(200, { snapshots: host.listSnapshots() });
      case 'POST /_gym/snapshots': {
        const { name } = parse(z.object({ name: snapshotName }).strict(), request);
        host.saveSnapshot(name);
        return json(201, { name });
      }
      case 'GET /_gym/faults':
        return json(200, { faults: host.faults.list(), ...host.faults.stats() });
      case 'POST /_gym/faults': {
        const rule = parse(faultRule, request);
        const problem = host.faultTargetProblem(rule.service, rule.operation);
        if (problem) return json(400, { error: { code: 'ValidationError', message: problem } });
        const effect: FaultEffect = rule.error
          ? { type: 'error', code: rule.error.code, message: rule.error.message ?? `Injected fault: ${rule.error.code}`, status: rule.error.status ?? 400 }
          : rule.throttle
            ? { type: 'throttle' }
            : { type: 'latency', milliseconds: rule.latencyMs! };
        const added = host.faults.add({
          service: rule.service, operation: rule.operation, effect, skip: rule.skip, scope: rule.scope, mutatingOnly: rule.mutatingOnly ?? false,
          remaining: rule.count ?? (rule.rate === undefined ? 1 : Number.MAX_SAFE_INTEGER),
          ...(rule.rate === undefined ? {} : { rate: rule.rate, seed: rule.seed ?? 1 }),
        });
        return json(201, added);
      }
      case 'DELETE /_gym/faults':
        host.faults.clear();
        return json(200, { faults: [], calls: 0, injected: 0 });
    }
    const snapshot = /^(POST|DELETE) \/_gym\/snapshots\/([^/]+)(\/restore)?$/.exec(route);
    if (snapshot) {
      const decoded = decodeSegment(snapshot[2]!);
      if (decoded === undefined) return json(400, { error: { code: 'ValidationError', message: `name: '${snapshot[2]}' is not valid percent-encoding` } });
      const { name } = z.object({ name: snapshotName }).parse({ name: decoded });
      const found = snapshot[1] === 'DELETE' && !snapshot[3] ? host.deleteSnapshot(name) : snapshot[3] ? host.restoreSnapshot(name) : undefined;
      if (found === undefined) return notFound(route);
      if (!found) return json(404, { error: { code: 'SnapshotNotFound', message: `no snapshot named ${name}; GET /_gym/snapshots lists them` } });
      return json(200, { name, status: snapshot[3] ? 'restored' : 'deleted' });
    }
    return notFound(route);
  } catch (error) {
    if (error instanceof z.ZodError) {
      const detail = error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
      return json(400, { error: { code: 'ValidationError', message: detail } });
    }
    if (error instanceof SyntaxError) return json(400, { error: { code: 'MalformedJson', message: `the body is not JSON: ${error.message}` } });
    if (error instanceof Error && /clock/.test(error.message)) return json(400, { error: { code: 'InvalidClockChange', message: error.message } });
    if (CirroError.is(error)) return json(500, { error: { code: error.code, message: error.message } });
    throw error;
  }
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function parse<T extends z.ZodType>(schema: T, request: WireRequest): z.infer<T> {
  const text = request.body.toString('utf8');
  return schema.parse(text.trim() === '' ? {} : JSON.parse(text));
}

function notFound(route: string): WireResponse {
  return json(404, {
    error: {
      code: 'NotFound',
      message: `${route} is not part of the admin API; it serves /_gym/health, /_gym/reset, /_gym/clock, /_gym/snapshots and /_gym/faults`,
    },
  });
}

function json(status: number, value: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}
