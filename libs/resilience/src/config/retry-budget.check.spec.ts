import { isResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import type { RetrySettings } from './resilience-settings.interface.js';
import {
  assertRetryBudget,
  worstCaseRetryDurationMs,
  type RetryBudgetInput,
} from './retry-budget.check.js';

function settings(
  retry: Partial<RetrySettings>,
  timeoutMs = 1000,
): RetryBudgetInput {
  return {
    circuitBreaker: { timeoutMs },
    retry: {
      maxAttempts: 3,
      backoff: 'exponential',
      baseDelayMs: 200,
      maxDelayMs: 5000,
      jitter: 'full',
      respectRetryAfter: false,
      budgetMs: 0,
      ...retry,
    },
  };
}

describe('worstCaseRetryDurationMs', () => {
  it.each([
    // attempts x timeout + delays
    ['exponential', 'none', 4, 1000, 4000 + 200 + 400 + 800],
    ['exponential', 'full', 4, 1000, 4000 + 200 + 400 + 800],
    ['linear', 'equal', 4, 1000, 4000 + 200 + 400 + 600],
    ['fixed', 'none', 4, 1000, 4000 + 3 * 200],
    ['exponential', 'full', 6, 1000, 6000 + 200 + 400 + 800 + 1000 + 1000],
    // decorrelated: step n is at most base x 3^n, capped
    ['exponential', 'decorrelated', 4, 5000, 4000 + 600 + 1800 + 5000],
  ] as const)(
    '%s backoff, %s jitter, %d attempts, cap %d: %d ms',
    (backoff, jitter, maxAttempts, maxDelayMs, expected) => {
      expect(
        worstCaseRetryDurationMs(
          settings({ backoff, jitter, maxAttempts, maxDelayMs }),
        ),
      ).toBe(expected);
    },
  );

  it('lets every step reach maxDelayMs when Retry-After is respected', () => {
    const retry = { respectRetryAfter: true, maxAttempts: 4, maxDelayMs: 3000 };
    expect(worstCaseRetryDurationMs(settings(retry))).toBe(4000 + 3 * 3000);
  });

  it('is one timeout when there is no retry', () => {
    expect(worstCaseRetryDurationMs(settings({ maxAttempts: 1 }))).toBe(1000);
  });

  it('is unbounded without a per-attempt timeout', () => {
    expect(worstCaseRetryDurationMs(settings({}, 0))).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it('stays exact and fast for a huge number of attempts', () => {
    const retry = {
      maxAttempts: 1_000_000,
      baseDelayMs: 100,
      maxDelayMs: 1000,
    };
    // delays 100, 200, 400, 800, then 999_995 capped ones
    expect(worstCaseRetryDurationMs(settings(retry, 10))).toBe(
      10_000_000 + 1500 + 999_995 * 1000,
    );
  });
});

describe('assertRetryBudget', () => {
  it('passes when the worst case fits the budget exactly, or the budget is off', () => {
    expect(() =>
      assertRetryBudget('product-service', settings({ budgetMs: 3600 })),
    ).not.toThrow();
    expect(() =>
      assertRetryBudget('product-service', settings({ budgetMs: 0 }, 0)),
    ).not.toThrow();
  });

  it('fails naming the service, the key and both numbers', () => {
    let thrown: unknown;
    try {
      assertRetryBudget('product-service', settings({ budgetMs: 3599 }));
    } catch (error) {
      thrown = error;
    }
    expect(isResilienceConfigurationError(thrown)).toBe(true);
    expect((thrown as { problems: string[] }).problems).toEqual([
      'services.product-service.retry.budgetMs: worst case 3600 ms (3 attempts x 1000 ms ' +
        'circuitBreaker.timeoutMs + 600 ms of delays) exceeds the budget of 3599 ms; raise ' +
        'retry.budgetMs or lower retry.maxAttempts, circuitBreaker.timeoutMs or the delays',
    ]);
  });

  it('names the decorator site and refuses a budget no attempt timeout can keep', () => {
    expect(() =>
      assertRetryBudget(
        'defaults',
        settings({ budgetMs: 5000 }, 0),
        'OrdersService.create',
      ),
    ).toThrow(
      'defaults.retry.budgetMs (in OrdersService.create): worst case is unbounded because ' +
        'circuitBreaker.timeoutMs is 0 (no per-attempt timeout), so it cannot fit the budget of 5000 ms',
    );
  });
});
