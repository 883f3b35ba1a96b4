import {
  TableColumn,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
} from 'typeorm';
import { ERROR_LOG_TABLE } from './error-log.entity.js';

const INDEX = 'idx_error_log_resolved_timestamp';

/**
 * Adds the resolution of an error log entry (when, by whom, why), so operators can mark an
 * error as dealt with and list the open ones by one index range. Existing entries stay open.
 * Through TypeORM's schema API so a configured schema is honoured. Listed last in
 * `DEAD_LETTER_MIGRATIONS`.
 */
export class AddErrorLogResolutionMigration implements MigrationInterface {
  /** TypeORM orders migrations by the timestamp at the end of this name. */
  readonly name = 'AddErrorLogResolution1767657600200';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.addColumns(ERROR_LOG_TABLE, [
      new TableColumn({
        name: 'resolved_at',
        type: postgres ? 'timestamptz' : 'datetime',
        isNullable: true,
      }),
      new TableColumn({
        name: 'resolved_by',
        type: 'varchar',
        length: '128',
        isNullable: true,
      }),
      new TableColumn({
        name: 'resolution_reason',
        type: 'varchar',
        length: '1000',
        isNullable: true,
      }),
    ]);
    await queryRunner.createIndex(
      ERROR_LOG_TABLE,
      new TableIndex({
        name: INDEX,
        columnNames: ['resolved_at', 'timestamp'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex(ERROR_LOG_TABLE, INDEX);
    await queryRunner.dropColumns(ERROR_LOG_TABLE, [
      'resolution_reason',
      'resolved_by',
      'resolved_at',
    ]);
  }
}
