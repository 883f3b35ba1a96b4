import { ApplicationError } from '../errors/application.error.js';
import { hasErrorCode } from '../errors/resilience.error.js';

/**
 * A call reached a feature an operator or the configuration disabled, and the feature has no
 * fallback. Answered 503 `FEATURE_DISABLED` (category `CONFIGURATION`, not retryable, never
 * counted by a breaker nor served by a `@Fallback`: the refusal is deliberate), with the
 * feature's name in the envelope's `feature` member.
 */
export class FeatureDisabledError extends ApplicationError {
  static readonly CODE = 'RESILIENCE.FEATURE_DISABLED';
  readonly code = FeatureDisabledError.CODE;
  readonly problem = 'FEATURE_DISABLED';
  readonly extensions: Readonly<Record<string, unknown>>;

  /** @param feature the disabled feature's name */
  constructor(readonly feature: string) {
    super(`The feature "${feature}" is disabled`);
    this.extensions = { feature };
  }
}

/** Type guard for {@link FeatureDisabledError}, safe across package copies and processes. */
export function isFeatureDisabledError(
  value: unknown,
): value is FeatureDisabledError {
  return hasErrorCode(value, FeatureDisabledError.CODE);
}
