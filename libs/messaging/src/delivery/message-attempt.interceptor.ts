import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Observable, type Subscription } from 'rxjs';
import {
  ErrorClassifier,
  type ResolvedResilienceSettings,
  getResilienceMetadata,
  RESILIENCE_SETTINGS,
} from '@nest-resilience/resilience';
import { MessageAttemptsExhaustedError } from '../errors/message-attempts-exhausted.error.js';
import { isMessageOutOfOrderError } from '../errors/message-out-of-order.error.js';
import { RecordedFailureError } from '../errors/recorded-failure.error.js';
import { MessageDelivery } from './message-delivery.js';
import { MessageDeliveryService } from './message-delivery.service.js';

/**
 * Counts every invocation of a message handler against the handler's `maxAttempts` (its
 * `@Retry`, else 1), across in-process retries and broker redeliveries. It sits inside
 * `ResilienceInterceptor` (put it on the consumer class with `@ResilientConsumer()`), so it
 * runs once per attempt:
 *
 * - before an attempt: stops at once when the budget is spent (`MessageAttemptsExhaustedError`,
 *   which the retry does not retry); counts the attempt durably when a crash could otherwise
 *   forget it (a redelivery, or a retry);
 * - after a failed attempt: keeps a transient failure in the inbox, and turns the failure of
 *   the last allowed attempt into `MessageAttemptsExhaustedError` so the retry stops there even
 *   when earlier deliveries spent part of the budget.
 *
 * Refusals that never ran the handler's work (an open circuit, a full bulkhead, a message
 * parked for order) give their attempt back.
 */
@Injectable()
export class MessageAttemptInterceptor implements NestInterceptor {
  private readonly budgets = new WeakMap<Function, number>();

  constructor(
    @Inject(RESILIENCE_SETTINGS)
    private readonly settings: ResolvedResilienceSettings,
    private readonly deliveries: MessageDeliveryService,
    private readonly classifier: ErrorClassifier,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const delivery = MessageDelivery.of(context.switchToRpc().getContext());
    if (!delivery) return next.handle();
    const maxAttempts = this.budget(context);
    delivery.maxAttempts = maxAttempts;
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
            this.failed(delivery, attempt, maxAttempts, error).catch(
              (final: unknown) => subscriber.error(final),
            ),
          complete: () => subscriber.complete(),
        });
      };
      try {
        const attempt = this.begin(delivery, maxAttempts);
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
  private begin(
    delivery: MessageDelivery,
    maxAttempts: number,
  ): number | Promise<number> {
    const attempt = delivery.beginAttempt();
    if (attempt > maxAttempts) {
      delivery.cancelAttempt();
      throw new MessageAttemptsExhaustedError(
        attempt - 1,
        maxAttempts,
        this.deliveries.recordedError(delivery) ??
          delivery.failure?.error ??
          new RecordedFailureError(
            'Error',
            undefined,
            'Attempts were spent by earlier deliveries',
          ),
      );
    }
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
    maxAttempts: number,
    error: unknown,
  ): Promise<never> {
    if (isMessageOutOfOrderError(error)) {
      delivery.cancelAttempt();
      throw error;
    }
    const classification = this.classifier.classify(error);
    if (
      classification.code === 'CIRCUIT_OPEN' ||
      classification.code === 'BULKHEAD_FULL'
    ) {
      delivery.cancelAttempt();
      throw error;
    }
    if (!classification.retryable) throw error;
    await this.deliveries.recordAttemptFailure(delivery, attempt, error);
    if (attempt >= maxAttempts)
      throw new MessageAttemptsExhaustedError(attempt, maxAttempts, error);
    throw error;
  }

  private budget(context: ExecutionContext): number {
    const handler = context.getHandler();
    let budget = this.budgets.get(handler);
    if (budget === undefined) {
      const retry = getResilienceMetadata(handler)?.retry;
      const site = `${context.getClass().name}.${handler.name}`;
      budget = retry
        ? this.settings.resolveService(
            retry.service,
            { retry: retry.overrides },
            site,
          ).retry.maxAttempts
        : 1;
      this.budgets.set(handler, budget);
    }
    return budget;
  }
}
