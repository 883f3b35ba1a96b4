import {
  appConfig,
  DEFAULT_BODY_MAX_DEPTH,
  missingProductionVariables,
} from './app.config.js';
import { isEnvironmentInvalidError } from './environment-invalid.error.js';

const COMPLETE = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db/app',
  REDIS_URL: 'redis://cache:6379',
  ADMIN_TOKEN: 'production-admin-token-0123456789',
  DLQ_ENCRYPTION_KEY: 'a-key-whose-format-is-checked-elsewhere',
};

describe('appConfig', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  /** The namespace read from exactly `env`, or the error it stops the boot with. */
  function load(env: Record<string, string>): ReturnType<typeof appConfig> {
    process.env = { ...env };
    return appConfig();
  }

  function failure(env: Record<string, string>): Error {
    try {
      load(env);
    } catch (error) {
      expect(isEnvironmentInvalidError(error)).toBe(true);
      return error as Error;
    }
    throw new Error('expected the environment to be refused');
  }

  it('starts a production instance given everything it requires', () => {
    const config = load(COMPLETE);
    expect(config.production).toBe(true);
    expect(config.adminTokenGenerated).toBe(false);
  });

  it('accepts named admin tokens in place of ADMIN_TOKEN in production', () => {
    const { ADMIN_TOKEN: _unset, ...rest } = COMPLETE;
    expect(
      missingProductionVariables({
        ...rest,
        ADMIN_TOKENS: 'alice:alice-token-0123456789',
      }),
    ).toEqual([]);
  });

  it('names every missing production variable in one message, one line each', () => {
    const error = failure({ NODE_ENV: 'production' });
    const lines = error.message.split('\n').slice(1);
    expect(lines).toEqual([
      '  - DATABASE_URL: required in production',
      '  - REDIS_URL: required in production',
      '  - ADMIN_TOKEN or ADMIN_TOKENS: required in production',
      '  - DLQ_ENCRYPTION_KEY: required in production',
    ]);
  });

  it('counts empty and blank values as missing', () => {
    const error = failure({ ...COMPLETE, REDIS_URL: '', DATABASE_URL: '  ' });
    expect(error.message).toContain('DATABASE_URL: required in production');
    expect(error.message).toContain('REDIS_URL: required in production');
    expect(error.message).not.toContain('ADMIN_TOKEN');
  });

  it('reports missing and invalid variables together, never a value', () => {
    const error = failure({
      NODE_ENV: 'production',
      PORT: 'eighty',
      ADMIN_READONLY_TOKEN: 'short-secret',
    });
    expect(error.message).toMatch(/PORT: /);
    expect(error.message).toMatch(/ADMIN_READONLY_TOKEN: /);
    expect(error.message).toContain('DATABASE_URL: required in production');
    expect(error.message).not.toContain('short-secret');
    expect(error.message).not.toContain('eighty');
  });

  it('requires nothing outside production', () => {
    for (const NODE_ENV of ['development', 'test']) {
      const config = load({ NODE_ENV });
      expect(config.production).toBe(false);
      expect(config.adminTokenGenerated).toBe(true);
    }
    expect(load({}).port).toBe(3000);
  });

  it('reads BODY_MAX_DEPTH, 32 by default, and refuses one out of range', () => {
    expect(load({}).bodyMaxDepth).toBe(DEFAULT_BODY_MAX_DEPTH);
    expect(load({ BODY_MAX_DEPTH: '8' }).bodyMaxDepth).toBe(8);
    for (const bad of ['0', '1001', '2.5', 'deep']) {
      expect(failure({ BODY_MAX_DEPTH: bad }).message).toMatch(
        /BODY_MAX_DEPTH: /,
      );
    }
  });
});
