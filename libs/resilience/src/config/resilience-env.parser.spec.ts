import {
  readResilienceEnvOverrides,
  resilienceEnvVariableName,
} from './resilience-env.parser.js';

const KNOWN = ['product-service', 'fhir-server'];

describe('resilienceEnvVariableName', () => {
  it('maps kebab-case services and camelCase keys to SCREAMING_SNAKE segments', () => {
    expect(
      resilienceEnvVariableName(
        'product-service',
        'circuitBreaker',
        'timeoutMs',
      ),
    ).toBe('RESILIENCE__PRODUCT_SERVICE__CIRCUIT_BREAKER__TIMEOUT_MS');
    expect(resilienceEnvVariableName('defaults', 'retry', 'maxAttempts')).toBe(
      'RESILIENCE__DEFAULTS__RETRY__MAX_ATTEMPTS',
    );
    expect(
      resilienceEnvVariableName(
        'oauth2-provider',
        'circuitBreaker',
        'errorThresholdPercentage',
      ),
    ).toBe(
      'RESILIENCE__OAUTH2_PROVIDER__CIRCUIT_BREAKER__ERROR_THRESHOLD_PERCENTAGE',
    );
  });
});

describe('readResilienceEnvOverrides', () => {
  it('reads numbers, booleans and enums into the file shape, remembering each source', () => {
    const result = readResilienceEnvOverrides(
      {
        RESILIENCE__PRODUCT_SERVICE__CIRCUIT_BREAKER__TIMEOUT_MS: ' 2000 ',
        RESILIENCE__PRODUCT_SERVICE__CIRCUIT_BREAKER__CRITICAL: 'TRUE',
        RESILIENCE__FHIR_SERVER__RETRY__RESPECT_RETRY_AFTER: '0',
        RESILIENCE__DEFAULTS__RETRY__BACKOFF: 'Linear',
        RESILIENCE__DEFAULTS__CIRCUIT_BREAKER__ERROR_THRESHOLD_PERCENTAGE:
          '37.5',
        RESILIENCE_CONFIG_FILE: 'ignored.yaml',
        PATH: '/usr/bin',
      },
      KNOWN,
    );
    expect(result.problems).toEqual([]);
    expect(result.overrides).toStrictEqual({
      defaults: {
        circuitBreaker: { errorThresholdPercentage: 37.5 },
        retry: { backoff: 'linear' },
      },
      services: {
        'fhir-server': { retry: { respectRetryAfter: false } },
        'product-service': {
          circuitBreaker: { critical: true, timeoutMs: 2000 },
        },
      },
    });
    expect(
      result.sources.get('services.product-service.circuitBreaker.timeoutMs'),
    ).toBe('RESILIENCE__PRODUCT_SERVICE__CIRCUIT_BREAKER__TIMEOUT_MS');
  });

  it('leaves text that is not of the key type as text, for the schema to report', () => {
    const { overrides } = readResilienceEnvOverrides(
      {
        RESILIENCE__DEFAULTS__RETRY__MAX_ATTEMPTS: '3x',
        RESILIENCE__DEFAULTS__RETRY__BASE_DELAY_MS: '0x10',
        RESILIENCE__DEFAULTS__RETRY__RESPECT_RETRY_AFTER: 'maybe',
      },
      KNOWN,
    );
    expect(overrides.defaults?.retry).toStrictEqual({
      maxAttempts: '3x',
      baseDelayMs: '0x10',
      respectRetryAfter: 'maybe',
    });
  });

  it('treats empty values as unset', () => {
    const result = readResilienceEnvOverrides(
      { RESILIENCE__DEFAULTS__RETRY__MAX_ATTEMPTS: '', RESILIENCE__X: '  ' },
      KNOWN,
    );
    expect(result).toMatchObject({ overrides: {}, problems: [] });
  });

  it('reports every variable that names no setting', () => {
    const { problems, overrides } = readResilienceEnvOverrides(
      {
        RESILIENCE__PRODUCT_SERVICE__TIMEOUT_MS: '1',
        RESILIENCE__PRODUCT_SERVICE__BREAKER__TIMEOUT_MS: '1',
        RESILIENCE__PRODUCT_SERVICE__RETRY__ATTEMPTS: '1',
        RESILIENCE__PRODUKT_SERVICE__RETRY__MAX_ATTEMPTS: '1',
      },
      KNOWN,
    );
    expect(overrides).toStrictEqual({});
    expect(problems).toEqual([
      'RESILIENCE__PRODUCT_SERVICE__BREAKER__TIMEOUT_MS: unknown section BREAKER (allowed: ' +
        'CIRCUIT_BREAKER, RETRY, BULKHEAD)',
      'RESILIENCE__PRODUCT_SERVICE__RETRY__ATTEMPTS: unknown key ATTEMPTS in RETRY (allowed: ' +
        'MAX_ATTEMPTS, BACKOFF, BASE_DELAY_MS, MAX_DELAY_MS, JITTER, RESPECT_RETRY_AFTER, BUDGET_MS)',
      'RESILIENCE__PRODUCT_SERVICE__TIMEOUT_MS: expected RESILIENCE__<DEFAULTS or SERVICE_NAME>__' +
        '<SECTION>__<KEY>, for example RESILIENCE__PRODUCT_SERVICE__CIRCUIT_BREAKER__TIMEOUT_MS',
      'RESILIENCE__PRODUKT_SERVICE__RETRY__MAX_ATTEMPTS: no service "produkt-service" in the ' +
        'configuration file (known: product-service, fhir-server); declare it under services first',
    ]);
  });
});
