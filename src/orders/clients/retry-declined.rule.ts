import type { ClassificationRule } from '@app/resilience';
import { isRetryDeclinedError } from './retry-declined.error.js';

/**
 * Classifies {@link RetryDeclinedError} as its original error, except that it is not retried.
 * Register it in `ResilienceModule.forRoot({ classificationRules })`.
 */
export const retryDeclinedRule: ClassificationRule = {
  name: 'retry-declined',
  match(error) {
    if (!isRetryDeclinedError(error)) return undefined;
    const { status: _status, rule: _rule, ...original } = error.classification;
    return { ...original, retryable: false };
  },
};
