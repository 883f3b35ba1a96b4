import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ErrorClassifier } from '@nest-resilience/resilience';
import type { DeliveryConfirmation } from '../clients/delivery-confirmation.interface.js';
import { DeliveryClient } from '../clients/delivery.client.js';
import { DeliveryStatus } from '../delivery-status.enum.js';
import type { DeliveryRequestPayload } from '../entities/delivery-request.entity.js';
import { OrderCache } from '../order.cache.js';
import { ordersConfig, type OrdersConfig } from '../orders.config.js';
import { DeliveryRequestStore } from './delivery-request.store.js';

/** How an attempt at requesting a delivery ended. */
export interface DeliveryOutcome {
  status: DeliveryStatus;
  /** The delivery service's answer, when it scheduled the delivery. */
  confirmation?: DeliveryConfirmation;
}

/** The longest one attempt (both tries of the client, with its backoff) is expected to take. */
export const DELIVERY_ATTEMPT_CLAIM_MS = 30_000;

/**
 * Requests deliveries from the delivery service and records the outcome: scheduled, queued
 * for a later attempt (the service was unavailable: a recoverable failure), or failed (it
 * refused, or attempts ran out). Used by order creation, which waits for the outcome only as
 * long as its request may last, and by the delivery retry job.
 */
@Injectable()
export class DeliveryScheduler implements OnModuleDestroy {
  private readonly logger = new Logger(DeliveryScheduler.name);
  private readonly running = new Set<Promise<DeliveryOutcome>>();

  constructor(
    private readonly client: DeliveryClient,
    private readonly requests: DeliveryRequestStore,
    private readonly cache: OrderCache,
    private readonly classifier: ErrorClassifier,
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
  ) {}

  /**
   * Makes attempt number `attempt` at delivering `request`, recording its outcome, which it
   * answers; `QUEUED` also when the outcome could not be recorded (the stored request then
   * stays due, and the job tries again).
   */
  attempt(
    request: DeliveryRequestPayload,
    attempt: number,
  ): Promise<DeliveryOutcome> {
    const run = this.run(request, attempt).finally(() =>
      this.running.delete(run),
    );
    this.running.add(run);
    return run;
  }

  /**
   * Like {@link attempt}, but waits at most `waitMs`: past it the attempt goes on in the
   * background and `REQUESTING` is answered, so a slow delivery service cannot make the
   * order's request outlast its timeout.
   */
  async attemptWithin(
    request: DeliveryRequestPayload,
    waitMs: number,
  ): Promise<DeliveryOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<DeliveryOutcome>((resolve) => {
      timer = setTimeout(
        () => resolve({ status: DeliveryStatus.REQUESTING }),
        Math.max(0, waitMs),
      );
    });
    try {
      return await Promise.race([this.attempt(request, 1), waited]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Attempts still running, for the graceful shutdown. */
  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled(this.running);
  }

  private async run(
    request: DeliveryRequestPayload,
    attempt: number,
  ): Promise<DeliveryOutcome> {
    const { orderId } = request;
    let outcome: DeliveryOutcome;
    try {
      const confirmation = await this.client.createDelivery(request);
      outcome = { status: DeliveryStatus.SCHEDULED, confirmation };
      await this.record(orderId, () =>
        this.requests.recordScheduled(orderId, confirmation),
      );
    } catch (error) {
      const status = await this.record(orderId, () =>
        this.recordFailure(orderId, attempt, error),
      );
      outcome = { status: status ?? DeliveryStatus.QUEUED };
    }
    await this.cache.forget(orderId);
    return outcome;
  }

  /** Stores an outcome; when the database cannot, the request stays due for the job. */
  private async record<T>(
    orderId: string,
    write: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await write();
    } catch (error) {
      this.logger.warn(
        `Delivery of order ${orderId}: outcome not recorded (${describe(error)}); ` +
          'the retry job will try again',
      );
      return undefined;
    }
  }

  private async recordFailure(
    orderId: string,
    attempt: number,
    error: unknown,
  ): Promise<DeliveryStatus> {
    const classification = this.classifier.classify(error);
    if (
      !classification.recoverable ||
      attempt >= this.config.deliveryMaxAttempts
    ) {
      this.logger.warn(
        `Delivery of order ${orderId} failed for good after ${attempt} attempt(s): ${classification.code}`,
      );
      await this.requests.recordFailed(orderId, attempt, classification.code);
      return DeliveryStatus.FAILED;
    }
    const delayMs = Math.min(
      this.config.deliveryRetryBaseDelayMs * 2 ** (attempt - 1),
      this.config.deliveryRetryMaxDelayMs,
    );
    await this.requests.recordQueued(
      orderId,
      attempt,
      new Date(Date.now() + delayMs),
      classification.code,
    );
    return DeliveryStatus.QUEUED;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
