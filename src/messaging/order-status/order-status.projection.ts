import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { OrderEventDto } from './dto/order-event.dto.js';
import { OrderStatusEntity } from './entities/order-status.entity.js';
import { OrderEventRefusedError } from './errors/order-event-refused.error.js';
import {
  ORDER_EVENT_TRANSITIONS,
  type OrderEventType,
} from './order-event-transitions.constants.js';
import type { ProjectedOrderStatus } from './projected-order-status.enum.js';

/**
 * Rebuilds each order's status from its events. Events of one order arrive in order (the
 * inbox applies a group's events only one after another), so applying is a check of the
 * transition table and one write, inside the consumer's transaction.
 */
@Injectable()
export class OrderStatusProjection {
  constructor(
    @InjectRepository(OrderStatusEntity)
    private readonly orders: Repository<OrderStatusEntity>,
  ) {}

  /**
   * Applies one event through `manager` (the inbox's transaction).
   * @throws OrderEventRefusedError when the event is not valid in the order's current state
   */
  async apply(
    manager: EntityManager,
    type: OrderEventType,
    event: OrderEventDto,
  ): Promise<ProjectedOrderStatus> {
    const repository = manager.getRepository(OrderStatusEntity);
    const row = await repository.findOneBy({ orderId: event.orderId });
    const current = (row?.status ?? null) as ProjectedOrderStatus | null;
    const transition = ORDER_EVENT_TRANSITIONS[type];
    if (!transition.from.includes(current)) {
      throw new OrderEventRefusedError(event.orderId, type, current);
    }
    const change = {
      status: transition.to,
      lastEventType: type,
      updatedAt: Date.now(),
    };
    if (row) {
      await repository.update(
        { orderId: event.orderId },
        { ...change, eventsApplied: row.eventsApplied + 1 },
      );
    } else {
      await repository.insert({
        orderId: event.orderId,
        customerId: event.customerId ?? null,
        ...change,
        eventsApplied: 1,
      });
    }
    return transition.to;
  }

  /** The projected order, if any of its events was applied. */
  find(orderId: string): Promise<OrderStatusEntity | null> {
    return this.orders.findOneBy({ orderId });
  }
}
