import { ApplicationError } from '@nest-resilience/resilience';

/** No recovery job has the name asked for (404 `NOT_FOUND`). */
export class IntegrationJobNotFoundError extends ApplicationError {
  static readonly CODE = 'INTEGRATION.JOB_NOT_FOUND';
  readonly code = IntegrationJobNotFoundError.CODE;
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

/** Type guard for {@link IntegrationJobNotFoundError}, safe across package copies and processes. */
export function isIntegrationJobNotFoundError(
  value: unknown,
): value is IntegrationJobNotFoundError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === IntegrationJobNotFoundError.CODE
  );
}
