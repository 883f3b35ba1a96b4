import { parseDatabaseSettings } from './database.config.js';

describe('parseDatabaseSettings', () => {
  it('uses an SQLite file with defaults when DATABASE_URL is unset', () => {
    expect(parseDatabaseSettings({})).toEqual({
      kind: 'sqlite',
      sqlitePath: 'data/app.sqlite',
      poolSize: 10,
      connectTimeoutMs: 1_000,
      poolAcquireTimeoutMs: 1_000,
      statementTimeoutMs: 1_500,
      queryTimeoutMs: 2_000,
      idleTimeoutMs: 30_000,
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set, with the configured pool and timeouts', () => {
    expect(
      parseDatabaseSettings({
        DATABASE_URL: 'postgres://app@127.0.0.1:5432/app',
        DATABASE_SCHEMA: 'orders',
        DATABASE_POOL_SIZE: '20',
        DATABASE_CONNECT_TIMEOUT_MS: '2000',
        DATABASE_POOL_ACQUIRE_TIMEOUT_MS: '2500',
        DATABASE_STATEMENT_TIMEOUT_MS: '0',
        DATABASE_QUERY_TIMEOUT_MS: '8000',
      }),
    ).toMatchObject({
      kind: 'postgres',
      url: 'postgres://app@127.0.0.1:5432/app',
      schema: 'orders',
      poolSize: 20,
      connectTimeoutMs: 2_000,
      poolAcquireTimeoutMs: 2_500,
      statementTimeoutMs: 0,
      queryTimeoutMs: 8_000,
    });
  });

  it('stops the start with a message naming every invalid variable', () => {
    expect(() =>
      parseDatabaseSettings({
        DATABASE_URL: 'mysql://nope',
        DATABASE_POOL_SIZE: '0',
        DATABASE_SCHEMA: 'Bad-Schema',
      }),
    ).toThrow(
      /DATABASE_URL: must be a postgres:\/\/[\s\S]*DATABASE_SCHEMA[\s\S]*DATABASE_POOL_SIZE/,
    );
  });

  it('stops the start when the connect timeout exceeds the acquire timeout, which would hide it', () => {
    expect(() =>
      parseDatabaseSettings({
        DATABASE_URL: 'postgres://app@127.0.0.1:5432/app',
        DATABASE_CONNECT_TIMEOUT_MS: '3000',
      }),
    ).toThrow(
      /DATABASE_CONNECT_TIMEOUT_MS: must not exceed DATABASE_POOL_ACQUIRE_TIMEOUT_MS/,
    );
  });

  it('refuses timeouts that are not whole milliseconds', () => {
    expect(() =>
      parseDatabaseSettings({
        DATABASE_QUERY_TIMEOUT_MS: 'soon',
        DATABASE_POOL_ACQUIRE_TIMEOUT_MS: '10',
      }),
    ).toThrow(
      /DATABASE_POOL_ACQUIRE_TIMEOUT_MS[\s\S]*DATABASE_QUERY_TIMEOUT_MS|DATABASE_QUERY_TIMEOUT_MS[\s\S]*DATABASE_POOL_ACQUIRE_TIMEOUT_MS/,
    );
  });

  it('stops the start on a PostgreSQL setting given without DATABASE_URL, where it would do nothing', () => {
    expect(() =>
      parseDatabaseSettings({ DATABASE_POOL_ACQUIRE_TIMEOUT_MS: '2000' }),
    ).toThrow(
      /DATABASE_POOL_ACQUIRE_TIMEOUT_MS: applies to PostgreSQL only, and DATABASE_URL is unset/,
    );
    // The statement timeout is SQLite's busy timeout as well.
    expect(
      parseDatabaseSettings({ DATABASE_STATEMENT_TIMEOUT_MS: '3000' })
        .statementTimeoutMs,
    ).toBe(3_000);
  });

  it('stops the start on an SQLite path given with DATABASE_URL, where it would do nothing', () => {
    expect(() =>
      parseDatabaseSettings({
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
        DATABASE_SQLITE_PATH: 'data/other.sqlite',
      }),
    ).toThrow(
      /DATABASE_SQLITE_PATH: applies to SQLite only, and DATABASE_URL is set/,
    );
  });
});
