import { ApplicationError } from '@nest-resilience/resilience';

/** A request with the same \`Idempotency-Key\` is still being processed (409 \`CONFLICT\`); retry once it has finished. */
export class IdempotentRequestInProgressError extends ApplicationError {
  static readonly CODE = 'ORDERS.IDEMPOTENT_REQUEST_IN_PROGRESS';
  readonly code = IdempotentRequestInProgressError.CODE;
  readonly problem = 'CONFLICT' as const;

  constructor() {
    super(
      'A request with this Idempotency-Key is still being processed; retry shortly',
    );
  }
}

/** Type guard for {@link IdempotentRequestInProgressError}, safe across package copies and processes. */
export function isIdempotentRequestInProgressError(
  value: unknown,
): value is IdempotentRequestInProgressError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === IdempotentRequestInProgressError.CODE
  );
}
