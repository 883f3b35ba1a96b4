import {
  Table,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';
import { ADMIN_AUDIT_TABLE } from '../entities/admin-audit.entity.js';

function text(
  name: string,
  length: number,
  isNullable = false,
): TableColumnOptions {
  return { name, type: 'varchar', length: String(length), isNullable };
}

/**
 * Creates the admin audit log table, one migration for PostgreSQL and SQLite alike. Registered
 * in the application's migrations as a class (`ADMIN_MIGRATIONS`).
 */
export class CreateAdminAuditTableMigration implements MigrationInterface {
  /** TypeORM orders migrations by the timestamp at the end of this name. */
  readonly name = 'CreateAdminAuditTable1767571200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp =
      queryRunner.connection.options.type === 'postgres'
        ? 'timestamptz'
        : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: ADMIN_AUDIT_TABLE,
        columns: [
          { ...text('id', 36), isPrimary: true },
          { name: 'at', type: timestamp },
          text('actor', 64),
          text('action', 100),
          text('target', 255, true),
          text('outcome', 16),
          text('request_id', 128, true),
          { name: 'details', type: 'json', isNullable: true },
        ],
        indices: [
          new TableIndex({
            name: 'idx_admin_audit_at',
            columnNames: ['at', 'id'],
          }),
          new TableIndex({
            name: 'idx_admin_audit_actor_at',
            columnNames: ['actor', 'at'],
          }),
          new TableIndex({
            name: 'idx_admin_audit_action_at',
            columnNames: ['action', 'at'],
          }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(ADMIN_AUDIT_TABLE, true);
  }
}
