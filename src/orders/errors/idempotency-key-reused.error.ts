import { ApplicationError } from '@nest-resilience/resilience';

/** An \`Idempotency-Key\` already used for a request with another body (422 \`IDEMPOTENCY_KEY_REUSED\`). */
export class IdempotencyKeyReusedError extends ApplicationError {
  static readonly CODE = 'ORDERS.IDEMPOTENCY_KEY_REUSED';
  readonly code = IdempotencyKeyReusedError.CODE;
  readonly problem = 'IDEMPOTENCY_KEY_REUSED' as const;

  constructor() {
    super(
      'This Idempotency-Key was used with a different request; use a new key for a new request',
    );
  }
}

/** Type guard for {@link IdempotencyKeyReusedError}, safe across package copies and processes. */
export function isIdempotencyKeyReusedError(
  value: unknown,
): value is IdempotencyKeyReusedError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === IdempotencyKeyReusedError.CODE
  );
}
