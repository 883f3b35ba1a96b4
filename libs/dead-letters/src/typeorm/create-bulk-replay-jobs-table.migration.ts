import {
  Table,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';
import { BULK_REPLAY_JOB_TABLE } from './bulk-replay-job.entity.js';

function columns(postgres: boolean): TableColumnOptions[] {
  const timestamp = postgres ? 'timestamptz' : 'datetime';
  const text = (name: string, length: number, nullable = true) => ({
    name,
    type: 'varchar',
    length: String(length),
    isNullable: nullable,
  });
  const time = (name: string, nullable = true) => ({
    name,
    type: timestamp,
    isNullable: nullable,
  });
  const count = (name: string) => ({ name, type: 'integer', default: 0 });
  return [
    { ...text('id', 36, false), isPrimary: true },
    text('state', 16, false),
    { name: 'filter', type: 'json' },
    { name: 'rate_per_second', type: 'double precision' },
    { name: 'max_entries', type: 'integer', isNullable: true },
    text('actor', 255),
    count('claimed'),
    count('delivered'),
    count('handed_over'),
    count('failed'),
    count('released'),
    count('skipped'),
    time('position_created_at'),
    text('position_id', 36),
    text('chunk_token', 36),
    text('owner', 255),
    text('lease_token', 36),
    time('lease_expires_at'),
    time('heartbeat_at'),
    count('takeovers'),
    time('cancel_requested_at'),
    text('cancel_requested_by', 255),
    time('started_at', false),
    time('finished_at'),
    { name: 'error', type: 'text', isNullable: true },
  ];
}

/**
 * Creates the table of bulk replay jobs, so that a job is seen from every instance and
 * outlives the one running it. One migration for PostgreSQL and SQLite alike (types chosen per
 * driver, through TypeORM's schema API so a configured schema is honoured). Listed in
 * `DEAD_LETTER_MIGRATIONS`; import it as a class, never by a glob path.
 */
export class CreateBulkReplayJobsTableMigration implements MigrationInterface {
  /** TypeORM orders migrations by the timestamp at the end of this name. */
  readonly name = 'CreateBulkReplayJobsTable1767657600100';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.createTable(
      new Table({
        name: BULK_REPLAY_JOB_TABLE,
        columns: columns(postgres),
        indices: [
          new TableIndex({
            name: 'idx_dead_letter_replay_jobs_started',
            columnNames: ['started_at', 'id'],
          }),
          new TableIndex({
            name: 'idx_dead_letter_replay_jobs_state_lease',
            columnNames: ['state', 'lease_expires_at'],
          }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(BULK_REPLAY_JOB_TABLE, true);
  }
}
