import { ApplicationError, hasErrorCode } from '@nest-resilience/resilience';

/**
 * A request body nests arrays and objects deeper than allowed. Answered 400
 * `VALIDATION_FAILED` with one entry in `errors` for the whole document (pointer `""`). The
 * bound keeps recursive consumers of the parsed body (class-transformer, validators,
 * serialisers) far from the stack limit.
 */
export class BodyTooDeepError extends ApplicationError {
  static readonly CODE = 'RESILIENCE.BODY_TOO_DEEP';
  readonly code = BodyTooDeepError.CODE;
  readonly problem = 'VALIDATION_FAILED' as const;
  override readonly extensions: Readonly<Record<string, unknown>>;

  /** @param maxDepth the deepest nesting allowed */
  constructor(readonly maxDepth: number) {
    const message = `arrays and objects may nest at most ${maxDepth} levels deep`;
    super(`The request body is nested too deeply: ${message}.`);
    this.extensions = { errors: [{ pointer: '', message }] };
  }
}

/** Type guard for {@link BodyTooDeepError}, safe across package copies and processes. */
export function isBodyTooDeepError(value: unknown): value is BodyTooDeepError {
  return hasErrorCode(value, BodyTooDeepError.CODE);
}
