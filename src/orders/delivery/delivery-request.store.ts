import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual, Not } from 'typeorm';
import { Bulkhead, CircuitBreaker, Retry } from '@nest-resilience/resilience';
import { retryUnlessDatabaseTimedOut } from '../../database/database-retry.predicate.js';
import type { DeliveryConfirmation } from '../clients/delivery-confirmation.interface.js';
import { DeliveryStatus } from '../delivery-status.enum.js';
import {
  DeliveryRequestEntity,
  DeliveryRequestState,
} from '../entities/delivery-request.entity.js';
import { OrderEntity } from '../entities/order.entity.js';

/**
 * The delivery requests table and the delivery columns of orders, guarded like the orders
 * table (`postgres` bulkhead, breaker, retry on fast transient failures only, never on a
 * timeout). Every outcome is
 * written to both in one transaction, and never over a cancelled order.
 */
@Injectable()
export class DeliveryRequestStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The delivery service accepted the order's delivery. */
  @Retry('postgres', { retryOn: retryUnlessDatabaseTimedOut })
  @CircuitBreaker('postgres')
  @Bulkhead('postgres')
  async recordScheduled(
    orderId: string,
    confirmation: DeliveryConfirmation,
  ): Promise<void> {
    await this.record(
      orderId,
      { state: DeliveryRequestState.DONE, lastErrorCode: null },
      {
        deliveryStatus: DeliveryStatus.SCHEDULED,
        deliveryId: confirmation.deliveryId,
        trackingNumber: confirmation.trackingNumber,
        carrier: confirmation.carrier,
        estimatedDeliveryDate: confirmation.estimatedDeliveryDate,
      },
    );
  }

  /** The delivery service was unavailable: try again at `nextAttemptAt`. */
  @Retry('postgres', { retryOn: retryUnlessDatabaseTimedOut })
  @CircuitBreaker('postgres')
  @Bulkhead('postgres')
  async recordQueued(
    orderId: string,
    attempts: number,
    nextAttemptAt: Date,
    errorCode: string,
  ): Promise<void> {
    await this.record(
      orderId,
      {
        state: DeliveryRequestState.PENDING,
        attempts,
        nextAttemptAt,
        lastErrorCode: errorCode,
      },
      { deliveryStatus: DeliveryStatus.QUEUED },
    );
  }

  /** The delivery service refused the delivery, or every attempt failed. */
  @Retry('postgres', { retryOn: retryUnlessDatabaseTimedOut })
  @CircuitBreaker('postgres')
  @Bulkhead('postgres')
  async recordFailed(
    orderId: string,
    attempts: number,
    errorCode: string,
  ): Promise<void> {
    await this.record(
      orderId,
      {
        state: DeliveryRequestState.FAILED,
        attempts,
        lastErrorCode: errorCode,
      },
      { deliveryStatus: DeliveryStatus.FAILED },
    );
  }

  /**
   * Claims up to `limit` requests due now for one attempt each: their `nextAttemptAt` moves to
   * `claimUntil`, so no other run or instance takes them meanwhile. A request another claimer
   * took between the read and the claim is skipped.
   */
  @Retry('postgres', { retryOn: retryUnlessDatabaseTimedOut })
  @CircuitBreaker('postgres')
  @Bulkhead('postgres')
  async claimDue(
    now: Date,
    claimUntil: Date,
    limit: number,
  ): Promise<DeliveryRequestEntity[]> {
    const due = await this.dataSource.manager.find(DeliveryRequestEntity, {
      where: {
        state: DeliveryRequestState.PENDING,
        nextAttemptAt: LessThanOrEqual(now),
      },
      order: { nextAttemptAt: 'ASC' },
      take: limit,
    });
    const claimed: DeliveryRequestEntity[] = [];
    for (const request of due) {
      const result = await this.dataSource.manager.update(
        DeliveryRequestEntity,
        {
          orderId: request.orderId,
          state: DeliveryRequestState.PENDING,
          nextAttemptAt: request.nextAttemptAt,
        },
        { nextAttemptAt: claimUntil, updatedAt: now },
      );
      if (result.affected === 1)
        claimed.push(Object.assign(request, { nextAttemptAt: claimUntil }));
    }
    return claimed;
  }

  private async record(
    orderId: string,
    request: Partial<DeliveryRequestEntity>,
    order: Partial<OrderEntity>,
  ): Promise<void> {
    const updatedAt = new Date();
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.update(
        DeliveryRequestEntity,
        { orderId, state: In([DeliveryRequestState.PENDING]) },
        { ...request, updatedAt },
      );
      // A request cancelled (with its order) meanwhile keeps its cancelled state.
      if (result.affected !== 1) return;
      await manager
        .createQueryBuilder()
        .update(OrderEntity)
        .set({ ...order, updatedAt })
        .where({ id: orderId, deliveryStatus: Not(DeliveryStatus.CANCELLED) })
        .execute();
    });
  }
}
