import type { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  ErrorSeverity,
  type ErrorClassification,
  PROBLEM_CODES,
  type ProblemCode,
} from '@nest-resilience/resilience';
import type { ErrorLogEntry } from '../error-log/error-log-entry.interface.js';
import type { ErrorLogStore } from '../error-log/error-log.store.js';
import type { ProblemDetails } from './problem-details.interface.js';
import { describeThrown, summarizeThrown } from './thrown-value.utils.js';

/** Where an error happened: HTTP method and path, or message pattern and id. */
export type ProblemOrigin = ErrorLogEntry['context'];

const SEVERE: ReadonlySet<ErrorSeverity> = new Set([
  ErrorSeverity.HIGH,
  ErrorSeverity.CRITICAL,
]);

// The library's own refusals: the breaker, bulkhead or feature toggle logged why when it changed
// state, and a stack for every refused call during an outage would bury everything else.
const REFUSALS: ReadonlySet<ProblemCode> = new Set([
  'CIRCUIT_OPEN',
  'BULKHEAD_FULL',
  'FEATURE_DISABLED',
]);

/**
 * Accounts for each handled error exactly once: one log line with request id, code, status,
 * classification rule and origin (5xx at error level with the stack and cause chain; client
 * errors at debug or warn without), and an {@link ErrorLogStore} entry for severity HIGH or
 * CRITICAL. Used by `ResilienceExceptionFilter`.
 */
export class ProblemReporter {
  /**
   * @param logger where the line goes (the filter's Nest `Logger`)
   * @param errorLog audit trail; nothing is recorded without one
   */
  constructor(
    private readonly logger: Logger,
    private readonly errorLog?: ErrorLogStore,
  ) {}

  /**
   * @param envelope appended to the line for events, whose envelope no reply carries
   */
  report(
    exception: unknown,
    classification: ErrorClassification,
    requestId: string,
    origin: ProblemOrigin,
    envelope?: ProblemDetails,
  ): void {
    const { code } = classification;
    const status = PROBLEM_CODES[code].status;
    const where =
      origin.transport === 'http'
        ? `${origin.method ?? ''} ${origin.path ?? ''}`
        : `${envelope ? 'event' : 'message'} pattern=${origin.pattern ?? '?'} messageId=${origin.messageId ?? '-'}`;
    const line =
      `${code} ${status} requestId=${requestId} rule=${classification.rule} ${where}` +
      (envelope ? ` envelope=${JSON.stringify(envelope)}` : '');
    if (status >= 500 && !REFUSALS.has(code)) {
      this.logger.error(line, describeThrown(exception));
    } else if (classification.severity === ErrorSeverity.LOW) {
      this.logger.debug(line);
    } else {
      this.logger.warn(line);
    }
    if (SEVERE.has(classification.severity)) {
      this.record(exception, classification, requestId, origin, status);
    }
  }

  /** Logs a failure of a pluggable port (error log, event hook) without letting it escape. */
  portFailed(port: string, requestId: string, error: unknown): void {
    this.logger.error(
      `${port} failed for requestId=${requestId}`,
      describeThrown(error),
    );
  }

  private record(
    exception: unknown,
    classification: ErrorClassification,
    requestId: string,
    origin: ProblemOrigin,
    status: number,
  ): void {
    if (!this.errorLog) return;
    const entry: ErrorLogEntry = {
      id: randomUUID(),
      timestamp: new Date(),
      code: classification.code,
      status,
      category: classification.category,
      severity: classification.severity,
      rule: classification.rule,
      requestId,
      context: origin,
      error: summarizeThrown(exception),
    };
    const onFailure = (storeError: unknown) =>
      this.portFailed('ErrorLogStore', requestId, storeError);
    try {
      void Promise.resolve(this.errorLog.record(entry)).catch(onFailure);
    } catch (storeError) {
      onFailure(storeError);
    }
  }
}
