import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadResilienceSettings } from '../config/resilience-config.loader.js';
import type { ResolvedResilienceSettings } from '../config/resilience-settings.interface.js';
import { isResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import {
  assertConfiguredLayersUsed,
  configuredLayerProblems,
} from './configured-layer.check.js';
import { GuardedLayerRegistry } from './guarded-layer.registry.js';

describe('configuredLayerProblems', () => {
  let dir: string;
  let base: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'configured-layers-'));
    base = join(dir, 'shipped.yaml');
    writeFileSync(
      base,
      [
        'defaults:',
        '  bulkhead: { maxConcurrent: 8 }', // a default: never reported
        'services:',
        '  product-service:',
        '    circuitBreaker: { timeoutMs: 2000, volumeThreshold: 10 }',
        '    retry: { maxAttempts: 3 }',
        '  nats:',
        '    circuitBreaker: { volumeThreshold: 3 }',
      ].join('\n'),
    );
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const guardedBy = (
    ...declarations: Parameters<GuardedLayerRegistry['declare']>[]
  ): GuardedLayerRegistry => {
    const registry = new GuardedLayerRegistry();
    for (const declaration of declarations) registry.declare(...declaration);
    return registry;
  };
  const productClient = () =>
    guardedBy([
      'product-service',
      ['circuitBreaker', 'timeout', 'retry'],
      'ProductClient.check',
    ]);
  const load = (
    options: Parameters<typeof loadResilienceSettings>[0] = {},
  ): ResolvedResilienceSettings =>
    loadResilienceSettings({ baseFile: base, ...options });

  it('accepts every key whose layer a call passes through, and defaults of layers nobody uses', () => {
    expect(configuredLayerProblems(load(), productClient())).toEqual([]);
  });

  it('names a section set for a service whose calls never pass through that layer, and where it was set', () => {
    const settings = load({
      env: { RESILIENCE__PRODUCT_SERVICE__BULKHEAD__MAX_CONCURRENT: '5' },
    });
    expect(configuredLayerProblems(settings, productClient())).toEqual([
      'services.product-service.bulkhead is set (maxConcurrent from ' +
        'RESILIENCE__PRODUCT_SERVICE__BULKHEAD__MAX_CONCURRENT) but no @Bulkhead guards ' +
        "product-service calls; add @Bulkhead('product-service') to the methods that call it, " +
        'or remove the setting',
    ]);
  });

  it('counts circuitBreaker.timeoutMs as used by @Timeout, and the rest of the section as not', () => {
    const settings = load();
    const timedOnly = guardedBy([
      'product-service',
      ['timeout', 'retry'],
      'ProductClient.check',
    ]);
    expect(configuredLayerProblems(settings, timedOnly)).toEqual([
      `services.product-service.circuitBreaker is set (volumeThreshold in ${base}) but no ` +
        "@CircuitBreaker guards product-service calls; add @CircuitBreaker('product-service') " +
        'to the methods that call it, or remove the setting',
    ]);
    const breakerWithoutTimeout = guardedBy([
      'product-service',
      ['circuitBreaker', 'retry'],
      'Relay',
    ]);
    expect(configuredLayerProblems(settings, breakerWithoutTimeout)).toEqual([
      `services.product-service.circuitBreaker.timeoutMs is set (timeoutMs in ${base}) but no ` +
        '@CircuitBreaker or @Timeout guards product-service calls; add ' +
        "@CircuitBreaker('product-service') to the methods that call it, or remove the setting",
    ]);
  });

  it("reports the user's keys, not the shipped ones, for a service nothing calls", () => {
    const user = join(dir, 'user.yaml');
    writeFileSync(user, 'services:\n  nats:\n    retry: { maxAttempts: 2 }\n');
    const problems = configuredLayerProblems(
      load({ file: user }),
      productClient(),
    );
    expect(problems).toEqual([
      `services.nats.retry is set (maxAttempts in ${user}) but nothing in this application ` +
        'calls nats as it is configured now (services called: product-service); remove the setting',
    ]);
  });

  it('stops on a service only the user file declares that nothing calls, listing the known ones', () => {
    const settings = load({
      config: { services: { 'alert-hook': { retry: { maxAttempts: 2 } } } },
    });
    expect(configuredLayerProblems(settings, productClient())).toEqual([
      'services.alert-hook (in config): unknown service: nothing in this application calls it ' +
        '(known: product-service, nats)',
    ]);
    const called = guardedBy(['alert-hook', ['retry'], 'AlertHook.post']);
    expect(configuredLayerProblems(settings, called)).toEqual([]);
  });

  it('without origins, counts the values that differ from the defaults as set', () => {
    const settings = load({
      env: { RESILIENCE__PRODUCT_SERVICE__BULKHEAD__MAX_QUEUE: '4' },
    });
    const { origins: _origins, ...bare } = settings;
    expect(configuredLayerProblems(bare, productClient())).toEqual([
      expect.stringMatching(
        /^services\.product-service\.bulkhead is set \(maxQueue in configuration\)/,
      ),
    ]);
  });

  it('throws every problem at once as a ResilienceConfigurationError', () => {
    const settings = load({
      env: {
        RESILIENCE__PRODUCT_SERVICE__BULKHEAD__MAX_CONCURRENT: '5',
        RESILIENCE__NATS__RETRY__MAX_ATTEMPTS: '2',
      },
    });
    let failure: unknown;
    try {
      assertConfiguredLayersUsed(settings, productClient());
    } catch (error) {
      failure = error;
    }
    expect(isResilienceConfigurationError(failure)).toBe(true);
    expect(
      (failure as { problems: string[] }).problems.map(
        (p) => p.split(' is set')[0],
      ),
    ).toEqual(['services.product-service.bulkhead', 'services.nats.retry']);
  });
});
