import {
  applyDecorators,
  Controller,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { ResilienceInterceptor } from '@nest-resilience/resilience';
import { MessageAttemptInterceptor } from './message-attempt.interceptor.js';
import { MessageFailureFilter } from './message-failure.filter.js';

/**
 * Marks a class of `@EventPattern` / `@MessagePattern` handlers consumed through the library's
 * durable transports: a controller whose handlers count their attempts across retries and
 * redeliveries (`MessageAttemptInterceptor`) and whose failures reach the transport, which
 * settles them before it acknowledges (`MessageFailureFilter`). The resilience decorators
 * (`@Retry`, `@CircuitBreaker`, ...) go on the handlers as usual; their interceptor is bound
 * here ahead of the attempt counter, so each retry of a handler passes through the counter.
 *
 * @example
 * ```ts
 * @ResilientConsumer()
 * export class OrderStatusConsumer {
 *   @EventPattern('ORDER_SHIPPED')
 *   @Retry('order-projection')
 *   onShipped(@Payload() event: OrderEventDto, @Ctx() ctx: RmqContext) {
 *     return this.inbox.consume(ctx, (manager) => this.projection.apply(manager, event));
 *   }
 * }
 * ```
 */
export function ResilientConsumer(): ClassDecorator {
  return applyDecorators(
    Controller(),
    UseInterceptors(ResilienceInterceptor, MessageAttemptInterceptor),
    UseFilters(MessageFailureFilter),
  );
}
