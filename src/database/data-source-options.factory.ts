import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseSettings } from './database.config.js';
import { GuardedPgClient } from './guarded-pg.client.js';
import { GuardedPgPool } from './guarded-pg.pool.js';
import {
  DATABASE_ENTITIES,
  DATABASE_MIGRATIONS,
} from './database.constants.js';
import { TypeOrmNestLogger } from './typeorm-nest.logger.js';

/** Statements slower than this are logged. */
const SLOW_STATEMENT_MS = 1_000;

/**
 * TypeORM data source options for the settings: the same entities and migrations for both
 * drivers, migrations run at start (never `synchronize`).
 *
 * PostgreSQL: a bounded pool (`poolSize`) whose callers wait at most `poolAcquireTimeoutMs`
 * for a connection ({@link GuardedPgPool}), connections opened within `connectTimeoutMs`,
 * server-side `statement_timeout`, a client-side `queryTimeoutMs` after which a statement
 * without an answer fails and its connection is dropped, TCP keep-alive, and clients that log a
 * lost connection instead of crashing ({@link GuardedPgClient}). Every one of these failures
 * is classified `DEPENDENCY_UNAVAILABLE`. When the server restarts, pg drops the broken
 * connections and opens new ones on demand: no app restart.
 *
 * SQLite (better-sqlite3): the file and its folder are created if missing; WAL journal, busy
 * timeout of `statementTimeoutMs`.
 */
export function createDataSourceOptions(
  settings: DatabaseSettings,
): DataSourceOptions {
  const shared = {
    entities: DATABASE_ENTITIES,
    migrations: DATABASE_MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    logger: new TypeOrmNestLogger(),
    logging: ['warn', 'migration', 'schema'] as (
      'warn' | 'migration' | 'schema'
    )[],
    maxQueryExecutionTime: SLOW_STATEMENT_MS,
  };
  if (settings.kind === 'postgres') {
    return {
      ...shared,
      type: 'postgres',
      url: settings.url,
      ...(settings.schema ? { schema: settings.schema } : {}),
      applicationName: 'resilience-toolkit',
      poolSize: settings.poolSize,
      driver: {
        ...pg,
        Pool: GuardedPgPool.withAcquireTimeout(settings.poolAcquireTimeoutMs),
      },
      extra: {
        statement_timeout: settings.statementTimeoutMs || undefined,
        idleTimeoutMillis: settings.idleTimeoutMs,
        keepAlive: true,
        Client: GuardedPgClient.withTimeouts({
          connectTimeoutMs: settings.connectTimeoutMs,
          queryTimeoutMs: settings.queryTimeoutMs,
        }),
      },
    };
  }
  const file = resolve(settings.sqlitePath);
  mkdirSync(dirname(file), { recursive: true });
  return {
    ...shared,
    type: 'better-sqlite3',
    database: file,
    enableWAL: true,
    timeout: settings.statementTimeoutMs || 5_000,
  };
}
