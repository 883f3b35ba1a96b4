import { ProjectedOrderStatus } from './projected-order-status.enum.js';

/** The order events the projection consumes. */
export const ORDER_EVENT_TYPES = [
  'ORDER_CREATED',
  'ORDER_SHIPPED',
  'ORDER_DELIVERED',
  'ORDER_CANCELLED',
] as const;

/** One of {@link ORDER_EVENT_TYPES}. */
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

/**
 * For each event, the statuses it may be applied in (`null`: the order is not known yet) and
 * the status it leads to: `PENDING -shipped-> SHIPPED -delivered-> DELIVERED`,
 * `PENDING -cancelled-> CANCELLED`. Anything else is refused as a business error, never
 * applied: an `ORDER_SHIPPED` after an `ORDER_CANCELLED` leaves the order cancelled.
 */
export const ORDER_EVENT_TRANSITIONS: Readonly<
  Record<
    OrderEventType,
    { from: readonly (ProjectedOrderStatus | null)[]; to: ProjectedOrderStatus }
  >
> = {
  ORDER_CREATED: { from: [null], to: ProjectedOrderStatus.PENDING },
  ORDER_SHIPPED: {
    from: [ProjectedOrderStatus.PENDING],
    to: ProjectedOrderStatus.SHIPPED,
  },
  ORDER_DELIVERED: {
    from: [ProjectedOrderStatus.SHIPPED],
    to: ProjectedOrderStatus.DELIVERED,
  },
  ORDER_CANCELLED: {
    from: [ProjectedOrderStatus.PENDING],
    to: ProjectedOrderStatus.CANCELLED,
  },
};
