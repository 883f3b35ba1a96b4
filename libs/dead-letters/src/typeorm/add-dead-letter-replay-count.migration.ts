import {
  TableColumn,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { DEAD_LETTER_TABLE } from './dead-letter.entity.js';

const COLUMN = 'replay_count';

/**
 * Adds the replay count of a dead letter, kept across reopenings so that one entry tells a
 * message's whole story. Existing entries start at 0. The same statement for PostgreSQL and
 * SQLite, through TypeORM's schema API so a configured schema is honoured. Listed in
 * `DEAD_LETTER_MIGRATIONS` after the message index.
 */
export class AddDeadLetterReplayCountMigration implements MigrationInterface {
  /** TypeORM orders migrations by the timestamp at the end of this name. */
  readonly name = 'AddDeadLetterReplayCount1767484800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      DEAD_LETTER_TABLE,
      new TableColumn({
        name: COLUMN,
        type: 'integer',
        default: 0,
        isNullable: false,
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn(DEAD_LETTER_TABLE, COLUMN);
  }
}
