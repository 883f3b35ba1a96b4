import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  isResilienceConfigurationError,
  ResilienceConfigurationError,
} from '../errors/resilience-configuration.error.js';
import { loadResilienceSettings } from './resilience-config.loader.js';
import { RESILIENCE_DEFAULTS } from './resilience-defaults.constants.js';
import { worstCaseRetryDurationMs } from './retry-budget.check.js';

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (isResilienceConfigurationError(error)) {
      return [...error.problems];
    }
    throw error;
  }
  throw new Error('expected a ResilienceConfigurationError');
}

describe('loadResilienceSettings', () => {
  let dir: string;
  let count = 0;
  const writeYaml = (text: string): string => {
    const path = join(dir, `config-${++count}.yaml`);
    writeFileSync(path, text);
    return path;
  };
  const writeJson = (value: unknown): string => {
    const path = join(dir, `config-${++count}.json`);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'resilience-loader-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('sources', () => {
    it('applies the built-in defaults when nothing is configured', () => {
      const settings = loadResilienceSettings();
      expect(settings.defaults).toStrictEqual(RESILIENCE_DEFAULTS);
      expect(settings.services).toStrictEqual({});
    });

    it('merges the file over the defaults, and each service over the file defaults', () => {
      const file = writeYaml(
        [
          'defaults:',
          '  retry: { maxAttempts: 5 }',
          'services:',
          '  product-service:',
          '    circuitBreaker: { timeoutMs: 2000 }',
          '  postgres:',
        ].join('\n'),
      );
      const settings = loadResilienceSettings({ file });
      expect(settings.defaults.retry.maxAttempts).toBe(5);
      expect(settings.services['product-service']).toStrictEqual({
        circuitBreaker: {
          ...RESILIENCE_DEFAULTS.circuitBreaker,
          timeoutMs: 2000,
        },
        retry: { ...RESILIENCE_DEFAULTS.retry, maxAttempts: 5 },
        bulkhead: RESILIENCE_DEFAULTS.bulkhead,
      });
      expect(settings.services.postgres).toStrictEqual(settings.defaults);
    });

    it('reads the same settings from YAML and JSON', () => {
      const value = {
        defaults: { bulkhead: { maxConcurrent: 4, maxQueue: 8 } },
        services: {
          'delivery-service': { retry: { backoff: 'linear', jitter: 'none' } },
        },
      };
      const yaml = writeYaml(
        [
          'defaults:',
          '  bulkhead: { maxConcurrent: 4, maxQueue: 8 }',
          'services:',
          '  delivery-service:',
          '    retry: { backoff: linear, jitter: none }',
        ].join('\n'),
      );
      const fromJson = loadResilienceSettings({ file: writeJson(value) });
      const fromYaml = loadResilienceSettings({ file: yaml });
      expect(fromJson.services).toStrictEqual(fromYaml.services);
      expect(fromYaml.services['delivery-service']?.retry.backoff).toBe(
        'linear',
      );
      expect(fromYaml.defaults.bulkhead).toStrictEqual({
        maxConcurrent: 4,
        maxQueue: 8,
      });
    });

    it('overrides numbers, booleans and enums from the environment, kebab-case services included', () => {
      const file = writeYaml(
        'services:\n  product-service: {}\n  fhir-server: {}\n',
      );
      const settings = loadResilienceSettings({
        file,
        env: {
          RESILIENCE__PRODUCT_SERVICE__CIRCUIT_BREAKER__TIMEOUT_MS: '2000',
          RESILIENCE__PRODUCT_SERVICE__CIRCUIT_BREAKER__CRITICAL: 'true',
          RESILIENCE__FHIR_SERVER__RETRY__JITTER: 'decorrelated',
          RESILIENCE__DEFAULTS__RETRY__MAX_ATTEMPTS: '5',
          RESILIENCE__DEFAULTS__RETRY__RESPECT_RETRY_AFTER: 'false',
        },
      });
      expect(
        settings.services['product-service']?.circuitBreaker,
      ).toMatchObject({
        timeoutMs: 2000,
        critical: true,
      });
      expect(settings.services['fhir-server']?.retry).toMatchObject({
        jitter: 'decorrelated',
        maxAttempts: 5,
        respectRetryAfter: false,
      });
      expect(settings.defaults.retry.maxAttempts).toBe(5);
    });
  });

  describe('precedence', () => {
    // Each level sets retry.maxAttempts to its own number, so the winner is visible.
    const file = () =>
      writeYaml(
        [
          'defaults: { retry: { maxAttempts: 4 } }',
          'services:',
          '  own-in-file: { retry: { maxAttempts: 6 } }',
          '  own-in-env: { retry: { maxAttempts: 6 } }',
          '  inherits: {}',
        ].join('\n'),
      );
    const env = {
      RESILIENCE__DEFAULTS__RETRY__MAX_ATTEMPTS: '5',
      RESILIENCE__OWN_IN_ENV__RETRY__MAX_ATTEMPTS: '7',
    };

    it('is built-in < file defaults < env defaults < file service < env service < decorator', () => {
      const settings = loadResilienceSettings({ file: file(), env });
      expect(RESILIENCE_DEFAULTS.retry.maxAttempts).toBe(3);
      expect(
        loadResilienceSettings({ file: file() }).defaults.retry.maxAttempts,
      ).toBe(4);
      expect(settings.defaults.retry.maxAttempts).toBe(5);
      expect(settings.services.inherits?.retry.maxAttempts).toBe(5);
      expect(settings.services['own-in-file']?.retry.maxAttempts).toBe(6);
      expect(settings.services['own-in-env']?.retry.maxAttempts).toBe(7);
      expect(
        settings.resolveService('own-in-env', { retry: { maxAttempts: 8 } })
          .retry.maxAttempts,
      ).toBe(8);
    });
  });

  describe('resolveService', () => {
    const load = () =>
      loadResilienceSettings({
        file: writeYaml(
          'services:\n  product-service: { retry: { maxAttempts: 2 } }\n  redis: {}\n',
        ),
      });

    it('merges decorator overrides for one call only, ignoring unset ones', () => {
      const settings = load();
      const resolved = settings.resolveService('product-service', {
        retry: { backoff: 'fixed', baseDelayMs: undefined },
        bulkhead: { maxConcurrent: 3 },
      });
      expect(resolved.retry).toMatchObject({
        maxAttempts: 2,
        backoff: 'fixed',
        baseDelayMs: 200,
      });
      expect(resolved.bulkhead.maxConcurrent).toBe(3);
      expect(settings.resolveService('product-service').retry.backoff).toBe(
        'exponential',
      );
    });

    it('hands out a fresh copy each time, the loaded settings staying frozen', () => {
      const settings = load();
      const copy = settings.resolveService('product-service');
      copy.circuitBreaker.timeoutMs = 1;
      expect(
        settings.services['product-service']?.circuitBreaker.timeoutMs,
      ).toBe(10_000);
      expect(
        Object.isFrozen(settings.services['product-service']?.circuitBreaker),
      ).toBe(true);
    });

    it('stops on an unknown service, naming the decorator site and the known services', () => {
      expect(
        problemsOf(() =>
          load().resolveService('produkt-service', {}, 'OrdersService.create'),
        ),
      ).toEqual([
        'OrdersService.create: unknown service "produkt-service" (known: product-service, redis); ' +
          'declare it under services in the resilience configuration file',
      ]);
    });

    it('validates decorator overrides, naming the site', () => {
      expect(
        problemsOf(() =>
          load().resolveService(
            'product-service',
            { retry: { maxAttempts: 0, jitter: 'wild' as never } },
            'OrdersService.create',
          ),
        ),
      ).toEqual([
        'services.product-service.retry.maxAttempts (in OrdersService.create): must be a whole number >= 1 (got 0)',
        'services.product-service.retry.jitter (in OrdersService.create): must be one of full, equal, decorrelated, none (got "wild")',
      ]);
      expect(
        problemsOf(() =>
          load().resolveService(
            'redis',
            { retry: { budgetMs: 20_000 } },
            'CacheService.get',
          ),
        ),
      ).toEqual([
        'services.redis.retry.budgetMs (in CacheService.get): worst case 40000 ms (3 attempts x ' +
          '10000 ms circuitBreaker.timeoutMs + 10000 ms of delays) exceeds the budget of 20000 ms; ' +
          'raise retry.budgetMs or lower retry.maxAttempts, circuitBreaker.timeoutMs or the delays',
      ]);
    });
  });

  describe('invalid configuration', () => {
    it('names service, key and allowed values for a bad value in the file', () => {
      const file = writeYaml(
        'services:\n  product-service:\n    retry: { backoff: expo }\n',
      );
      expect(() => loadResilienceSettings({ file })).toThrow(
        ResilienceConfigurationError,
      );
      expect(problemsOf(() => loadResilienceSettings({ file }))).toEqual([
        'services.product-service.retry.backoff: must be one of exponential, linear, fixed (got "expo")',
      ]);
    });

    it('names the variable of a bad value from the environment', () => {
      const file = writeYaml('services:\n  product-service: {}\n');
      expect(
        problemsOf(() =>
          loadResilienceSettings({
            file,
            env: {
              RESILIENCE__PRODUCT_SERVICE__CIRCUIT_BREAKER__TIMEOUT_MS: '2s',
              RESILIENCE__PRODUCT_SERVICE__CIRCUIT_BREAKER__CRITICAL: 'yes',
              RESILIENCE__DEFAULTS__RETRY__BACKOFF: 'expo',
            },
          }),
        ),
      ).toEqual([
        'defaults.retry.backoff (from RESILIENCE__DEFAULTS__RETRY__BACKOFF): must be one of ' +
          'exponential, linear, fixed (got "expo")',
        'services.product-service.circuitBreaker.timeoutMs (from ' +
          'RESILIENCE__PRODUCT_SERVICE__CIRCUIT_BREAKER__TIMEOUT_MS): must be a whole number of ' +
          'milliseconds from 0 to 2147483647 (got "2s")',
        'services.product-service.circuitBreaker.critical (from ' +
          'RESILIENCE__PRODUCT_SERVICE__CIRCUIT_BREAKER__CRITICAL): must be true or false (got "yes")',
      ]);
    });

    it('reports the problems of file and environment together', () => {
      const file = writeYaml(
        'services:\n  redis: { retry: { maxAttempt: 2 } }\n',
      );
      expect(
        problemsOf(() =>
          loadResilienceSettings({
            file,
            env: { RESILIENCE__REDIS__RETRY__MAX_ATTEMPT: '2' },
          }),
        ),
      ).toEqual([
        'services.redis.retry.maxAttempt: unknown key (allowed: maxAttempts, backoff, baseDelayMs, ' +
          'maxDelayMs, jitter, respectRetryAfter, budgetMs)',
        'RESILIENCE__REDIS__RETRY__MAX_ATTEMPT: unknown key MAX_ATTEMPT in RETRY (allowed: ' +
          'MAX_ATTEMPTS, BACKOFF, BASE_DELAY_MS, MAX_DELAY_MS, JITTER, RESPECT_RETRY_AFTER, BUDGET_MS)',
      ]);
    });

    it('refuses variables for services the file does not declare', () => {
      expect(
        problemsOf(() =>
          loadResilienceSettings({
            env: { RESILIENCE__PRODUCT_SERVICE__RETRY__MAX_ATTEMPTS: '2' },
          }),
        ),
      ).toEqual([
        'RESILIENCE__PRODUCT_SERVICE__RETRY__MAX_ATTEMPTS: no service "product-service" in the ' +
          'configuration file (known: none); declare it under services first',
      ]);
    });

    it('reports a rule broken by the defaults once, and again only for services that touch it', () => {
      const file = writeYaml(
        [
          'defaults: { retry: { baseDelayMs: 1000, maxDelayMs: 500 } }',
          'services:',
          '  inherits: {}',
          '  sets-base: { retry: { baseDelayMs: 800 } }',
          '  fixes-it: { retry: { maxDelayMs: 1000 } }',
        ].join('\n'),
      );
      expect(problemsOf(() => loadResilienceSettings({ file }))).toEqual([
        'defaults.retry.maxDelayMs: must be >= retry.baseDelayMs (1000) (got 500)',
        'services.sets-base.retry.maxDelayMs: must be >= retry.baseDelayMs (800) (got 500)',
      ]);
    });

    it('checks each service against its retry budget', () => {
      const file = writeYaml(
        [
          'services:',
          '  fits: { circuitBreaker: { timeoutMs: 1000 }, retry: { budgetMs: 3600, respectRetryAfter: false } }',
          '  exceeds: { circuitBreaker: { timeoutMs: 1000 }, retry: { budgetMs: 3500, respectRetryAfter: false } }',
        ].join('\n'),
      );
      expect(problemsOf(() => loadResilienceSettings({ file }))).toEqual([
        'services.exceeds.retry.budgetMs: worst case 3600 ms (3 attempts x 1000 ms ' +
          'circuitBreaker.timeoutMs + 600 ms of delays) exceeds the budget of 3500 ms; raise ' +
          'retry.budgetMs or lower retry.maxAttempts, circuitBreaker.timeoutMs or the delays',
      ]);
    });

    it('names the path of a missing file', () => {
      const file = join(dir, 'nope.yaml');
      expect(problemsOf(() => loadResilienceSettings({ file }))).toEqual([
        `${file}: configuration file not found (check RESILIENCE_CONFIG_FILE)`,
      ]);
    });

    it('gives the line of unparsable YAML', () => {
      const file = writeYaml('services:\n  a: {}\n  b: [\n');
      expect(problemsOf(() => loadResilienceSettings({ file }))[0]).toMatch(
        new RegExp(`^${file}:4:1: invalid YAML: `),
      );
    });
  });

  describe('the shipped config/resilience.yaml', () => {
    const shipped = fileURLToPath(
      new URL('../../../../config/resilience.yaml', import.meta.url),
    );

    it("is valid and carries the seeds' values", () => {
      const { services } = loadResilienceSettings({ file: shipped });
      expect(Object.keys(services)).toEqual([
        'product-service',
        'delivery-service',
        'fhir-server',
        'postgres',
        'redis',
        'rabbitmq',
        'nats',
        'alert-webhook',
        'terminology-server',
        'inventory-service',
        'payment-service',
        'shipping-service',
      ]);
      expect(services['product-service']).toMatchObject({
        circuitBreaker: {
          errorThresholdPercentage: 50,
          volumeThreshold: 10,
          resetTimeoutMs: 30_000,
        },
        retry: { maxAttempts: 3, backoff: 'exponential' },
      });
      expect(services['delivery-service']).toMatchObject({
        circuitBreaker: {
          errorThresholdPercentage: 40,
          volumeThreshold: 5,
          resetTimeoutMs: 60_000,
        },
        retry: { maxAttempts: 2, backoff: 'linear', baseDelayMs: 2000 },
      });
      // The outbox relay's brokers: a circuit that retries publishing soon after an outage.
      for (const broker of ['rabbitmq', 'nats']) {
        expect(services[broker]?.circuitBreaker).toMatchObject({
          resetTimeoutMs: 5_000,
          critical: false,
        });
      }
      expect(services['fhir-server']?.circuitBreaker).toMatchObject({
        failureThreshold: 3,
        halfOpenSuccessThreshold: 2,
        timeoutMs: 5000,
        resetTimeoutMs: 30_000,
      });
    });

    it('gives every retried service a budget that covers the worst case its comment states', () => {
      const { services } = loadResilienceSettings({ file: shipped });
      // Redis commands are not retried, and the outbox relay makes one attempt per batch.
      const budgets = Object.fromEntries(
        Object.entries(services)
          .filter(([name]) => !['redis', 'rabbitmq', 'nats'].includes(name))
          .map(([name, settings]) => [
            name,
            [worstCaseRetryDurationMs(settings), settings.retry.budgetMs],
          ]),
      );
      for (const unbudgeted of ['redis', 'rabbitmq', 'nats']) {
        expect(services[unbudgeted]?.retry.budgetMs).toBe(0);
      }
      expect(budgets).toStrictEqual({
        'product-service': [19_000, 30_000],
        'delivery-service': [22_000, 30_000],
        'fhir-server': [75_000, 75_000],
        postgres: [10_500, 12_000],
        'alert-webhook': [35_000, 35_000],
        'terminology-server': [5_000, 6_000],
        'inventory-service': [25_000, 30_000],
        'payment-service': [25_000, 30_000],
        'shipping-service': [25_000, 30_000],
      });
    });
  });
});
