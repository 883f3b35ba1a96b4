import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** PostgreSQL of the tests (start it with `docker compose up -d postgres` if it is not running). */
export const POSTGRES_URL =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A PostgreSQL schema of its own for one spec file, so reruns and other specs never share tables. */
export interface MessagingTestDatabase {
  schema: string;
  /** Variables pointing the app's database setup at the schema. */
  env: Record<string, string>;
  /** Runs a statement in the schema. */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<T[]>;
  drop(): Promise<void>;
}

/** Creates the schema. @throws naming the service and how to start it when PostgreSQL is down */
export async function createMessagingTestDatabase(
  prefix: string,
): Promise<MessagingTestDatabase> {
  const schema = `${prefix}_${process.pid}_${randomUUID().slice(0, 8)}`;
  const pool = new pg.Pool({
    connectionString: POSTGRES_URL,
    max: 4,
    options: `-c search_path=${schema}`,
  });
  // An idle connection cut by a server restart is replaced on next use; it must not crash the run.
  pool.on('error', () => undefined);
  try {
    await pool.query(`CREATE SCHEMA ${schema}`);
  } catch (error) {
    await pool.end();
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_URL} (start it with \`docker compose up -d postgres\`): ${String(error)}`,
    );
  }
  return {
    schema,
    env: {
      DATABASE_URL: POSTGRES_URL,
      DATABASE_SCHEMA: schema,
      DATABASE_POOL_SIZE: '10',
    },
    query: async <T>(sql: string, params: unknown[] = []) =>
      (await pool.query(sql, params)).rows as T[],
    drop: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    },
  };
}
