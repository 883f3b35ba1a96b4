import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import { layerResilienceFiles } from './resilience-config-layers.merge.js';
import { loadResilienceSettings } from './resilience-config.loader.js';
import { RESILIENCE_DEFAULTS } from './resilience-defaults.constants.js';

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (isResilienceConfigurationError(error)) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ResilienceConfigurationError');
}

describe('layerResilienceFiles', () => {
  it('merges key by key, later layers winning, and records who set each key', () => {
    const { file, origins } = layerResilienceFiles([
      {
        layer: 'base',
        sourceOf: () => 'shipped.yaml',
        file: {
          defaults: { retry: { maxAttempts: 3, baseDelayMs: 100 } },
          services: {
            a: { retry: { maxAttempts: 2 }, bulkhead: { maxConcurrent: 4 } },
            b: null,
          },
        },
      },
      {
        layer: 'overlay',
        sourceOf: () => 'user.yaml',
        file: {
          defaults: { retry: { maxAttempts: 5 } },
          services: { a: { bulkhead: { maxQueue: 2 } }, c: {} },
        },
      },
      {
        layer: 'env',
        sourceOf: (path) => `VAR(${path})`,
        file: { services: { a: { retry: { maxAttempts: 4 } } } },
      },
    ]);
    expect(file).toStrictEqual({
      defaults: { retry: { maxAttempts: 5, baseDelayMs: 100 } },
      services: {
        a: {
          retry: { maxAttempts: 4 },
          bulkhead: { maxConcurrent: 4, maxQueue: 2 },
        },
        b: {},
        c: {},
      },
    });
    expect(origins.baseServices).toEqual(['a', 'b']);
    expect(origins.services.a).toStrictEqual({
      'retry.maxAttempts': {
        layer: 'env',
        source: 'VAR(services.a.retry.maxAttempts)',
      },
      'bulkhead.maxConcurrent': { layer: 'base', source: 'shipped.yaml' },
      'bulkhead.maxQueue': { layer: 'overlay', source: 'user.yaml' },
    });
    expect(origins.services.c).toStrictEqual({});
  });
});

