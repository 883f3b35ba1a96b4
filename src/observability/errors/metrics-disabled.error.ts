import { ApplicationError } from '@nest-resilience/resilience';

/** `GET /metrics` while `METRICS_ENABLED=false`: 404 `NOT_FOUND`, as if there were no such route. */
export class MetricsDisabledError extends ApplicationError {
  static readonly CODE = 'OBSERVABILITY.METRICS_DISABLED';
  readonly code = MetricsDisabledError.CODE;
  readonly problem = 'NOT_FOUND' as const;

  constructor() {
    super('Metrics are turned off on this instance (METRICS_ENABLED=false)');
  }
}

/** Type guard for {@link MetricsDisabledError}, safe across package copies. */
export function isMetricsDisabledError(
  value: unknown,
): value is MetricsDisabledError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === MetricsDisabledError.CODE
  );
}
