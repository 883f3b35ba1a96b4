import { ErrorSeverity } from '@nest-resilience/resilience';
import type {
  ErrorLogEntry,
  ErrorLogQuery,
  ErrorLogResolution,
  ErrorLogStats,
} from '../error-log/error-log-entry.interface.js';
import { ErrorLogStore } from '../error-log/error-log.store.js';
import type { AlertService } from './alert.service.js';

/**
 * An {@link ErrorLogStore} that raises an alert for every CRITICAL (sent at once) and HIGH
 * (summarised in the digest) error it records, then hands the entry to the store it wraps.
 * Keyed by code and rule, so an outage is one alert per de-duplication window, not one per
 * failed request.
 */
export class AlertingErrorLogStore extends ErrorLogStore {
  /**
   * @param store where entries are kept (`TypeOrmErrorLogStore`, `InMemoryErrorLogStore`)
   * @param alerts where alerts go
   */
  constructor(
    private readonly store: ErrorLogStore,
    private readonly alerts: AlertService,
  ) {
    super();
  }

  record(entry: ErrorLogEntry): void | Promise<void> {
    if (
      entry.severity === ErrorSeverity.CRITICAL ||
      entry.severity === ErrorSeverity.HIGH
    ) {
      const where =
        entry.context.path ?? entry.context.pattern ?? entry.context.transport;
      this.alerts.raise({
        key: `error:${entry.code}:${entry.rule}`,
        severity: entry.severity,
        title: `${entry.code} (${entry.status}) recorded`,
        message: `${entry.category} error at ${where}, requestId=${entry.requestId}`,
        details: {
          code: entry.code,
          rule: entry.rule,
          requestId: entry.requestId,
        },
        occurredAt: entry.timestamp,
      });
    }
    return this.store.record(entry);
  }

  query(query?: ErrorLogQuery): ErrorLogEntry[] | Promise<ErrorLogEntry[]> {
    return this.store.query(query);
  }

  get(
    id: string,
  ): ErrorLogEntry | undefined | Promise<ErrorLogEntry | undefined> {
    return this.store.get(id);
  }

  resolve(
    id: string,
    resolution: ErrorLogResolution,
  ): boolean | Promise<boolean> {
    return this.store.resolve(id, resolution);
  }

  stats(recentSince: Date): ErrorLogStats | Promise<ErrorLogStats> {
    return this.store.stats(recentSince);
  }
}
