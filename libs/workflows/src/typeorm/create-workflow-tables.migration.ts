import {
  Table,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';
import { WORKFLOW_MESSAGE_TABLE } from './workflow-message.entity.js';
import { WORKFLOW_STEP_HISTORY_TABLE } from './workflow-step-history.entity.js';

// PostgreSQL keeps instants with their zone; SQLite has no such type, and TypeORM stores dates
// there as UTC text that sorts and compares correctly.
function timestampType(queryRunner: QueryRunner): string {
  return queryRunner.connection.options.type === 'postgres'
    ? 'timestamptz'
    : 'datetime';
}

function text(
  name: string,
  length: number,
  nullable = false,
): TableColumnOptions {
  return {
    name,
    type: 'varchar',
    length: String(length),
    isNullable: nullable,
  };
}

function messageColumns(time: string): TableColumnOptions[] {
  return [
    { ...text('id', 36), isPrimary: true },
    text('message_id', 255, true),
    text('type', 100),
    { name: 'payload', type: 'json' },
    text('status', 32),
    { name: 'completed_steps', type: 'json' },
    { name: 'outputs', type: 'json' },
    { name: 'compensated_steps', type: 'json' },
    text('last_completed_step', 100, true),
    text('current_step', 100, true),
    { name: 'retry_count', type: 'integer', default: 0 },
    { name: 'last_error', type: 'json', isNullable: true },
    text('request_id', 128, true),
    text('lease_token', 36, true),
    { name: 'lease_until', type: time, isNullable: true },
    { name: 'next_attempt_at', type: time, isNullable: true },
    { name: 'created_at', type: time },
    { name: 'updated_at', type: time },
    { name: 'finished_at', type: time, isNullable: true },
  ];
}

function historyColumns(time: string): TableColumnOptions[] {
  return [
    {
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    },
    text('message_id', 36),
    text('step', 100),
    text('action', 16),
    text('outcome', 16),
    { name: 'attempt', type: 'integer' },
    { name: 'error', type: 'json', isNullable: true },
    text('strategy', 32, true),
    { name: 'reason', type: 'text', isNullable: true },
    { name: 'started_at', type: time },
    { name: 'finished_at', type: time },
  ];
}

/**
 * Creates the engine's tables (messages with their checkpoints, and step history),
 * one migration for PostgreSQL and SQLite alike, through TypeORM's schema API so a configured
 * schema is honoured. Register it as a class, never by a glob path.
 */
export class CreateWorkflowTablesMigration implements MigrationInterface {
  /**
   * TypeORM orders migrations by the timestamp at the end of this name, and records it as run:
   * it stays as first released.
   */
  readonly name = 'CreateIntegrationTables1767312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const time = timestampType(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: WORKFLOW_MESSAGE_TABLE,
        columns: messageColumns(time),
        indices: [
          new TableIndex({
            name: 'uq_integration_messages_type_message',
            columnNames: ['type', 'message_id'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'idx_integration_messages_status_lease',
            columnNames: ['status', 'lease_until'],
          }),
          new TableIndex({
            name: 'idx_integration_messages_status_next',
            columnNames: ['status', 'next_attempt_at'],
          }),
          new TableIndex({
            name: 'idx_integration_messages_finished',
            columnNames: ['finished_at'],
          }),
          new TableIndex({
            name: 'idx_integration_messages_lease_token',
            columnNames: ['lease_token'],
          }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: WORKFLOW_STEP_HISTORY_TABLE,
        columns: historyColumns(time),
        indices: [
          new TableIndex({
            name: 'idx_integration_step_history_message',
            columnNames: ['message_id', 'id'],
          }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(WORKFLOW_STEP_HISTORY_TABLE, true);
    await queryRunner.dropTable(WORKFLOW_MESSAGE_TABLE, true);
  }
}
