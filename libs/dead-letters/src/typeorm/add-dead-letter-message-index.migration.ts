import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { DEAD_LETTER_TABLE } from './dead-letter.entity.js';

const INDEX = 'idx_dead_letters_source_message';

/**
 * Indexes dead letters by source and message id, so finding the entry already written for a
 * message stays one index lookup however many entries its source holds. The same statement
 * for PostgreSQL and SQLite, through TypeORM's schema API so a configured schema is honoured.
 * Listed in `DEAD_LETTER_MIGRATIONS` after the tables' creation.
 */
export class AddDeadLetterMessageIndexMigration implements MigrationInterface {
  /** TypeORM orders migrations by the timestamp at the end of this name. */
  readonly name = 'AddDeadLetterMessageIndex1767398400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      DEAD_LETTER_TABLE,
      new TableIndex({ name: INDEX, columnNames: ['source', 'message_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex(DEAD_LETTER_TABLE, INDEX);
  }
}
