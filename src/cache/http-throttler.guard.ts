import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * The rate limiter, for clients of HTTP routes only. Nest's `ThrottlerGuard`, registered
 * globally, also guards the microservice handlers a hybrid app inherits its guards into
 * (RabbitMQ, JetStream, Redis, TCP, in-process), where a refused message is a failed delivery
 * that may end in the dead letter queue: a burst of events would be dead-lettered as
 * `RATE_LIMITED`. A consumer's pace is set by its prefetch and its bulkheads instead.
 */
@Injectable()
export class HttpThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(
    context: ExecutionContext,
  ): Promise<boolean> {
    return context.getType() !== 'http' || super.shouldSkip(context);
  }
}
