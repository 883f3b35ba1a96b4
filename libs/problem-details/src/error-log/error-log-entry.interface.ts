import type {
  ErrorCategory,
  ErrorSeverity,
  ProblemCode,
} from '@nest-resilience/resilience';

/**
 * One recorded error of the audit trail. Internal only: it holds the error's message and stack,
 * which never leave the process in a response.
 */
export interface ErrorLogEntry {
  /** Unique id of the entry. */
  id: string;
  /** When the error was handled. */
  timestamp: Date;
  code: ProblemCode;
  status: number;
  category: ErrorCategory;
  severity: ErrorSeverity;
  /** Classification rule that matched. */
  rule: string;
  requestId: string;
  /** Where the error happened: HTTP method and path, or the message pattern. */
  context: {
    transport: 'http' | 'rpc';
    method?: string;
    path?: string;
    pattern?: string;
    messageId?: string;
  };
  /** The error as thrown (internal). */
  error: {
    name: string;
    message: string;
    stack?: string;
    /** Messages of the `cause` chain, outermost first. */
    causes: string[];
  };
  /** Set once an operator marked the error as dealt with; absent while it is open. */
  resolution?: ErrorLogResolution;
}

/** How an {@link ErrorLogEntry} was resolved. */
export interface ErrorLogResolution {
  /** Name of whoever resolved it (the admin token's name). */
  by: string;
  at: Date;
  /** Why no more is needed. */
  reason: string;
}

/** A place in the newest-first order of the log: `(timestamp, id)`, both descending. */
export interface ErrorLogPosition {
  timestamp: Date;
  id: string;
}

/** Counts of {@link ErrorLogStore.stats}, over the whole log. */
export interface ErrorLogStats {
  total: number;
  open: number;
  resolved: number;
  /** Entries at or after the `recentSince` given to `stats`. */
  recent: number;
  byCode: Record<string, number>;
  byCategory: Record<string, number>;
  bySeverity: Record<string, number>;
}

/** Filter of {@link ErrorLogStore.query}; every member narrows, all are optional. */
export interface ErrorLogQuery {
  severity?: ErrorSeverity;
  category?: ErrorCategory;
  code?: ProblemCode;
  requestId?: string;
  /** Only entries at or after this time. */
  since?: Date;
  /** `true`: only resolved entries; `false`: only open ones. */
  resolved?: boolean;
  /** Only entries after this position in newest-first order (the next page's keyset). */
  after?: ErrorLogPosition;
  /** At most this many entries, newest first. @default 100 */
  limit?: number;
}
