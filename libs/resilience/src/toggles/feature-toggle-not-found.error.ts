import { ApplicationError } from '../errors/application.error.js';
import { hasErrorCode } from '../errors/resilience.error.js';

/** No feature toggle has the requested name (404 `NOT_FOUND`). */
export class FeatureToggleNotFoundError extends ApplicationError {
  static readonly CODE = 'RESILIENCE.FEATURE_NOT_FOUND';
  readonly code = FeatureToggleNotFoundError.CODE;
  readonly problem = 'NOT_FOUND';

  /** @param feature the name asked for */
  constructor(readonly feature: string) {
    super(`No feature toggle is named "${feature}"`);
  }
}

/** Type guard for {@link FeatureToggleNotFoundError}. */
export function isFeatureToggleNotFoundError(
  value: unknown,
): value is FeatureToggleNotFoundError {
  return hasErrorCode(value, FeatureToggleNotFoundError.CODE);
}
