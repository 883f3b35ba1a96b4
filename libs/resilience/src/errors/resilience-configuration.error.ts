import { hasErrorCode, ResilienceError } from './resilience.error.js';

/**
 * Thrown at boot when the resilience configuration is invalid: the message names the service,
 * the key and what is allowed, and the application does not start.
 */
export class ResilienceConfigurationError extends ResilienceError {
  static readonly CODE = 'RESILIENCE.CONFIGURATION';
  readonly code = ResilienceConfigurationError.CODE;

  /** @param problems one line per invalid setting */
  constructor(readonly problems: readonly string[]) {
    super(`Invalid resilience configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Type guard for {@link ResilienceConfigurationError}. */
export function isResilienceConfigurationError(
  value: unknown,
): value is ResilienceConfigurationError {
  return hasErrorCode(value, ResilienceConfigurationError.CODE);
}
