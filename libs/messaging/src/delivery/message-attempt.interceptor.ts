import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Observable, type Subscription } from 'rxjs';
import { ErrorClassifier } from '@nest-resilience/resilience';
import { isMessageOutOfOrderError } from '../errors/message-out-of-order.error.js';
import { ConsumerRedeliveryRegistry } from './consumer-redelivery.registry.js';
import { MessageDelivery } from './message-delivery.js';
import { MessageDeliveryService } from './message-delivery.service.js';
import { isLaterFailure, isRefusal } from './message-redelivery.policy.js';

/**
 * Counts every invocation of a message handler, across in-process retries and deliveries, and
 * keeps the history of the failed ones. It sits inside `ResilienceInterceptor` (put it on the
 * consumer class with `@ResilientConsumer()`), so it runs once per attempt:
 *
 * - before an attempt: hands the delivery its consumer's redelivery policy, and counts the
 *   attempt durably when a crash could otherwise forget it (a redelivery, or a retry);
 * - after a failed attempt: keeps it in the delivery's history and, for a failure that says
 *   "later", writes it to the inbox with its error, so that neither the count nor the history
 *   is lost to a crash.
 *
 * The handler's `@Retry` bounds the attempts of one delivery; the consumer's redelivery
 * policy bounds the deliveries. Refusals that never ran the handler's work (an open circuit, a
 * full bulkhead, a message parked for order) give their attempt back.
 */
@Injectable()
export class MessageAttemptInterceptor implements NestInterceptor {
  constructor(
    private readonly deliveries: MessageDeliveryService,
    private readonly classifier: ErrorClassifier,
    private readonly policies: ConsumerRedeliveryRegistry,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const delivery = MessageDelivery.of(context.switchToRpc().getContext());
    if (!delivery) return next.handle();
    delivery.redelivery = this.policies.forConsumer(context.getClass());
    // One plain Observable instead of an operator chain: this runs for every attempt of every
    // message.
    return new Observable<unknown>((subscriber) => {
      let inner: Subscription | undefined;
      let closed = false;
      const run = (attempt: number): void => {
        if (closed) return;
        inner = next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) =>
            this.failed(delivery, attempt, error).catch((final: unknown) =>
              subscriber.error(final),
            ),
          complete: () => subscriber.complete(),
        });
      };
      try {
        const attempt = this.begin(delivery);
        if (typeof attempt === 'number') run(attempt);
        else attempt.then(run, (error: unknown) => subscriber.error(error));
      } catch (error) {
        subscriber.error(error);
      }
      return () => {
        closed = true;
        inner?.unsubscribe();
      };
    });
  }

  /** Counts the attempt; a promise only when it must be written down first. */
  private begin(delivery: MessageDelivery): number | Promise<number> {
    const attempt = delivery.beginAttempt();
    // The first attempt of a first delivery is not written down: if it crashes the process,
    // the broker's delivery limit is the backstop, and the common path pays no extra write.
    if (delivery.redelivered || delivery.attempts > 1) {
      return this.deliveries
        .recordAttemptStart(delivery, attempt)
        .then(() => attempt);
    }
    return attempt;
  }

  private async failed(
    delivery: MessageDelivery,
    attempt: number,
    error: unknown,
  ): Promise<never> {
    if (isMessageOutOfOrderError(error)) {
      delivery.cancelAttempt();
      throw error;
    }
    const classification = this.classifier.classify(error);
    if (isRefusal(classification)) {
      delivery.cancelAttempt();
      throw error;
    }
    this.deliveries.noteFailure(delivery, error, classification);
    // A permanent failure is dead-lettered now, with the history: nothing to keep for later.
    if (isLaterFailure(classification)) {
      await this.deliveries.recordAttemptFailure(delivery, attempt, error);
    }
    throw error;
  }
}
