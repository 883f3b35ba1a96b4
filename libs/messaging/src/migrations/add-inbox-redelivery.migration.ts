import {
  TableColumn,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { MESSAGING_TABLES } from '../messaging.constants.js';

/**
 * Adds what message redelivery keeps in the inbox, for PostgreSQL and SQLite: the deliveries a
 * message spent (`deliveries`) and the history of its failed attempts (`attempt_history`), so
 * a crash neither resets the count nor loses the history its dead letter shows.
 */
export class AddInboxRedelivery1764000000200 implements MigrationInterface {
  name = 'AddInboxRedelivery1764000000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns(MESSAGING_TABLES.inbox, [
      new TableColumn({
        name: 'deliveries',
        type: 'integer',
        isNullable: false,
        default: 0,
      }),
      new TableColumn({
        name: 'attempt_history',
        type: 'text',
        isNullable: true,
      }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn(MESSAGING_TABLES.inbox, 'attempt_history');
    await queryRunner.dropColumn(MESSAGING_TABLES.inbox, 'deliveries');
  }
}
