import type { DeliveryStatus } from './delivery-status.enum.js';
import type { OrderLine, ShippingAddress } from './entities/order.entity.js';
import type { OrderAction } from './order-state.machine.js';
import type { OrderStatus } from './order-status.enum.js';

/** An order as the API answers it (`POST /orders`, `GET /orders/:id`, transitions). */
export interface OrderView {
  id: string;
  customerId: string;
  status: OrderStatus;
  products: OrderLine[];
  shippingAddress: ShippingAddress;
  /** Availability was not confirmed by the product service; a person must check it. */
  requiresManualReview: boolean;
  deliveryStatus: DeliveryStatus;
  /** Set once the delivery service scheduled the delivery. */
  delivery: {
    deliveryId: string;
    trackingNumber: string;
    carrier: string;
    estimatedDeliveryDate: string;
  } | null;
  /** What may be asked of the order next (`POST /orders/:id/<action>`). */
  allowedActions: OrderAction[];
  createdAt: string;
  updatedAt: string;
}
