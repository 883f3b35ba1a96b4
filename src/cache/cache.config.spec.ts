import { cacheConfig } from './cache.config.js';

describe('cacheConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  function load(env: Record<string, string>) {
    const {
      REDIS_URL: _url,
      REDIS_COMMAND_TIMEOUT_MS: _command,
      REDIS_CONNECT_TIMEOUT_MS: _connect,
      REDIS_MAX_RECONNECT_DELAY_MS: _reconnect,
      ...rest
    } = saved;
    process.env = { ...rest, ...env };
    return cacheConfig();
  }

  it('bounds every Redis call by default', () => {
    expect(load({ REDIS_URL: 'redis://127.0.0.1:6379' })).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      commandTimeoutMs: 200,
      connectTimeoutMs: 1_000,
      maxReconnectDelayMs: 2_000,
    });
  });

  it('takes the timeouts from the environment', () => {
    expect(
      load({
        REDIS_URL: 'redis://127.0.0.1:6379',
        REDIS_COMMAND_TIMEOUT_MS: '50',
        REDIS_CONNECT_TIMEOUT_MS: '500',
        REDIS_MAX_RECONNECT_DELAY_MS: '1000',
      }),
    ).toMatchObject({
      commandTimeoutMs: 50,
      connectTimeoutMs: 500,
      maxReconnectDelayMs: 1_000,
    });
  });

  it('stops the start on a bad timeout, or on a Redis setting without REDIS_URL', () => {
    expect(() =>
      load({
        REDIS_URL: 'redis://127.0.0.1:6379',
        REDIS_COMMAND_TIMEOUT_MS: 'fast',
      }),
    ).toThrow(/REDIS_COMMAND_TIMEOUT_MS/);
    expect(() => load({ REDIS_CONNECT_TIMEOUT_MS: '500' })).toThrow(
      /REDIS_CONNECT_TIMEOUT_MS: applies to Redis only, and REDIS_URL is unset/,
    );
  });
});
