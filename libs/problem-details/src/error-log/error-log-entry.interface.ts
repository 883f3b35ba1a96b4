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
}

/** Filter of {@link ErrorLogStore.query}; every member narrows, all are optional. */
export interface ErrorLogQuery {
  severity?: ErrorSeverity;
  category?: ErrorCategory;
  code?: ProblemCode;
  requestId?: string;
  /** Only entries at or after this time. */
  since?: Date;
  /** At most this many entries, newest first. @default 100 */
  limit?: number;
}
