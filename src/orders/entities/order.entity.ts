import { Column, Entity, Index, PrimaryColumn, VersionColumn } from 'typeorm';
import { DeliveryStatus } from '../delivery-status.enum.js';
import { OrderStatus } from '../order-status.enum.js';

/** Name of the orders table. */
export const ORDERS_TABLE = 'orders';

/** One line of an order. */
export interface OrderLine {
  productId: string;
  quantity: number;
}

/** Where an order goes. */
export interface ShippingAddress {
  street: string;
  city: string;
  state: string;
  zipCode: string;
  country: string;
}

/**
 * Row of the orders table. Column types are the ones PostgreSQL and SQLite share (`json`,
 * `Date`); the migration picks the physical types per driver. `version` guards status changes
 * against concurrent writers.
 */
@Entity({ name: ORDERS_TABLE })
@Index('idx_orders_customer', ['customerId'])
export class OrderEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'customer_id', type: 'varchar', length: 255 })
  customerId: string;

  @Column({ type: 'json' })
  products: OrderLine[];

  @Column({ name: 'shipping_address', type: 'json' })
  shippingAddress: ShippingAddress;

  @Column({ type: 'varchar', length: 16 })
  status: OrderStatus;

  /** Set when product availability could not be confirmed and a fallback accepted the order. */
  @Column({ name: 'requires_manual_review', type: 'boolean' })
  requiresManualReview: boolean;

  @Column({ name: 'delivery_status', type: 'varchar', length: 16 })
  deliveryStatus: DeliveryStatus;

  @Column({ name: 'delivery_id', type: 'varchar', length: 255, nullable: true })
  deliveryId: string | null;

  @Column({
    name: 'tracking_number',
    type: 'varchar',
    length: 255,
    nullable: true,
  })
  trackingNumber: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  carrier: string | null;

  @Column({
    name: 'estimated_delivery_date',
    type: 'varchar',
    length: 64,
    nullable: true,
  })
  estimatedDeliveryDate: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;
}
