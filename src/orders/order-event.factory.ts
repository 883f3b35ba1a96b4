import type { OutboxEvent } from '@nest-resilience/messaging';
import type { OrderEntity } from './entities/order.entity.js';

/** Types of the events the orders feature publishes. */
export type OrderEventType =
  'ORDER_CREATED' | 'ORDER_SHIPPED' | 'ORDER_DELIVERED' | 'ORDER_CANCELLED';

/**
 * The outbox event of an order change. Grouped by order id, so one order's events are
 * published and consumed in the order they happened (the sales API's FIFO groups).
 */
export function orderEvent(
  type: OrderEventType,
  order: OrderEntity,
): OutboxEvent {
  return {
    type,
    groupKey: order.id,
    payload: {
      orderId: order.id,
      customerId: order.customerId,
      status: order.status,
      products: order.products,
      requiresManualReview: order.requiresManualReview,
      occurredAt: order.updatedAt.toISOString(),
    },
  };
}
