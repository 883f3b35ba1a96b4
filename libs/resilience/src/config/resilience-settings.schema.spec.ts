import { RESILIENCE_DEFAULTS } from './resilience-defaults.constants.js';
import { formatSettingsIssues } from './resilience-issue.formatter.js';
import { mergeServiceSettings } from './resilience-settings.merge.js';
import {
  resilienceFileSchema,
  serviceSettingsSchema,
} from './resilience-settings.schema.js';

function fileProblems(file: unknown): string[] {
  const result = resilienceFileSchema.safeParse(file, { reportInput: true });
  return result.success ? [] : formatSettingsIssues(result.error.issues);
}

function serviceValue(section: string, key: string, value: unknown): unknown {
  return { services: { 'product-service': { [section]: { [key]: value } } } };
}

const MS_FROM_0 = 'must be a whole number of milliseconds from 0 to 2147483647';
const MS_FROM_1 = 'must be a whole number of milliseconds from 1 to 2147483647';

describe('resilienceFileSchema', () => {
  it('accepts a file that sets any subset of keys, and an empty service', () => {
    expect(
      fileProblems({
        defaults: { retry: { maxAttempts: 1 } },
        services: {
          'product-service': {
            circuitBreaker: { critical: true },
            bulkhead: {},
          },
          postgres: null,
          'oauth2-provider': {},
        },
      }),
    ).toEqual([]);
    expect(fileProblems({})).toEqual([]);
  });

  it.each([
    ['circuitBreaker', 'timeoutMs', -1, `${MS_FROM_0} (got -1)`],
    ['circuitBreaker', 'timeoutMs', 1.5, `${MS_FROM_0} (got 1.5)`],
    ['circuitBreaker', 'timeoutMs', '2s', `${MS_FROM_0} (got "2s")`],
    [
      'circuitBreaker',
      'timeoutMs',
      2_147_483_648,
      `${MS_FROM_0} (got 2147483648)`,
    ],
    ['circuitBreaker', 'resetTimeoutMs', 0, `${MS_FROM_1} (got 0)`],
    ['circuitBreaker', 'rollingCountTimeoutMs', 0, `${MS_FROM_1} (got 0)`],
    ['circuitBreaker', 'slowCallDurationMs', -5, `${MS_FROM_0} (got -5)`],
    [
      'circuitBreaker',
      'errorThresholdPercentage',
      0,
      'must be a number greater than 0 and at most 100 (got 0)',
    ],
    [
      'circuitBreaker',
      'errorThresholdPercentage',
      100.5,
      'must be a number greater than 0 and at most 100 (got 100.5)',
    ],
    [
      'circuitBreaker',
      'slowCallRateThreshold',
      -1,
      'must be a number from 0 to 100 (got -1)',
    ],
    [
      'circuitBreaker',
      'slowCallRateThreshold',
      101,
      'must be a number from 0 to 100 (got 101)',
    ],
    [
      'circuitBreaker',
      'volumeThreshold',
      0,
      'must be a whole number >= 1 (got 0)',
    ],
    [
      'circuitBreaker',
      'rollingCountBuckets',
      0,
      'must be a whole number >= 1 (got 0)',
    ],
    [
      'circuitBreaker',
      'halfOpenSuccessThreshold',
      0,
      'must be a whole number >= 1 (got 0)',
    ],
    [
      'circuitBreaker',
      'failureThreshold',
      -1,
      'must be a whole number >= 0 (got -1)',
    ],
    [
      'circuitBreaker',
      'capacity',
      2.5,
      'must be a whole number >= 0 (got 2.5)',
    ],
    ['circuitBreaker', 'critical', 'yes', 'must be true or false (got "yes")'],
    ['retry', 'maxAttempts', 0, 'must be a whole number >= 1 (got 0)'],
    ['retry', 'maxAttempts', null, 'must be a whole number >= 1 (got null)'],
    [
      'retry',
      'backoff',
      'expo',
      'must be one of exponential, linear, fixed (got "expo")',
    ],
    [
      'retry',
      'jitter',
      'random',
      'must be one of full, equal, decorrelated, none (got "random")',
    ],
    ['retry', 'baseDelayMs', -100, `${MS_FROM_0} (got -100)`],
    ['retry', 'maxDelayMs', 3e9, `${MS_FROM_0} (got 3000000000)`],
    ['retry', 'respectRetryAfter', 1, 'must be true or false (got 1)'],
    [
      'retry',
      'budgetMs',
      -1,
      'must be a whole number of milliseconds >= 0 (got -1)',
    ],
    ['bulkhead', 'maxConcurrent', -1, 'must be a whole number >= 0 (got -1)'],
    ['bulkhead', 'maxQueue', [5], 'must be a whole number >= 0 (got a list)'],
  ])(
    'rejects %s.%s = %j naming service, key and what is allowed',
    (section, key, value, message) => {
      expect(fileProblems(serviceValue(section, key, value))).toEqual([
        `services.product-service.${section}.${key}: ${message}`,
      ]);
    },
  );

  it('names the defaults section when the bad value is there', () => {
    expect(fileProblems({ defaults: { retry: { backoff: 'expo' } } })).toEqual([
      'defaults.retry.backoff: must be one of exponential, linear, fixed (got "expo")',
    ]);
  });

  it('rejects unknown keys at every level, listing the allowed ones', () => {
    expect(
      fileProblems({
        service: {},
        defaults: { retries: {} },
        services: { 'product-service': { retry: { maxAttempt: 3 } } },
      }),
    ).toEqual([
      'defaults.retries: unknown section (allowed: circuitBreaker, retry, bulkhead)',
      'services.product-service.retry.maxAttempt: unknown key (allowed: maxAttempts, backoff, ' +
        'baseDelayMs, maxDelayMs, jitter, respectRetryAfter, budgetMs)',
      'service: unknown key (allowed: defaults, services, features)',
    ]);
  });

  it('rejects a section or file of the wrong shape', () => {
    expect(fileProblems({ services: { a: { retry: 3 } } })).toEqual([
      'services.a.retry: must be a mapping of retry settings (maxAttempts, backoff, baseDelayMs, ' +
        'maxDelayMs, jitter, respectRetryAfter, budgetMs) (got 3)',
    ]);
    expect(fileProblems([1])).toEqual([
      'configuration: must be a mapping with defaults, services and features (got a list)',
    ]);
  });

  it.each(['Product_Service', 'product--service', '2fa', 'defaults'])(
    'rejects the service name %j, which would not map onto one variable name',
    (name) => {
      expect(fileProblems({ services: { [name]: {} } })).toEqual([
        `services.${name}: service names must be kebab-case (lower-case letters and digits in ` +
          `words joined by single hyphens, starting with a letter) and not "defaults" (got "${name}")`,
      ]);
    },
  );
});

