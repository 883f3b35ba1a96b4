import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Response } from 'express';

/**
 * The rate limiter, for clients of HTTP routes only. Nest's `ThrottlerGuard`, registered
 * globally, also guards the microservice handlers a hybrid app inherits its guards into
 * (RabbitMQ, JetStream, Redis, TCP, in-process), where a refused message is a failed delivery
 * that may end in the dead letter queue: a burst of events would be dead-lettered as
 * `RATE_LIMITED`. A consumer's pace is set by its prefetch and its bulkheads instead.
 *
 * Every refusal carries `Retry-After`, whichever throttler refused: Nest's names the header of
 * a named throttler (the `admin` one) `Retry-After-<name>`, which clients do not read.
 */
@Injectable()
export class HttpThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(
    context: ExecutionContext,
  ): Promise<boolean> {
    return context.getType() !== 'http' || super.shouldSkip(context);
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader(
      'Retry-After',
      String(Math.max(1, Math.ceil(detail.timeToBlockExpire))),
    );
    return super.throwThrottlingException(context, detail);
  }
}
