import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { OrderLine, ShippingAddress } from './order.entity.js';

/** Name of the table of delivery requests waiting for the delivery service. */
export const DELIVERY_REQUESTS_TABLE = 'delivery_requests';

/** Where a stored delivery request stands. */
export enum DeliveryRequestState {
  /** Waiting for its next attempt at `nextAttemptAt`. */
  PENDING = 'PENDING',
  /** The delivery service accepted it. */
  DONE = 'DONE',
  /** Refused, or out of attempts. */
  FAILED = 'FAILED',
  /** Its order was cancelled first. */
  CANCELLED = 'CANCELLED',
}

/** What is sent to the delivery service's `POST /deliveries`. */
export interface DeliveryRequestPayload {
  orderId: string;
  customerId: string;
  products: OrderLine[];
  shippingAddress: ShippingAddress;
}

/**
 * A delivery to request, stored in the same transaction as its order, so a delivery is never
 * lost: the request path tries it at once; when the delivery service is unavailable it stays
 * `PENDING` and the delivery retry job tries again at `nextAttemptAt`.
 */
@Entity({ name: DELIVERY_REQUESTS_TABLE })
@Index('idx_delivery_requests_due', ['state', 'nextAttemptAt'])
export class DeliveryRequestEntity {
  @PrimaryColumn({ name: 'order_id', type: 'varchar', length: 36 })
  orderId: string;

  @Column({ type: 'json' })
  payload: DeliveryRequestPayload;

  @Column({ type: 'varchar', length: 16 })
  state: DeliveryRequestState;

  /** Attempts made so far, by the request path and the job. */
  @Column({ type: 'integer' })
  attempts: number;

  /** Not before this may anyone try again; also a claim: set ahead while an attempt runs. */
  @Column({ name: 'next_attempt_at', type: Date })
  nextAttemptAt: Date;

  /** Public code of the last failure (`UPSTREAM_ERROR`, `CIRCUIT_OPEN`, ...). */
  @Column({
    name: 'last_error_code',
    type: 'varchar',
    length: 64,
    nullable: true,
  })
  lastErrorCode: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt: Date;
}
