import { registerAs, type ConfigType } from '@nestjs/config';
import { z } from 'zod';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

const schema = z
  .object({
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
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100)
      .default(1_000),
    DATABASE_POOL_ACQUIRE_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(100)
      .default(1_000),
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce
      .number()
      .int()
      .min(0)
      .default(1_500),
    DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(0).default(2_000),
    DATABASE_IDLE_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  })
  .refine(
    (e) => e.DATABASE_CONNECT_TIMEOUT_MS <= e.DATABASE_POOL_ACQUIRE_TIMEOUT_MS,
    {
      path: ['DATABASE_CONNECT_TIMEOUT_MS'],
      message:
        'must not exceed DATABASE_POOL_ACQUIRE_TIMEOUT_MS: a connection is opened while a call ' +
        'waits to acquire one, so a longer connect timeout could never take effect',
    },
  );

/** Variables only PostgreSQL uses: set without `DATABASE_URL`, they stop the start. */
const POSTGRES_ONLY = [
  'DATABASE_SCHEMA',
  'DATABASE_POOL_SIZE',
  'DATABASE_CONNECT_TIMEOUT_MS',
  'DATABASE_POOL_ACQUIRE_TIMEOUT_MS',
  'DATABASE_QUERY_TIMEOUT_MS',
  'DATABASE_IDLE_TIMEOUT_MS',
] as const;

/**
 * The database settings the application runs with. Together, the timeouts bound what a hung
 * PostgreSQL costs a request: a call waits at most `poolAcquireTimeoutMs` for a connection
 * (opening one included) and `queryTimeoutMs` for each answer; the defaults keep an order
 * request under 3 s.
 */
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
  /** How long opening a PostgreSQL connection may take. @default 1000 */
  connectTimeoutMs: number;
  /**
   * How long a call waits for a PostgreSQL connection when every pooled one is busy (or while
   * a new one opens) before it fails 503. @default 1000
   */
  poolAcquireTimeoutMs: number;
  /**
   * How long one statement may run: PostgreSQL's server-side `statement_timeout` (the server
   * cancels it, the connection stays usable), SQLite's busy timeout. `0`: none. @default 1500
   */
  statementTimeoutMs: number;
  /**
   * How long a PostgreSQL statement may go without any answer, counted by the client: it then
   * fails 503 and its connection is dropped (a hung server or a dead network path never
   * answers, not even to cancel). Keep it above `statementTimeoutMs`. `0`: none. @default 2000
   */
  queryTimeoutMs: number;
  /** Idle PostgreSQL connections are closed after this. @default 30000 */
  idleTimeoutMs: number;
}

/**
 * Validates `env` into {@link DatabaseSettings}. A variable of the database kind not in use
 * (a pool setting without `DATABASE_URL`, the SQLite path with it) is refused, not ignored.
 * @throws Error naming every invalid variable
 */
export function parseDatabaseSettings(
  env: NodeJS.ProcessEnv,
): DatabaseSettings {
  const parsed = schema.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues).map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    ),
    ...(env.DATABASE_URL && env.DATABASE_SQLITE_PATH !== undefined
      ? [
          'DATABASE_SQLITE_PATH: applies to SQLite only, and DATABASE_URL is set (PostgreSQL)',
        ]
      : []),
    ...(env.DATABASE_URL
      ? []
      : POSTGRES_ONLY.filter((name) => env[name] !== undefined).map(
          (name) =>
            `${name}: applies to PostgreSQL only, and DATABASE_URL is unset (SQLite)`,
        )),
  ];
  if (!parsed.success || problems.length > 0) {
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
    poolAcquireTimeoutMs: e.DATABASE_POOL_ACQUIRE_TIMEOUT_MS,
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    queryTimeoutMs: e.DATABASE_QUERY_TIMEOUT_MS,
    idleTimeoutMs: e.DATABASE_IDLE_TIMEOUT_MS,
  };
}

/**
 * The `database` configuration namespace, validated at boot: PostgreSQL when `DATABASE_URL`
 * is set, else the SQLite file `DATABASE_SQLITE_PATH`; pool size and timeouts from
 * `DATABASE_POOL_SIZE`, `DATABASE_CONNECT_TIMEOUT_MS`, `DATABASE_POOL_ACQUIRE_TIMEOUT_MS`,
 * `DATABASE_STATEMENT_TIMEOUT_MS`, `DATABASE_QUERY_TIMEOUT_MS`, `DATABASE_IDLE_TIMEOUT_MS`.
 */
export const databaseConfig = registerAs('database', () =>
  parseDatabaseSettings(process.env),
);

/** Type of the injected `database` namespace. */
export type DatabaseConfig = ConfigType<typeof databaseConfig>;
