import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Name of the projection's table. */
export const ORDER_STATUS_TABLE = 'order_status_projection';

/**
 * The order-status projection: each order's status as rebuilt from its events, consumed in
 * order per order. The schema is owned by `CreateOrderStatusProjection`.
 */
@Entity({ name: ORDER_STATUS_TABLE })
export class OrderStatusEntity {
  @PrimaryColumn({ name: 'order_id', type: 'varchar', length: 255 })
  orderId: string;

  @Column({ name: 'customer_id', type: 'varchar', length: 255, nullable: true })
  customerId: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ name: 'last_event_type', type: 'varchar', length: 32 })
  lastEventType: string;

  /** Events applied to this order. */
  @Column({ name: 'events_applied', type: 'integer' })
  eventsApplied: number;

  @Column({
    name: 'updated_at',
    type: 'bigint',
    transformer: {
      to: (v: number) => v,
      from: (v: string | number) => Number(v),
    },
  })
  updatedAt: number;
}
