import type { EntityManager } from 'typeorm';

/** Table the test consumers append to in their effect: what was applied, in which order. */
export const APPLIED_LOG_TABLE = 'messaging_e2e_applied';

/** Creates the applied log in the app's schema. */
export const CREATE_APPLIED_LOG = `CREATE TABLE IF NOT EXISTS ${APPLIED_LOG_TABLE} (
  id bigserial PRIMARY KEY,
  message_id varchar(255) NOT NULL,
  group_key varchar(255),
  sequence integer,
  pattern varchar(255) NOT NULL,
  attempt integer NOT NULL,
  consumer_pid integer NOT NULL
)`;

/** One applied message. */
export interface AppliedRow {
  id: string;
  message_id: string;
  group_key: string | null;
  sequence: number | null;
  pattern: string;
  attempt: number;
}

/** Appends to the applied log through the effect's transaction. */
export async function logApplied(
  manager: EntityManager,
  entry: {
    messageId: string;
    groupKey?: string;
    sequence?: number;
    pattern: string;
    attempt: number;
  },
): Promise<void> {
  // The app's data source names its schema but leaves the search path alone.
  const { schema } = manager.connection.options as { schema?: string };
  const table = schema ? `"${schema}".${APPLIED_LOG_TABLE}` : APPLIED_LOG_TABLE;
  await manager.query(
    `INSERT INTO ${table} (message_id, group_key, sequence, pattern, attempt, consumer_pid)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      entry.messageId,
      entry.groupKey ?? null,
      entry.sequence ?? null,
      entry.pattern,
      entry.attempt,
      process.pid,
    ],
  );
}
