/**
 * How an admin action ended: done, failed while being done (the answer was an error), or
 * refused before it started because the token may only read.
 */
export type AdminAuditOutcome = 'SUCCEEDED' | 'FAILED' | 'REFUSED';

/** One admin action, as the audit log keeps it. */
export interface AdminAuditEntry {
  /** Unique id (UUID). */
  id: string;
  /** When the action ended (or was refused). */
  at: Date;
  /** Name of the token that asked for it: the authenticated principal, never a body field. */
  actor: string;
  /** What was asked for, for example `breaker.open`, `dlq.replay`. */
  action: string;
  /** What it acted on (a breaker name, a dead letter id, a job id), when there is one. */
  target: string | null;
  outcome: AdminAuditOutcome;
  /** `X-Request-Id` of the request, when the app sets one. */
  requestId: string | null;
  /** What else the action says about itself (a reason, a filter, the error code of a failure). */
  details?: Record<string, unknown>;
}

/** Which audit entries to list; every member narrows. */
export interface AdminAuditFilter {
  actor?: string;
  action?: string;
  outcome?: AdminAuditOutcome;
}

/** Where a page of the audit log starts: just after this entry (newest first). */
export interface AdminAuditCursor {
  at: Date;
  id: string;
}

/** One page of the audit log, newest first. */
export interface AdminAuditPage {
  items: AdminAuditEntry[];
  /** Cursor of the next page; `null` on the last one. */
  nextCursor: string | null;
}
