import {
  Table,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';
import { DEAD_LETTER_TABLE } from './dead-letter.entity.js';
import { ERROR_LOG_TABLE } from './error-log.entity.js';

/** Physical column types that differ between the drivers; everything else is shared. */
interface DriverTypes {
  timestamp: string;
  json: string;
}

// PostgreSQL keeps instants with their zone and JSON as validated text (`json`, not `jsonb`,
// so a replay sends the keys in their original order); SQLite has neither, and TypeORM stores
// dates there as UTC text that sorts and compares correctly.
const POSTGRES: DriverTypes = { timestamp: 'timestamptz', json: 'json' };
const SQLITE: DriverTypes = { timestamp: 'datetime', json: 'json' };

function typesOf(queryRunner: QueryRunner): DriverTypes {
  return queryRunner.connection.options.type === 'postgres' ? POSTGRES : SQLITE;
}

function deadLetterColumns(t: DriverTypes): TableColumnOptions[] {
  const text = (name: string, length: number, nullable = false) => ({
    name,
    type: 'varchar',
    length: String(length),
    isNullable: nullable,
  });
  const time = (name: string, nullable = false) => ({
    name,
    type: t.timestamp,
    isNullable: nullable,
  });
  return [
    { ...text('id', 36), isPrimary: true },
    text('message_id', 255, true),
    text('source', 255),
    text('destination', 2048),
    text('pattern', 255, true),
    { name: 'payload', type: t.json, isNullable: true },
    { name: 'headers', type: t.json },
    text('error_type', 255),
    text('error_code', 100),
    text('error_source_code', 100, true),
    text('category', 32),
    text('severity', 16),
    { name: 'error_message', type: 'text' },
    { name: 'retry_count', type: 'integer', default: 0 },
    text('status', 16),
    time('received_at'),
    time('first_failed_at'),
    time('last_failed_at'),
    time('created_at'),
    text('trace_id', 128, true),
    text('request_id', 128, true),
    text('claim_token', 36, true),
    time('claimed_at', true),
    time('last_attempt_at', true),
    time('resolved_at', true),
    text('resolved_by', 255, true),
    { name: 'resolution', type: 'text', isNullable: true },
    { name: 'version', type: 'integer' },
  ];
}

function errorLogColumns(t: DriverTypes): TableColumnOptions[] {
  return [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'timestamp', type: t.timestamp },
    { name: 'code', type: 'varchar', length: '64' },
    { name: 'status', type: 'integer' },
    { name: 'category', type: 'varchar', length: '32' },
    { name: 'severity', type: 'varchar', length: '16' },
    { name: 'rule', type: 'varchar', length: '100' },
    { name: 'request_id', type: 'varchar', length: '128' },
    { name: 'context', type: t.json },
    { name: 'error', type: t.json },
  ];
}

/**
 * Creates the dead letter and error log tables, one migration for PostgreSQL and SQLite alike
 * (types chosen per driver, through TypeORM's schema API so a configured schema is honoured).
 * Listed in `DEAD_LETTER_MIGRATIONS`; import it as a class, never by a glob path.
 */
export class CreateDeadLetterTablesMigration implements MigrationInterface {
  /** TypeORM orders migrations by the timestamp at the end of this name. */
  readonly name = 'CreateDeadLetterTables1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const types = typesOf(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: DEAD_LETTER_TABLE,
        columns: deadLetterColumns(types),
        indices: [
          new TableIndex({
            name: 'idx_dead_letters_created',
            columnNames: ['created_at', 'id'],
          }),
          new TableIndex({
            name: 'idx_dead_letters_status_created',
            columnNames: ['status', 'created_at'],
          }),
          new TableIndex({
            name: 'idx_dead_letters_source',
            columnNames: ['source'],
          }),
          new TableIndex({
            name: 'idx_dead_letters_destination',
            columnNames: ['destination'],
          }),
          new TableIndex({
            name: 'idx_dead_letters_resolved',
            columnNames: ['resolved_at'],
          }),
          new TableIndex({
            name: 'idx_dead_letters_claim',
            columnNames: ['claim_token'],
          }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: ERROR_LOG_TABLE,
        columns: errorLogColumns(types),
        indices: [
          new TableIndex({
            name: 'idx_error_log_timestamp',
            columnNames: ['timestamp'],
          }),
          new TableIndex({
            name: 'idx_error_log_severity_timestamp',
            columnNames: ['severity', 'timestamp'],
          }),
          new TableIndex({
            name: 'idx_error_log_request',
            columnNames: ['request_id'],
          }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(ERROR_LOG_TABLE, true);
    await queryRunner.dropTable(DEAD_LETTER_TABLE, true);
  }
}
