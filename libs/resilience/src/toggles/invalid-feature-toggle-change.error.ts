import { ApplicationError } from '../errors/application.error.js';

/** One invalid member of a toggle change: a JSON Pointer to it, and what is wrong. */
export interface FeatureToggleChangeProblem {
  pointer: string;
  message: string;
}

/**
 * `PUT /admin/features/:name` was sent something other than `{ "enabled": true | false }`.
 * Answered 400 `VALIDATION_FAILED` with `errors: [{ pointer, message }]`.
 */
export class InvalidFeatureToggleChangeError extends ApplicationError {
  static readonly CODE = 'RESILIENCE.FEATURE_CHANGE_INVALID';
  readonly code = InvalidFeatureToggleChangeError.CODE;
  readonly problem = 'VALIDATION_FAILED';
  readonly extensions: Readonly<Record<string, unknown>>;

  /** @param errors the invalid members */
  constructor(readonly errors: readonly FeatureToggleChangeProblem[]) {
    super('The body must be { "enabled": true } or { "enabled": false }');
    this.extensions = { errors };
  }
}
