import {
  maxTotalRetryDelayMs,
  worstCaseRetryTimeMs,
} from '../policies/retry.policy.js';
import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import type {
  RetrySettings,
  ServiceResilienceSettings,
} from './resilience-settings.interface.js';
import { settingsScope } from './resilience-issue.formatter.js';

/** What the retry budget check needs of a service: its retry and the per-attempt timeout. */
export type RetryBudgetInput = {
  retry: RetrySettings;
  circuitBreaker: Pick<
    ServiceResilienceSettings['circuitBreaker'],
    'timeoutMs'
  >;
};

/**
 * Worst-case time one retried call may take: every attempt running into the per-attempt timeout
 * (`circuitBreaker.timeoutMs`) plus the longest delay before each retry, as the retry policy
 * computes it. `Infinity` when the timeout is off (`0`), since an attempt is then unbounded.
 */
export function worstCaseRetryDurationMs(settings: RetryBudgetInput): number {
  return worstCaseRetryTimeMs(
    settings.retry,
    settings.circuitBreaker.timeoutMs,
  );
}

/**
 * Why the worst case of `settings` does not fit `retry.budgetMs`, or `undefined` when it fits or
 * the budget is off (`0`). The text follows the key path (`retry.budgetMs: ...`).
 */
export function retryBudgetProblem(
  settings: RetryBudgetInput,
): string | undefined {
  const { budgetMs, maxAttempts } = settings.retry;
  if (budgetMs === 0) {
    return undefined;
  }
  const { timeoutMs } = settings.circuitBreaker;
  if (timeoutMs === 0) {
    return (
      `worst case is unbounded because circuitBreaker.timeoutMs is 0 (no per-attempt timeout), ` +
      `so it cannot fit the budget of ${budgetMs} ms; set circuitBreaker.timeoutMs or ` +
      `retry.budgetMs 0`
    );
  }
  const worstCaseMs = worstCaseRetryDurationMs(settings);
  if (worstCaseMs <= budgetMs) {
    return undefined;
  }
  const delaysMs = maxTotalRetryDelayMs(settings.retry);
  return (
    `worst case ${worstCaseMs} ms (${maxAttempts} attempts x ${timeoutMs} ms ` +
    `circuitBreaker.timeoutMs + ${delaysMs} ms of delays) exceeds the budget of ${budgetMs} ms; ` +
    `raise retry.budgetMs or lower retry.maxAttempts, circuitBreaker.timeoutMs or the delays`
  );
}

/**
 * Checks that the worst case of one service's retries fits its `retry.budgetMs`.
 * @param service the service name, or `defaults`
 * @param settings the service's resolved settings
 * @param where the decorator site the settings come from, if any, for the message
 * @throws ResilienceConfigurationError naming the service, `retry.budgetMs`, the worst case and the budget
 */
export function assertRetryBudget(
  service: string,
  settings: RetryBudgetInput,
  where?: string,
): void {
  const problem = retryBudgetProblem(settings);
  if (problem !== undefined) {
    const site = where === undefined ? '' : ` (in ${where})`;
    throw new ResilienceConfigurationError([
      `${settingsScope(service)}.retry.budgetMs${site}: ${problem}`,
    ]);
  }
}
