import {
  ApplicationError,
  isApplicationError,
} from '@nest-resilience/resilience';

/**
 * A message whose body cannot be read (not JSON, or not a packet with a pattern). Permanent:
 * it is dead-lettered at once, with the raw body, and the consumer moves on.
 */
export class MalformedMessageError extends ApplicationError {
  static readonly CODE = 'MESSAGING.MALFORMED';
  readonly code = MalformedMessageError.CODE;
  readonly problem = 'MALFORMED_JSON' as const;

  /**
   * @param source queue, stream or channel the message came from
   * @param cause the parser's error, when there was one
   */
  constructor(
    readonly source: string,
    cause?: unknown,
  ) {
    super(`A message on ${source} could not be parsed.`, { cause });
  }
}

/** Type guard for {@link MalformedMessageError}, safe across package copies and processes. */
export function isMalformedMessageError(
  value: unknown,
): value is MalformedMessageError {
  return isApplicationError(value) && value.code === MalformedMessageError.CODE;
}
