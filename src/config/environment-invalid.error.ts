/**
 * The environment stops the start: a value is invalid, or a production instance lacks a
 * required variable. The message names every variable at fault, one line each, and never a
 * value (a value may be a secret).
 */
export class EnvironmentInvalidError extends Error {
  static readonly CODE = 'APP.ENVIRONMENT_INVALID';
  readonly code = EnvironmentInvalidError.CODE;

  /** @param problems one line per variable at fault, `NAME: what is wrong` */
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid environment (see .env.example):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'EnvironmentInvalidError';
  }
}

/** Type guard for {@link EnvironmentInvalidError}, safe across package copies. */
export function isEnvironmentInvalidError(
  value: unknown,
): value is EnvironmentInvalidError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === EnvironmentInvalidError.CODE
  );
}
