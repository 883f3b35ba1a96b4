import {
  applyDecorators,
  Controller,
  SetMetadata,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { ResilienceInterceptor } from '@nest-resilience/resilience';
import { InvalidRedeliveryOptionsError } from '../errors/invalid-redelivery-options.error.js';
import { MessageAttemptInterceptor } from './message-attempt.interceptor.js';
import { MessageFailureFilter } from './message-failure.filter.js';
import { redeliveryOptionProblems } from './message-redelivery.policy.js';
import {
  RESILIENT_CONSUMER_OPTIONS,
  type ResilientConsumerOptions,
} from './resilient-consumer-options.interface.js';

/**
 * Marks a class of `@EventPattern` / `@MessagePattern` handlers consumed through the library's
 * durable transports: a controller whose handlers count their attempts across retries and
 * deliveries (`MessageAttemptInterceptor`) and whose failures reach the transport, which
 * settles them before it acknowledges (`MessageFailureFilter`). The resilience decorators
 * (`@Retry`, `@CircuitBreaker`, ...) go on the handlers as usual; their interceptor is bound
 * here ahead of the attempt counter, so each retry of a handler passes through the counter.
 *
 * `@Retry` is the in-process retry of one delivery; a message whose delivery still fails for
 * a reason that says "later" is delivered again with backoff, up to `redelivery.maxDeliveries`
 * (the module's, or `options.redelivery` over it), and only then dead-lettered.
 *
 * @param options this consumer's own redelivery, validated here
 * @throws InvalidRedeliveryOptionsError for an unknown key or a value out of range
 *
 * @example
 * ```ts
 * @ResilientConsumer({ redelivery: { maxDeliveries: 5 } })
 * export class OrderStatusConsumer {
 *   @EventPattern('ORDER_SHIPPED')
 *   @Retry('order-projection')
 *   onShipped(@Payload() event: OrderEventDto, @Ctx() ctx: RmqContext) {
 *     return this.inbox.consume(ctx, (manager) => this.projection.apply(manager, event));
 *   }
 * }
 * ```
 */
export function ResilientConsumer(
  options: ResilientConsumerOptions = {},
): ClassDecorator {
  const problems = consumerOptionProblems(options);
  if (problems.length > 0)
    throw new InvalidRedeliveryOptionsError('@ResilientConsumer()', problems);
  return applyDecorators(
    Controller(),
    SetMetadata(RESILIENT_CONSUMER_OPTIONS, options),
    UseInterceptors(ResilienceInterceptor, MessageAttemptInterceptor),
    UseFilters(MessageFailureFilter),
  );
}

function consumerOptionProblems(options: ResilientConsumerOptions): string[] {
  const unknown = Object.keys(options)
    .filter((key) => key !== 'redelivery')
    .map((key) => `${key}: unknown key (allowed: redelivery)`);
  return options.redelivery === undefined
    ? unknown
    : [
        ...unknown,
        ...redeliveryOptionProblems(options.redelivery).map(
          (problem) => `redelivery.${problem}`,
        ),
      ];
}
