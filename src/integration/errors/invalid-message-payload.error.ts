import { ApplicationError } from '@nest-resilience/resilience';

/**
 * A message's payload does not have the shape its type needs (400 `VALIDATION_FAILED`,
 * permanent): thrown by a pipeline's validation step, so the message is dead-lettered with the
 * list of problems instead of being retried.
 */
export class InvalidMessagePayloadError extends ApplicationError {
  static readonly CODE = 'INTEGRATION.INVALID_PAYLOAD';
  readonly code = InvalidMessagePayloadError.CODE;
  readonly problem = 'VALIDATION_FAILED' as const;

  /**
   * @param type the message type
   * @param problems one line per problem, each naming the member (`/patient/id: required`)
   */
  constructor(
    readonly type: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid ${type} payload: ${problems.join('; ')}`);
  }
}

/** Type guard for {@link InvalidMessagePayloadError}, safe across package copies and processes. */
export function isInvalidMessagePayloadError(
  value: unknown,
): value is InvalidMessagePayloadError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === InvalidMessagePayloadError.CODE
  );
}
