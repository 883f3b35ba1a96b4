import { ApplicationError } from '@nest-resilience/resilience';

/** A domain 404 of the test app. */
export class OrderNotFoundError extends ApplicationError {
  readonly code = 'ORDERS.NOT_FOUND';
  readonly problem = 'NOT_FOUND' as const;

  constructor(id: string) {
    super(`Order ${id} was not found.`);
  }
}

/** A domain 409 of the test app. */
export class InvalidOrderTransitionError extends ApplicationError {
  readonly code = 'ORDERS.INVALID_TRANSITION';
  readonly problem = 'CONFLICT' as const;

  constructor() {
    super('A delivered order cannot be cancelled.');
  }
}

/** A domain 422 of the test app. */
export class IdempotencyKeyReusedError extends ApplicationError {
  readonly code = 'ORDERS.IDEMPOTENCY_KEY_REUSED';
  readonly problem = 'IDEMPOTENCY_KEY_REUSED' as const;

  constructor() {
    super('This Idempotency-Key was used with a different body.');
  }
}

/** Text planted in internal errors; no response may ever contain any of it. */
export const SECRETS = [
  'secret',
  '/etc/passwd',
  'SELECT',
  'db.internal',
  '10.0.0.5',
  'at Object.',
];

/** A PostgreSQL connection failure as `pg` reports it, with internals in its message. */
export function databaseDownError(): Error {
  return Object.assign(
    new Error(
      'connection to server at "db.internal" (10.0.0.5), port 5432 failed: secret',
    ),
    { code: '08006', severity: 'FATAL' },
  );
}