describe('serviceSettingsSchema (merged settings)', () => {
  function mergedProblems(
    layer: Parameters<typeof mergeServiceSettings>[1],
  ): string[] {
    const result = serviceSettingsSchema.safeParse(
      mergeServiceSettings(RESILIENCE_DEFAULTS, layer),
      { reportInput: true },
    );
    return result.success
      ? []
      : formatSettingsIssues(result.error.issues, { prefix: ['defaults'] });
  }

  it('requires maxDelayMs >= baseDelayMs', () => {
    expect(
      mergedProblems({ retry: { baseDelayMs: 2000, maxDelayMs: 1000 } }),
    ).toEqual([
      'defaults.retry.maxDelayMs: must be >= retry.baseDelayMs (2000) (got 1000)',
    ]);
    expect(
      mergedProblems({ retry: { baseDelayMs: 1000, maxDelayMs: 1000 } }),
    ).toEqual([]);
  });

  it('requires a rolling window of whole-millisecond buckets', () => {
    expect(
      mergedProblems({
        circuitBreaker: {
          rollingCountTimeoutMs: 10_000,
          rollingCountBuckets: 7,
        },
      }),
    ).toEqual([
      'defaults.circuitBreaker.rollingCountTimeoutMs: must be a multiple of ' +
        'circuitBreaker.rollingCountBuckets (7), so each bucket spans whole milliseconds (got 10000)',
    ]);
    expect(
      mergedProblems({
        circuitBreaker: {
          rollingCountTimeoutMs: 7_000,
          rollingCountBuckets: 7,
        },
      }),
    ).toEqual([]);
  });

  it('rejects a queue without a bulkhead', () => {
    expect(
      mergedProblems({ bulkhead: { maxConcurrent: 0, maxQueue: 5 } }),
    ).toEqual([
      'defaults.bulkhead.maxQueue: must be 0 while bulkhead.maxConcurrent is 0 (the bulkhead is off) (got 5)',
    ]);
    expect(
      mergedProblems({ bulkhead: { maxConcurrent: 2, maxQueue: 5 } }),
    ).toEqual([]);
  });

  it('checks the retry budget', () => {
    // 3 x 10000 + 2 x 5000: the defaults respect Retry-After, so each wait may reach maxDelayMs.
    expect(mergedProblems({ retry: { budgetMs: 39_999 } })).toEqual([
      'defaults.retry.budgetMs: worst case 40000 ms (3 attempts x 10000 ms circuitBreaker.timeoutMs ' +
        '+ 10000 ms of delays) exceeds the budget of 39999 ms; raise retry.budgetMs or lower ' +
        'retry.maxAttempts, circuitBreaker.timeoutMs or the delays',
    ]);
    expect(mergedProblems({ retry: { budgetMs: 40_000 } })).toEqual([]);
  });
});
