import {
  Table,
  TableIndex,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';
import { DELIVERY_REQUESTS_TABLE } from '../entities/delivery-request.entity.js';
import { ORDERS_TABLE } from '../entities/order.entity.js';

/** Physical types that differ between PostgreSQL and SQLite. */
function timestampType(queryRunner: QueryRunner): string {
  return queryRunner.connection.options.type === 'postgres'
    ? 'timestamptz'
    : 'datetime';
}

function text(
  name: string,
  length: number,
  isNullable = false,
): TableColumnOptions {
  return { name, type: 'varchar', length: String(length), isNullable };
}

/**
 * Creates the orders and delivery request tables, one migration for PostgreSQL and SQLite
 * alike. Register it in the application's migrations as a class (`ORDERS_MIGRATIONS`).
 */
export class CreateOrdersTablesMigration implements MigrationInterface {
  /** TypeORM orders migrations by the timestamp at the end of this name. */
  readonly name = 'CreateOrdersTables1767312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp = timestampType(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: ORDERS_TABLE,
        columns: [
          { ...text('id', 36), isPrimary: true },
          text('customer_id', 255),
          { name: 'products', type: 'json' },
          { name: 'shipping_address', type: 'json' },
          text('status', 16),
          { name: 'requires_manual_review', type: 'boolean' },
          text('delivery_status', 16),
          text('delivery_id', 255, true),
          text('tracking_number', 255, true),
          text('carrier', 255, true),
          text('estimated_delivery_date', 64, true),
          { name: 'created_at', type: timestamp },
          { name: 'updated_at', type: timestamp },
          { name: 'version', type: 'integer' },
        ],
        indices: [
          new TableIndex({
            name: 'idx_orders_customer',
            columnNames: ['customer_id'],
          }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: DELIVERY_REQUESTS_TABLE,
        columns: [
          { ...text('order_id', 36), isPrimary: true },
          { name: 'payload', type: 'json' },
          text('state', 16),
          { name: 'attempts', type: 'integer' },
          { name: 'next_attempt_at', type: timestamp },
          text('last_error_code', 64, true),
          { name: 'created_at', type: timestamp },
          { name: 'updated_at', type: timestamp },
        ],
        indices: [
          new TableIndex({
            name: 'idx_delivery_requests_due',
            columnNames: ['state', 'next_attempt_at'],
          }),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(DELIVERY_REQUESTS_TABLE, true);
    await queryRunner.dropTable(ORDERS_TABLE, true);
  }
}
