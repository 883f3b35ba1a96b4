import {
  Table,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { MESSAGING_TABLES } from '../messaging.constants.js';

const text = (name: string, length: number, nullable = false) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const int = (name: string, nullable = false) => ({
  name,
  type: 'integer',
  isNullable: nullable,
});
// Instants are epoch milliseconds: the same comparisons on both drivers (see epochMsTransformer).
const ms = (name: string, nullable = false) => ({
  name,
  type: 'bigint',
  isNullable: nullable,
});

/**
 * Creates the transactional outbox and the consumer inbox, for PostgreSQL and SQLite: add it
 * to the application's TypeORM `migrations` (as a class: a bundled app has no files to glob).
 */
export class CreateMessagingTables1764000000000 implements MigrationInterface {
  name = 'CreateMessagingTables1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.createTable(
      new Table({
        name: MESSAGING_TABLES.outbox,
        columns: [
          postgres
            ? {
                name: 'id',
                type: 'bigint',
                isPrimary: true,
                isGenerated: true,
                generationStrategy: 'increment',
              }
            : {
                name: 'id',
                type: 'integer',
                isPrimary: true,
                isGenerated: true,
                generationStrategy: 'increment',
              },
          { ...text('message_id', 36), isUnique: true },
          text('type', 255),
          text('destination', 255, true),
          text('group_key', 255),
          int('sequence'),
          { name: 'payload', type: 'text' },
          { name: 'headers', type: 'text' },
          ms('created_at'),
          ms('published_at', true),
          { ...int('attempts'), default: 0 },
          { name: 'last_error', type: 'text', isNullable: true },
          text('claimed_by', 64, true),
          ms('claimed_until', true),
        ],
        indices: [
          new TableIndex({
            name: 'idx_messaging_outbox_group',
            columnNames: ['group_key', 'sequence'],
            isUnique: true,
          }),
          // Only unpublished rows are claimed: a small partial index stays small.
          new TableIndex({
            name: 'idx_messaging_outbox_unpublished',
            columnNames: ['id'],
            where: 'published_at IS NULL',
          }),
          new TableIndex({
            name: 'idx_messaging_outbox_published',
            columnNames: ['published_at'],
          }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: MESSAGING_TABLES.outboxGroups,
        columns: [
          { ...text('group_key', 255), isPrimary: true },
          int('last_sequence'),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: MESSAGING_TABLES.inbox,
        columns: [
          { ...text('consumer', 255), isPrimary: true },
          { ...text('message_id', 255), isPrimary: true },
          text('status', 16),
          { ...int('attempts'), default: 0 },
          text('group_key', 255, true),
          int('sequence', true),
          text('last_error_name', 255, true),
          text('last_error_code', 100, true),
          { name: 'last_error_message', type: 'text', isNullable: true },
          text('dead_letter_id', 36, true),
          ms('updated_at'),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: MESSAGING_TABLES.inboxGroups,
        columns: [
          { ...text('consumer', 255), isPrimary: true },
          { ...text('group_key', 255), isPrimary: true },
          int('last_sequence'),
          text('last_message_id', 255, true),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      MESSAGING_TABLES.inboxGroups,
      MESSAGING_TABLES.inbox,
      MESSAGING_TABLES.outboxGroups,
      MESSAGING_TABLES.outbox,
    ]) {
      await queryRunner.dropTable(table, true);
    }
  }
}
