import type { AuditEvent, AuditLog } from '../guard/audit/types.js';

/**
 * Group commit for the gateway's audit entries. Calls finished in the same turn of the event loop are
 * written together, in order, in one locked write at the end of that turn (setImmediate), and only then
 * answered: a caller never holds an answer the log does not have. Under load this turns one lock and one
 * write per call into one per batch, for the cost of at most one event-loop turn per answer.
 */
export class AuditBatcher {
  private pending: { readonly event: AuditEvent; readonly then: () => void }[] = [];
  private scheduled = false;

  constructor(private readonly log: AuditLog, private readonly onError: (error: Error) => void) {}

  /** Queues the event; `then` runs once it is written (or once writing failed and was reported). */
  record(event: AuditEvent, then: () => void): void {
    this.pending.push({ event, then });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Writes everything queued now, then lets the queued answers go. */
  flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      const events = batch.map((item) => item.event);
      if (this.log.appendMany) this.log.appendMany(events);
      else for (const event of events) this.log.append(event);
    } catch (error) {
      // The call already happened upstream; its answer still goes back, and the failure is reported loudly.
      this.onError(error as Error);
    }
    for (const item of batch) item.then();
  }
}
