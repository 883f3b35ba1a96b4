import { ApplicationError } from '@nest-resilience/resilience';

/** No integration message has the id asked for (404 `NOT_FOUND`). */
export class IntegrationMessageNotFoundError extends ApplicationError {
  static readonly CODE = 'INTEGRATION.MESSAGE_NOT_FOUND';
  readonly code = IntegrationMessageNotFoundError.CODE;
  readonly problem = 'NOT_FOUND' as const;

  /** @param id the id asked for */
  constructor(readonly id: string) {
    super(`Integration message ${id} does not exist`);
  }
}

/** Type guard for {@link IntegrationMessageNotFoundError}, safe across package copies and processes. */
export function isIntegrationMessageNotFoundError(
  value: unknown,
): value is IntegrationMessageNotFoundError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === IntegrationMessageNotFoundError.CODE
  );
}
