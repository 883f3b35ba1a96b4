import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Bulkhead, CircuitBreaker, Retry } from '@nest-resilience/resilience';
import { OutboxPublisher, type OutboxEvent } from '@nest-resilience/messaging';
import { retryUnlessDatabaseTimedOut } from '../database/database-retry.predicate.js';
import { DeliveryStatus } from './delivery-status.enum.js';
import {
  DeliveryRequestEntity,
  DeliveryRequestState,
} from './entities/delivery-request.entity.js';
import { OrderEntity } from './entities/order.entity.js';
import { OrderStatus } from './order-status.enum.js';

/**
 * The orders table, each call guarded by the `postgres` bulkhead, breaker and retry: only
 * transient database failures that came fast (lost connection, deadlock, serialization
 * failure) are retried, and a retry reruns the whole transaction; a timeout (a hung database)
 * is not, so it costs a request one timeout, and constraint violations never are. Events are
 * added to the transactional outbox in the same transaction as the change that causes them.
 */
@Injectable()
export class OrderStore {
  /** Attempts made so far by the `create` calls in flight, by order id. */
  private readonly attempts = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxPublisher,
  ) {}

  /**
   * Stores a new order, its delivery request and its `ORDER_CREATED` event, atomically. Safe to
   * retry: when the connection drops after the server committed but before its answer arrived,
   * the next attempt finds the order it stored and leaves it as it is, instead of failing on
   * its own earlier insert. A first attempt on a taken id still fails (409 `CONFLICT`).
   */
  async create(
    order: OrderEntity,
    delivery: DeliveryRequestEntity,
    event: OutboxEvent,
  ): Promise<void> {
    this.attempts.set(order.id, 0);
    try {
      await this.insert(order, delivery, event);
    } finally {
      this.attempts.delete(order.id);
    }
  }

  /** One attempt of {@link create}, under the `postgres` retry, breaker and bulkhead. */
  @Retry('postgres', { retryOn: retryUnlessDatabaseTimedOut })
  @CircuitBreaker('postgres')
  @Bulkhead('postgres')
  async insert(
    order: OrderEntity,
    delivery: DeliveryRequestEntity,
    event: OutboxEvent,
  ): Promise<void> {
    const attempt = (this.attempts.get(order.id) ?? 0) + 1;
    this.attempts.set(order.id, attempt);
    await this.dataSource.transaction(async (manager) => {
      if (
        attempt > 1 &&
        (await manager.existsBy(OrderEntity, { id: order.id }))
      ) {
        return;
      }
      await manager.insert(OrderEntity, order);
      await manager.insert(DeliveryRequestEntity, delivery);
      await this.outbox.add(manager, event);
    });
  }

  /** The order with `id`, or `null`. */
  @Retry('postgres', { retryOn: retryUnlessDatabaseTimedOut })
  @CircuitBreaker('postgres')
  @Bulkhead('postgres')
  async findById(id: string): Promise<OrderEntity | null> {
    return this.dataSource.manager.findOneBy(OrderEntity, { id });
  }

  /**
   * Moves `order` to `to` if its status is still the one read (a compare-and-set, so two
   * concurrent transitions cannot both win), with its event; a cancelled order's pending
   * delivery request is cancelled with it.
   * @returns the updated order, or `null` when its status changed meanwhile
   */
  @Retry('postgres', { retryOn: retryUnlessDatabaseTimedOut })
  @CircuitBreaker('postgres')
  @Bulkhead('postgres')
  async transition(
    order: OrderEntity,
    to: OrderStatus,
    event: OutboxEvent,
  ): Promise<OrderEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      const now = new Date();
      const cancelsDelivery =
        to === OrderStatus.CANCELLED &&
        order.deliveryStatus !== DeliveryStatus.SCHEDULED;
      const changes: Partial<OrderEntity> = {
        status: to,
        updatedAt: now,
        ...(cancelsDelivery
          ? { deliveryStatus: DeliveryStatus.CANCELLED }
          : {}),
      };
      const result = await manager
        .createQueryBuilder()
        .update(OrderEntity)
        .set(changes)
        .where('id = :id AND status = :status', {
          id: order.id,
          status: order.status,
        })
        .execute();
      if (result.affected !== 1) return null;
      if (cancelsDelivery) {
        await manager.update(
          DeliveryRequestEntity,
          { orderId: order.id, state: DeliveryRequestState.PENDING },
          { state: DeliveryRequestState.CANCELLED, updatedAt: now },
        );
      }
      await this.outbox.add(manager, event);
      return Object.assign(new OrderEntity(), order, changes, {
        version: order.version + 1,
      });
    });
  }
}
