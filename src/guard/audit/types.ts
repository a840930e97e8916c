/** What an audit entry records. */
export type AuditEventType = 'plan' | 'decision' | 'approval' | 'rejection' | 'call' | 'refusal' | 'verification' | 'rollback' | 'lock' | 'stuck';

/** What a writer supplies; the log adds sequence, time and the hash chain. */
export interface AuditEvent {
  readonly type: AuditEventType;
  /** Who acted: `cirro-ask`, `gateway:<agent>`, `user`. */
  readonly actor: string;
  readonly planId?: string;
  /** Resource ids the event touches (for `cirro audit --resource`). */
  readonly resources?: readonly string[];
  /** Event-specific detail: operation, result, timing, reasons. JSON only. */
  readonly data: Readonly<Record<string, unknown>>;
}

/** One line of the append-only log, chained to the one before by its hash. */
export interface AuditEntry extends AuditEvent {
  readonly seq: number;
  /** ISO-8601 time of writing. */
  readonly time: string;
  /** Hash of the previous entry ('0' * 64 for the first). */
  readonly prev: string;
  /** sha256 over prev and this entry's canonical JSON (without `hash`). */
  readonly hash: string;
}

/** Which entries `cirro audit` shows. */
export interface AuditFilter {
  readonly since?: Date;
  readonly resource?: string;
  readonly planId?: string;
}

/** The result of checking the chain. */
export type AuditVerification =
  | { readonly ok: true; readonly entries: number }
  | { readonly ok: false; readonly entries: number; readonly brokenAt: number; readonly reason: string };

/** An append-only, hash-chained log shared by every Cirro process on the machine. */
export interface AuditLog {
  append(event: AuditEvent): AuditEntry;
  /** Appends several events as consecutive entries in one write (group commit, for busy writers such as the gateway). */
  appendMany?(events: readonly AuditEvent[]): AuditEntry[];
  read(filter?: AuditFilter): AuditEntry[];
  verify(): AuditVerification;
}
