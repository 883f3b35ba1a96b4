import { OrderStatus } from './order-status.enum.js';

/** What a client may ask an order to do (`POST /orders/:id/<action>`). */
export type OrderAction = 'cancel' | 'ship' | 'deliver';

/** Every action a client may ask for, in the order they usually happen. */
export const ORDER_ACTIONS: readonly OrderAction[] = [
  'ship',
  'deliver',
  'cancel',
];

/** For each action, the statuses it may start from and the status it leads to. */
const TRANSITIONS: Readonly<
  Record<OrderAction, { from: readonly OrderStatus[]; to: OrderStatus }>
> = {
  // Once handed to the carrier an order can no longer be cancelled here.
  cancel: { from: [OrderStatus.PENDING], to: OrderStatus.CANCELLED },
  ship: { from: [OrderStatus.PENDING], to: OrderStatus.SHIPPED },
  deliver: { from: [OrderStatus.SHIPPED], to: OrderStatus.DELIVERED },
};

/**
 * The order life cycle, explicit and in one place:
 * `PENDING -ship-> SHIPPED -deliver-> DELIVERED`, and `PENDING -cancel-> CANCELLED`.
 * Everything else is refused (409 `CONFLICT`).
 */
export class OrderStateMachine {
  /** The status `action` leads to from `current`, or `undefined` when it is not allowed. */
  static next(
    current: OrderStatus,
    action: OrderAction,
  ): OrderStatus | undefined {
    const transition = TRANSITIONS[action];
    return transition.from.includes(current) ? transition.to : undefined;
  }

  /** The actions allowed from `current` (none for a final status). */
  static allowedActions(current: OrderStatus): OrderAction[] {
    return ORDER_ACTIONS.filter(
      (action) => OrderStateMachine.next(current, action) !== undefined,
    );
  }
}
