import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { ORDER_STATUS_TABLE } from '../order-status/entities/order-status.entity.js';

/** Creates the order-status projection's table, for PostgreSQL and SQLite. */
export class CreateOrderStatusProjection1764000000100 implements MigrationInterface {
  name = 'CreateOrderStatusProjection1764000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: ORDER_STATUS_TABLE,
        columns: [
          { name: 'order_id', type: 'varchar', length: '255', isPrimary: true },
          {
            name: 'customer_id',
            type: 'varchar',
            length: '255',
            isNullable: true,
          },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'last_event_type', type: 'varchar', length: '32' },
          { name: 'events_applied', type: 'integer' },
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(ORDER_STATUS_TABLE, true);
  }
}
