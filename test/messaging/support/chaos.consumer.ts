import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { IsInt, IsOptional, Min } from 'class-validator';
import {
  InboxService,
  MessageDelivery,
  ResilientConsumer,
} from '@nest-resilience/messaging';
import { Retry } from '@nest-resilience/resilience';
import { OrderEventDto } from '../../../src/messaging/order-status/dto/order-event.dto.js';
import type { OrderEventType } from '../../../src/messaging/order-status/order-event-transitions.constants.js';
import { OrderStatusProjection } from '../../../src/messaging/order-status/order-status.projection.js';
import { logApplied } from './applied-log.js';
import { SimulatedOutageError } from './flaky.consumer.js';

/** An order event of the chaos run: the app's payload, and how often it fails transiently. */
export class ChaosOrderEventDto extends OrderEventDto {
  /** Fail (as a connection reset) while the attempt, counted across deliveries, is at most this. */
  @IsOptional()
  @IsInt()
  @Min(0)
  failUntilAttempt?: number;
}

/**
 * The chaos run's consumer: the app's order-status projection behind the inbox, plus an
 * applied log written in the same transaction (what the Jepsen-style checks read), and
 * injected transient failures, delivered again on the consumer's short redelivery. Patterns are prefixed `chaos.` so they never meet the app's own
 * `OrderStatusConsumer`.
 */
// Three deliveries of three attempts: an `exhausted` message (nine failures) is dead-lettered
// within the run.
@ResilientConsumer({
  redelivery: { maxDeliveries: 3, initialDelayMs: 100, maxDelayMs: 400 },
})
export class ChaosConsumer {
  constructor(
    private readonly inbox: InboxService,
    private readonly projection: OrderStatusProjection,
  ) {}

  @EventPattern('chaos.ORDER_CREATED')
  @Retry('postgres')
  created(
    @Payload() event: ChaosOrderEventDto,
    @Ctx() context: unknown,
  ): Promise<void> {
    return this.apply('ORDER_CREATED', event, context);
  }

  @EventPattern('chaos.ORDER_SHIPPED')
  @Retry('postgres')
  shipped(
    @Payload() event: ChaosOrderEventDto,
    @Ctx() context: unknown,
  ): Promise<void> {
    return this.apply('ORDER_SHIPPED', event, context);
  }

  @EventPattern('chaos.ORDER_DELIVERED')
  @Retry('postgres')
  delivered(
    @Payload() event: ChaosOrderEventDto,
    @Ctx() context: unknown,
  ): Promise<void> {
    return this.apply('ORDER_DELIVERED', event, context);
  }

  @EventPattern('chaos.ORDER_CANCELLED')
  @Retry('postgres')
  cancelled(
    @Payload() event: ChaosOrderEventDto,
    @Ctx() context: unknown,
  ): Promise<void> {
    return this.apply('ORDER_CANCELLED', event, context);
  }

  private async apply(
    type: OrderEventType,
    event: ChaosOrderEventDto,
    context: unknown,
  ): Promise<void> {
    const delivery = MessageDelivery.of(context)!;
    if (delivery.attempt <= (event.failUntilAttempt ?? 0))
      throw new SimulatedOutageError();
    const { failUntilAttempt: _faults, ...order } = event;
    await this.inbox.consume(context, async (manager) => {
      await this.projection.apply(manager, type, order);
      await logApplied(manager, {
        messageId: delivery.messageId!,
        groupKey: delivery.groupKey,
        sequence: delivery.sequence,
        pattern: `chaos.${type}`,
        attempt: delivery.attempt,
      });
    });
  }
}
