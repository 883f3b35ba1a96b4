import { ApplicationError } from '@nest-resilience/resilience';

/** No recovery job has the name asked for (404 `NOT_FOUND`). */
export class RecoveryJobNotFoundError extends ApplicationError {
  static readonly CODE = 'WORKFLOWS.RECOVERY_JOB_NOT_FOUND';
  readonly code = RecoveryJobNotFoundError.CODE;
  readonly problem = 'NOT_FOUND' as const;

  /**
   * @param name the name asked for
   * @param known the jobs there are
   */
  constructor(
    readonly name: string,
    known: readonly string[],
  ) {
    super(`No recovery job "${name}"; jobs: ${known.join(', ')}`);
  }
}

/** Type guard for {@link RecoveryJobNotFoundError}, safe across package copies and processes. */
export function isRecoveryJobNotFoundError(
  value: unknown,
): value is RecoveryJobNotFoundError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === RecoveryJobNotFoundError.CODE
  );
}