describe('loadResilienceSettings with a base file', () => {
  let dir: string;
  let count = 0;
  const write = (text: string): string => {
    const path = join(dir, `layer-${++count}.yaml`);
    writeFileSync(path, text);
    return path;
  };
  const shipped = () =>
    write(
      [
        'defaults:',
        '  circuitBreaker: { timeoutMs: 5000 }',
        'services:',
        '  product-service:',
        '    circuitBreaker: { timeoutMs: 2000, volumeThreshold: 10 }',
        '    retry: { maxAttempts: 3 }',
        '  delivery-service:',
        '    circuitBreaker: { volumeThreshold: 5, resetTimeoutMs: 60000 }',
        '    retry: { maxAttempts: 2, backoff: linear }',
      ].join('\n'),
    );

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'resilience-layers-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the shipped settings of every service and key the user file does not mention', () => {
    const baseFile = shipped();
    const file = write(
      'services:\n  product-service:\n    retry: { maxAttempts: 5 }\n',
    );
    const alone = loadResilienceSettings({ file: baseFile });
    const settings = loadResilienceSettings({ baseFile, file });
    expect(settings.services['delivery-service']).toStrictEqual(
      alone.services['delivery-service'],
    );
    expect(settings.services['product-service']).toStrictEqual({
      ...alone.services['product-service'],
      retry: { ...alone.services['product-service']!.retry, maxAttempts: 5 },
    });
    expect(settings.origins?.services['product-service']).toMatchObject({
      'retry.maxAttempts': { layer: 'overlay', source: file },
      'circuitBreaker.timeoutMs': { layer: 'base', source: baseFile },
    });
  });

  it('puts the environment over both files, and a service value over every default', () => {
    const settings = loadResilienceSettings({
      baseFile: shipped(),
      file: write(
        [
          'defaults:',
          '  circuitBreaker: { timeoutMs: 1000 }',
          'services:',
          '  delivery-service:',
          '    retry: { maxAttempts: 3 }',
        ].join('\n'),
      ),
      env: { RESILIENCE__DELIVERY_SERVICE__RETRY__MAX_ATTEMPTS: '1' },
    });
    // The user's default reaches services that set no timeout of their own...
    expect(
      settings.services['delivery-service']?.circuitBreaker.timeoutMs,
    ).toBe(1000);
    // ...but not one whose shipped entry sets it.
    expect(settings.services['product-service']?.circuitBreaker.timeoutMs).toBe(
      2000,
    );
    expect(settings.services['delivery-service']?.retry.maxAttempts).toBe(1);
    expect(
      settings.origins?.services['delivery-service']?.['retry.maxAttempts'],
    ).toStrictEqual({
      layer: 'env',
      source: 'RESILIENCE__DELIVERY_SERVICE__RETRY__MAX_ATTEMPTS',
    });
  });

  it('lets the user file declare a service of its own, which variables may then tune', () => {
    const settings = loadResilienceSettings({
      baseFile: shipped(),
      file: write('services:\n  audit-log:\n    retry: { maxAttempts: 2 }\n'),
      env: { RESILIENCE__AUDIT_LOG__RETRY__BACKOFF: 'fixed' },
    });
    expect(Object.keys(settings.services)).toEqual([
      'product-service',
      'delivery-service',
      'audit-log',
    ]);
    expect(settings.services['audit-log']?.retry).toMatchObject({
      maxAttempts: 2,
      backoff: 'fixed',
    });
    expect(settings.origins?.baseServices).toEqual([
      'product-service',
      'delivery-service',
    ]);
  });

  it('names the file of a bad value or an unknown key when there are two', () => {
    const baseFile = shipped();
    const file = write(
      [
        'services:',
        '  product-service:',
        '    retry: { maxAttempts: 0 }',
        '    bulkhead: { maxConcurent: 5 }',
        'timeouts: {}',
      ].join('\n'),
    );
    expect(
      problemsOf(() => loadResilienceSettings({ baseFile, file })),
    ).toEqual([
      `services.product-service.retry.maxAttempts (in ${file}): must be a whole number >= 1 (got 0)`,
      `services.product-service.bulkhead.maxConcurent (in ${file}): unknown key (allowed: maxConcurrent, maxQueue)`,
      `timeouts (in ${file}): unknown key (allowed: defaults, services, features)`,
    ]);
  });

  it('checks rules across keys on the merged result, naming where the offending key was set', () => {
    const file = write(
      'services:\n  delivery-service:\n    retry: { maxDelayMs: 100, baseDelayMs: 200 }\n',
    );
    expect(
      problemsOf(() => loadResilienceSettings({ baseFile: shipped(), file })),
    ).toEqual([
      `services.delivery-service.retry.maxDelayMs (in ${file}): must be >= retry.baseDelayMs (200) (got 100)`,
    ]);
  });

  it('layers settings given in code over the base file the same way', () => {
    const settings = loadResilienceSettings({
      baseFile: shipped(),
      config: {
        services: { 'product-service': { bulkhead: { maxConcurrent: 5 } } },
      },
    });
    expect(settings.services['product-service']?.bulkhead).toStrictEqual({
      ...RESILIENCE_DEFAULTS.bulkhead,
      maxConcurrent: 5,
    });
    expect(
      settings.origins?.services['product-service']?.['bulkhead.maxConcurrent'],
    ).toStrictEqual({ layer: 'overlay', source: 'config' });
    expect(settings.services['delivery-service']?.retry.backoff).toBe('linear');
  });

  it('treats a lone file as the base, as a library user without a shipped file has it', () => {
    const settings = loadResilienceSettings({ file: shipped() });
    expect(settings.origins?.baseServices).toEqual([
      'product-service',
      'delivery-service',
    ]);
    expect(
      Object.values(settings.origins?.services['product-service'] ?? {}).map(
        ({ layer }) => layer,
      ),
    ).toEqual(['base', 'base', 'base']);
  });
});
