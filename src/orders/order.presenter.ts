import type { OrderEntity } from './entities/order.entity.js';
import { OrderStateMachine } from './order-state.machine.js';
import type { OrderView } from './order-view.interface.js';

/** The API's view of a stored order. */
export function presentOrder(order: OrderEntity): OrderView {
  const scheduled =
    order.deliveryId !== null &&
    order.trackingNumber !== null &&
    order.carrier !== null &&
    order.estimatedDeliveryDate !== null;
  return {
    id: order.id,
    customerId: order.customerId,
    status: order.status,
    products: order.products,
    shippingAddress: order.shippingAddress,
    requiresManualReview: order.requiresManualReview,
    deliveryStatus: order.deliveryStatus,
    delivery: scheduled
      ? {
          deliveryId: order.deliveryId!,
          trackingNumber: order.trackingNumber!,
          carrier: order.carrier!,
          estimatedDeliveryDate: order.estimatedDeliveryDate!,
        }
      : null,
    allowedActions: OrderStateMachine.allowedActions(order.status),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}
