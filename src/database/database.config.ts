import { registerAs, type ConfigType } from '@nestjs/config';
import { z } from 'zod';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(POSTGRES_URL, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_SQLITE_PATH: z.string().min(1).default('data/app.sqlite'),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  DATABASE_IDLE_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
});

/** The database settings the application runs with. */
export interface DatabaseSettings {
  /** PostgreSQL when `DATABASE_URL` is set, an SQLite file otherwise. */
  kind: 'postgres' | 'sqlite';
  /** `DATABASE_URL`, PostgreSQL only. */
  url?: string;
  /** SQLite file, created with its folder if missing. @default data/app.sqlite */
  sqlitePath: string;
  /** PostgreSQL schema holding the tables. @default the connection's search path (public) */
  schema?: string;
  /** Connections in the PostgreSQL pool. @default 10 */
  poolSize: number;
  /** How long opening a connection may take. @default 5000 */
  connectTimeoutMs: number;
  /** How long one statement may run (PostgreSQL `statement_timeout`; SQLite busy timeout). @default 10000 */
  statementTimeoutMs: number;
  /** Idle PostgreSQL connections are closed after this. @default 30000 */
  idleTimeoutMs: number;
}

/** Validates `env` into {@link DatabaseSettings}. @throws Error naming every invalid variable */
export function parseDatabaseSettings(
  env: NodeJS.ProcessEnv,
): DatabaseSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(
      `Invalid database environment:\n  - ${problems.join('\n  - ')}`,
    );
  }
  const e = parsed.data;
  return {
    kind: e.DATABASE_URL ? 'postgres' : 'sqlite',
    ...(e.DATABASE_URL ? { url: e.DATABASE_URL } : {}),
    sqlitePath: e.DATABASE_SQLITE_PATH,
    ...(e.DATABASE_SCHEMA ? { schema: e.DATABASE_SCHEMA } : {}),
    poolSize: e.DATABASE_POOL_SIZE,
    connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    idleTimeoutMs: e.DATABASE_IDLE_TIMEOUT_MS,
  };
}

/**
 * The `database` configuration namespace, validated at boot: PostgreSQL when `DATABASE_URL`
 * is set, else the SQLite file `DATABASE_SQLITE_PATH`; pool size and timeouts from
 * `DATABASE_POOL_SIZE`, `DATABASE_CONNECT_TIMEOUT_MS`, `DATABASE_STATEMENT_TIMEOUT_MS`,
 * `DATABASE_IDLE_TIMEOUT_MS`.
 */
export const databaseConfig = registerAs('database', () =>
  parseDatabaseSettings(process.env),
);

/** Type of the injected `database` namespace. */
export type DatabaseConfig = ConfigType<typeof databaseConfig>;
