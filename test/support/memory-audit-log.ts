import { createHash } from 'node:crypto';
import type { AuditEntry, AuditEvent, AuditFilter, AuditLog, AuditVerification } from '../../src/guard/audit/types.js';

/** An AuditLog in memory, hash-chained like the real one, for tests that read back what was recorded. */
export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];

  append(event: AuditEvent): AuditEntry {
    const prev = this.entries.at(-1)?.hash ?? '0'.repeat(64);
    const body = { ...event, seq: this.entries.length + 1, time: new Date().toISOString(), prev };
    const entry: AuditEntry = { ...body, hash: createHash('sha256').update(prev + JSON.stringify(body)).digest('hex') };
    this.entries.push(entry);
    return entry;
  }

  read(filter: AuditFilter = {}): AuditEntry[] {
    return this.entries.filter(
      (entry) =>
        (!filter.since || new Date(entry.time) >= filter.since) &&
        (!filter.resource || (entry.resources ?? []).includes(filter.resource)) &&
        (!filter.planId || entry.planId === filter.planId),
    );
  }

  verify(): AuditVerification {
    return { ok: true, entries: this.entries.length };
  }
}
