import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import { EnvironmentHealthIndicator } from './environment.health.js';

function indicator(env: Record<string, string>): EnvironmentHealthIndicator {
  return new EnvironmentHealthIndicator(
    new HealthIndicatorService(),
    new ConfigService(env),
  );
}

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
  REDIS_URL: 'redis://127.0.0.1:6379',
  DLQ_ENCRYPTION_KEY: 'k1:a2V5',
};

describe('EnvironmentHealthIndicator', () => {
  it('is up in production with named admin tokens alone, as the start accepts them', () => {
    const result = indicator({
      ...PRODUCTION,
      ADMIN_TOKENS: 'alice:0123456789abcdef',
    }).isHealthy();
    expect(result.environment.status).toBe('up');
    expect(result.environment.required).toContain(
      'ADMIN_TOKEN or ADMIN_TOKENS',
    );
  });

  it('names what production misses, never a value', () => {
    const result = indicator({ NODE_ENV: 'production' }).isHealthy();
    expect(result.environment).toMatchObject({
      status: 'down',
      missing: [
        'DATABASE_URL',
        'REDIS_URL',
        'ADMIN_TOKEN or ADMIN_TOKENS',
        'DLQ_ENCRYPTION_KEY',
      ],
    });
  });

  it('requires only the extra variables outside production', () => {
    const result = indicator({ NODE_ENV: 'development' }).isHealthy(
      'environment',
      ['PAYMENT_API_KEY'],
    );
    expect(result.environment).toMatchObject({
      status: 'down',
      required: ['PAYMENT_API_KEY'],
      missing: ['PAYMENT_API_KEY'],
    });
  });
});
