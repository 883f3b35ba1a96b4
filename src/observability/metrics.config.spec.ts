import { isEnvironmentInvalidError } from '../config/environment-invalid.error.js';
import { metricsConfig } from './metrics.config.js';

const TOKEN = 'scrape-token-0123456789';

describe('metricsConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  function load(env: Record<string, string>): ReturnType<typeof metricsConfig> {
    process.env = { ...env };
    return metricsConfig();
  }

  function failure(env: Record<string, string>): string {
    try {
      load(env);
    } catch (error) {
      expect(isEnvironmentInvalidError(error)).toBe(true);
      return (error as Error).message;
    }
    throw new Error('expected the environment to be refused');
  }

  it('serves open metrics by default; empty values count as unset', () => {
    expect(load({})).toEqual({ enabled: true, token: undefined });
    expect(load({ METRICS_ENABLED: '', METRICS_TOKEN: '' })).toEqual({
      enabled: true,
      token: undefined,
    });
  });

  it('takes a token, and turns the metrics off', () => {
    expect(load({ METRICS_TOKEN: TOKEN })).toEqual({
      enabled: true,
      token: TOKEN,
    });
    expect(load({ METRICS_ENABLED: 'false' }).enabled).toBe(false);
  });

  it('stops the start on a bad flag, a short token, or a token for metrics turned off, naming the variable and never the value', () => {
    expect(failure({ METRICS_ENABLED: 'yes' })).toContain(
      'METRICS_ENABLED: must be true or false',
    );
    const short = failure({ METRICS_TOKEN: 'short-secret' });
    expect(short).toContain('METRICS_TOKEN: must be at least 16 characters');
    expect(short).not.toContain('short-secret');
    expect(failure({ METRICS_TOKEN: 'has a space in it ok' })).toContain(
      'METRICS_TOKEN: must be printable ASCII without spaces',
    );
    expect(
      failure({ METRICS_ENABLED: 'false', METRICS_TOKEN: TOKEN }),
    ).toContain('METRICS_TOKEN: protects GET /metrics');
  });
});
