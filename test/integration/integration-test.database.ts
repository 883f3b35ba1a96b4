import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** RabbitMQ of the tests (start it with `docker compose up -d rabbitmq` if it is not running). */
export const RABBITMQ_URL =
  process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** PostgreSQL of the tests (start it with `docker compose up -d postgres` if it is not running). */
export const POSTGRES_URL =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A PostgreSQL schema of its own, so concurrent suites never share tables. */
export interface TestSchema {
  name: string;
  drop(): Promise<void>;
}

/** Creates a fresh schema. @throws Error naming PostgreSQL and how to start it when unreachable */
export async function createTestSchema(): Promise<TestSchema> {
  const name = `integration_e2e_${process.pid}_${randomUUID().slice(0, 8)}`;
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
