import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CircuitBreaker, Retry } from '@nest-resilience/resilience';
import { InboxService, ResilientConsumer } from '@nest-resilience/messaging';
import { OrderEventDto } from './dto/order-event.dto.js';
import type { OrderEventType } from './order-event-transitions.constants.js';
import { OrderStatusProjection } from './order-status.projection.js';

/**
 * Consumes the order events into the order-status projection, through the inbox: each event
 * applied once, in order per order. Failures are settled by their classification: an invalid
 * payload or a refused transition is dead-lettered at once; a database failure is retried by
 * the `postgres` retry within a delivery, then delivered again with backoff up to the module's
 * `redelivery.maxDeliveries`, and only then dead-lettered; an open `postgres` circuit holds the
 * messages until it closes.
 */
@ResilientConsumer()
export class OrderStatusConsumer {
  constructor(
    private readonly inbox: InboxService,
    private readonly projection: OrderStatusProjection,
  ) {}

  @EventPattern('ORDER_CREATED')
  @Retry('postgres')
  @CircuitBreaker('postgres')
  created(
    @Payload() event: OrderEventDto,
    @Ctx() context: unknown,
  ): Promise<void> {
    return this.apply('ORDER_CREATED', event, context);
  }

  @EventPattern('ORDER_SHIPPED')
  @Retry('postgres')
  @CircuitBreaker('postgres')
  shipped(
    @Payload() event: OrderEventDto,
    @Ctx() context: unknown,
  ): Promise<void> {
    return this.apply('ORDER_SHIPPED', event, context);
  }

  @EventPattern('ORDER_DELIVERED')
  @Retry('postgres')
  @CircuitBreaker('postgres')
  delivered(
    @Payload() event: OrderEventDto,
    @Ctx() context: unknown,
  ): Promise<void> {
    return this.apply('ORDER_DELIVERED', event, context);
  }

  @EventPattern('ORDER_CANCELLED')
  @Retry('postgres')
  @CircuitBreaker('postgres')
  cancelled(
    @Payload() event: OrderEventDto,
    @Ctx() context: unknown,
  ): Promise<void> {
    return this.apply('ORDER_CANCELLED', event, context);
  }

  private async apply(
    type: OrderEventType,
    event: OrderEventDto,
    context: unknown,
  ): Promise<void> {
    await this.inbox.consume(context, (manager) =>
      this.projection.apply(manager, type, event),
    );
  }
}
