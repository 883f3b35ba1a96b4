import { RESILIENCE_DEFAULTS } from './resilience-defaults.constants.js';
import {
  mergeServiceSettings,
  settingsLayerKeys,
} from './resilience-settings.merge.js';

describe('mergeServiceSettings', () => {
  it('merges layers key by key, later ones winning, skipping undefined and empty layers', () => {
    const merged = mergeServiceSettings(
      RESILIENCE_DEFAULTS,
      { retry: { maxAttempts: 5, backoff: 'fixed' } },
      null,
      undefined,
      { retry: { maxAttempts: 7, baseDelayMs: undefined } },
    );
    expect(merged.retry).toStrictEqual({
      ...RESILIENCE_DEFAULTS.retry,
      maxAttempts: 7,
      backoff: 'fixed',
    });
    expect(merged.circuitBreaker).toStrictEqual(
      RESILIENCE_DEFAULTS.circuitBreaker,
    );
  });

  it('returns a fresh copy that does not share sections with its base', () => {
    const merged = mergeServiceSettings(RESILIENCE_DEFAULTS);
    merged.bulkhead.maxConcurrent = 4;
    expect(RESILIENCE_DEFAULTS.bulkhead.maxConcurrent).toBe(0);
  });
});

describe('settingsLayerKeys', () => {
  it('lists the keys a layer sets', () => {
    expect(
      settingsLayerKeys({
        retry: { maxAttempts: 2, jitter: undefined },
        bulkhead: { maxQueue: 1 },
      }),
    ).toEqual(['retry.maxAttempts', 'bulkhead.maxQueue']);
    expect(settingsLayerKeys(null)).toEqual([]);
  });
});
