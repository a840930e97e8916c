import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { Effect } from '../guard/authorization/types.js';
import type { NamedResource } from './call-resources.js';
import type { DeclaredCall, PlanBinding } from './types.js';

/** A binding as the gateway keeps it: the plan, the credential, and the ids the plan's calls created. */
export interface BindingRecord {
  readonly id: string;
  readonly accessKeyId: string;
  readonly binding: PlanBinding;
  /** Ids returned by calls this binding admitted (the instances its RunInstances launched, …). */
  readonly created: Set<string>;
}

/** Whether a call may go on under a credential's binding, and the plan it counts against. */
export type Admission =
  | { readonly admitted: true; readonly record: BindingRecord | undefined }
  | { readonly admitted: false; readonly record: BindingRecord; readonly reason: string };

/** Names a service goes by in plans and in credential scopes. */
const SERVICE_ALIASES: Readonly<Record<string, string>> = { elasticloadbalancing: 'elbv2' };

function serviceName(name: string): string {
  const lower = name.toLowerCase();
  return SERVICE_ALIASES[lower] ?? lower;
}

/**
 * Plan-bound mode: while a credential is bound to a plan, its mutating calls must be ones the plan
 * declares, on resources the plan names or made itself. Reads stay open. A binding that reached its
 * expiry stops admitting the plan's calls but keeps the credential locked until it is unbound or bound
 * to another plan: a script that outlives its plan must not regain its role's full power by waiting.
 */
export class PlanBindings {
  private readonly byKey = new Map<string, BindingRecord>();
  private readonly byId = new Map<string, BindingRecord>();

  constructor(
    private readonly clock: Clock,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** Binds a credential to a plan, replacing any binding it had; returns the binding's id. */
  bind(accessKeyId: string, binding: PlanBinding): string {
    const previous = this.byKey.get(accessKeyId);
    if (previous) this.byId.delete(previous.id);
    const record: BindingRecord = { id: this.newId(), accessKeyId, binding, created: new Set() };
    this.byKey.set(accessKeyId, record);
    this.byId.set(record.id, record);
    return record.id;
  }

  /** Ends a binding by id; false when there is none (already ended or replaced). */
  unbind(id: string): boolean {
    const record = this.byId.get(id);
    if (!record) return false;
    this.byId.delete(id);
    if (this.byKey.get(record.accessKeyId) === record) this.byKey.delete(record.accessKeyId);
    return true;
  }

  /** Ends whatever binding a credential has (when the credential is revoked). */
  unbindKey(accessKeyId: string): void {
    const record = this.byKey.get(accessKeyId);
    if (record) this.unbind(record.id);
  }

  /** How many bindings exist. */
  get size(): number {
    return this.byId.size;
  }

  /** Decides whether a call is admitted under the credential's binding (admitted when unbound). */
  admit(accessKeyId: string, service: string, operation: string, effect: Effect, resources: readonly NamedResource[]): Admission {
    const record = this.byKey.get(accessKeyId);
    if (!record || effect === 'read') return { admitted: true, record };
    const { binding } = record;
    const action = `${service}:${operation}`;
    const planId = binding.planId;
    if (this.clock.now() >= binding.expiresAt.getTime()) {
      return refuse(record, `plan ${planId}'s binding ended at ${binding.expiresAt.toISOString()}, so ${action} is not admitted; approve the plan again, or unbind the credential`);
    }
    const wanted = serviceName(service);
    const candidates = binding.calls.filter((call) => call.operation === operation && serviceName(call.service) === wanted);
    if (candidates.length === 0) {
      return refuse(record, `${action} is not in plan ${planId}: the plan declares ${declaredActions(binding.calls)}`);
    }
    // A create names its parents (subnet, groups, image), not its target, which does not exist yet.
    if (effect === 'create') return { admitted: true, record };
    const known = (call: DeclaredCall, id: string) => call.resourceIds.includes(id) || record.created.has(id);
    if (candidates.some((call) => resources.every((resource) => known(call, resource.id)))) return { admitted: true, record };
    const outside = resources.filter((resource) => !candidates.some((call) => known(call, resource.id)));
    const shown = outside.length > 0 ? outside : resources;
    const declared = [...new Set(candidates.flatMap((call) => call.resourceIds))];
    return refuse(
      record,
      `${action} on ${shown.map((resource) => `${resource.kind} ${resource.id}`).join(', ')} is not in plan ${planId}: ` +
        `the plan declares ${action} ${declared.length > 0 ? `only for ${declared.join(', ')}` : 'only for resources it creates'}` +
        `${record.created.size > 0 ? ` (it created ${[...record.created].join(', ')})` : ''}`,
    );
  }

  /** Records ids an admitted call of this binding created, so the plan's later calls may name them. */
  recordCreated(record: BindingRecord, ids: readonly string[]): void {
    for (const id of ids) record.created.add(id);
  }
}

function refuse(record: BindingRecord, reason: string): Admission {
  return { admitted: false, record, reason };
}

function declaredActions(calls: readonly DeclaredCall[]): string {
  const actions = [...new Set(calls.map((call) => `${serviceName(call.service)}:${call.operation}`))];
  return actions.length > 0 ? actions.join(', ') : 'no mutating calls';
}
