import {
  TableColumn,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { DEAD_LETTER_TABLE } from './dead-letter.entity.js';

const COLUMN = 'replayed_at';
const INDEX = 'idx_dead_letters_status_replayed';

/**
 * Adds when a replay handed a dead letter over to a transport that cannot confirm the handler
 * (a broker), so that an entry awaiting its consumer's confirmation for too long is found by
 * one index range. Existing entries have none. The same statements for PostgreSQL and SQLite,
 * through TypeORM's schema API so a configured schema is honoured. Listed in
 * `DEAD_LETTER_MIGRATIONS` after the replay count.
 */
export class AddDeadLetterReplayedAtMigration implements MigrationInterface {
  /** TypeORM orders migrations by the timestamp at the end of this name. */
  readonly name = 'AddDeadLetterReplayedAt1767657600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.addColumn(
      DEAD_LETTER_TABLE,
      new TableColumn({
        name: COLUMN,
        type: postgres ? 'timestamptz' : 'datetime',
        isNullable: true,
      }),
    );
    await queryRunner.createIndex(
      DEAD_LETTER_TABLE,
      new TableIndex({ name: INDEX, columnNames: ['status', COLUMN] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex(DEAD_LETTER_TABLE, INDEX);
    await queryRunner.dropColumn(DEAD_LETTER_TABLE, COLUMN);
  }
}
