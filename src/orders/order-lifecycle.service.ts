import { Injectable } from '@nestjs/common';
import { DatabaseFailureTranslator } from './database-failure.translator.js';
import { InvalidOrderTransitionError } from './errors/invalid-order-transition.error.js';
import { OrderNotFoundError } from './errors/order-not-found.error.js';
import { OrderEntity } from './entities/order.entity.js';
import { orderEvent, type OrderEventType } from './order-event.factory.js';
import { OrderStateMachine, type OrderAction } from './order-state.machine.js';
import { presentOrder } from './order.presenter.js';
import type { OrderView } from './order-view.interface.js';
import { OrderCache } from './order.cache.js';
import { OrderStore } from './order.store.js';

/** The event each action publishes. */
const EVENTS: Record<OrderAction, OrderEventType> = {
  cancel: 'ORDER_CANCELLED',
  ship: 'ORDER_SHIPPED',
  deliver: 'ORDER_DELIVERED',
};

/** Shape of an order id. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How often a transition is tried again when the order changed under it. */
const TRANSITION_TRIES = 3;

/** Reads orders (cache first, then the database) and moves them through their life cycle. */
@Injectable()
export class OrderLifecycleService {
  constructor(
    private readonly orders: OrderStore,
    private readonly cache: OrderCache,
    private readonly database: DatabaseFailureTranslator,
  ) {}

  /**
   * The order with `id`, from the cache when it holds it.
   * @throws OrderNotFoundError when there is none
   * @throws OrderStoreUnavailableError when the database is unavailable on a cache miss
   */
  async get(id: string): Promise<OrderView> {
    if (!UUID.test(id)) throw new OrderNotFoundError(id);
    const cached = await this.cache.get(id);
    if (cached !== undefined) return cached;
    const view = presentOrder(await this.load(id));
    await this.cache.put(view);
    return view;
  }

  /**
   * Applies `action` to the order, through the {@link OrderStateMachine}, with its event.
   * @throws InvalidOrderTransitionError when the order's status does not allow it
   * @throws OrderNotFoundError when there is no such order
   */
  async transition(id: string, action: OrderAction): Promise<OrderView> {
    for (let attempt = 1; ; attempt++) {
      const order = await this.load(id);
      const to = OrderStateMachine.next(order.status, action);
      if (to === undefined)
        throw new InvalidOrderTransitionError(id, order.status, action);
      const event = orderEvent(
        EVENTS[action],
        Object.assign(new OrderEntity(), order, {
          status: to,
          updatedAt: new Date(),
        }),
      );
      const updated = await this.database.run(() =>
        this.orders.transition(order, to, event),
      );
      if (updated !== null) {
        const view = presentOrder(updated);
        await this.cache.put(view);
        return view;
      }
      // Someone else moved the order meanwhile: decide again on its new status.
      if (attempt >= TRANSITION_TRIES) {
        throw new InvalidOrderTransitionError(id, order.status, action);
      }
    }
  }

  private async load(id: string): Promise<OrderEntity> {
    // Ids are UUIDs: anything else matches nothing, without asking the database.
    if (!UUID.test(id)) throw new OrderNotFoundError(id);
    const order = await this.database.run(() => this.orders.findById(id));
    if (order === null) throw new OrderNotFoundError(id);
    return order;
  }
}
