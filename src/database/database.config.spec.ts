import { parseDatabaseSettings } from './database.config.js';

describe('parseDatabaseSettings', () => {
  it('uses an SQLite file with defaults when DATABASE_URL is unset', () => {
    expect(parseDatabaseSettings({})).toEqual({
      kind: 'sqlite',
      sqlitePath: 'data/app.sqlite',
      poolSize: 10,
      connectTimeoutMs: 5_000,
      statementTimeoutMs: 10_000,
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
        DATABASE_STATEMENT_TIMEOUT_MS: '0',
      }),
    ).toMatchObject({
      kind: 'postgres',
      url: 'postgres://app@127.0.0.1:5432/app',
      schema: 'orders',
      poolSize: 20,
      connectTimeoutMs: 2_000,
      statementTimeoutMs: 0,
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
});
