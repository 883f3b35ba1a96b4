import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** PostgreSQL of the tests (start it with `docker compose up -d postgres` if it is not running). */
export const POSTGRES_URL =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A PostgreSQL schema of a spec's own, dropped at the end. */
export interface TestSchema {
  name: string;
  drop(): Promise<void>;
}

/**
 * Creates a fresh schema named after `prefix`, so concurrent suites and reruns never share
 * tables.
 * @throws Error naming PostgreSQL and how to start it when unreachable
 */
export async function createTestSchema(prefix: string): Promise<TestSchema> {
  const name = `${prefix}_${process.pid}_${randomUUID().slice(0, 8)}`;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${POSTGRES_URL} (start it with \`docker compose up -d postgres\`): ${String(error)}`,
    );
  }
  await client.query(`CREATE SCHEMA ${name}`);
  await client.end();
  return {
    name,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: POSTGRES_URL });
      await dropper.connect();
      await dropper.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      await dropper.end();
    },
  };
}
