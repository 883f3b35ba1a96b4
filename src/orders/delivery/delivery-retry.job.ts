import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  CircuitBreakerRegistry,
  CircuitState,
} from '@nest-resilience/resilience';
import type { DeliveryRequestEntity } from '../entities/delivery-request.entity.js';
import { ordersConfig, type OrdersConfig } from '../orders.config.js';
import { DeliveryRequestStore } from './delivery-request.store.js';
import {
  DELIVERY_ATTEMPT_CLAIM_MS,
  DeliveryScheduler,
} from './delivery.scheduler.js';

/**
 * Background job that retries queued deliveries: every `deliveryRetryIntervalMs` it claims the
 * requests that are due and attempts each once. A run is skipped while the delivery breaker
 * is open (the attempt would be refused anyway) and runs never overlap. Stopped, and its
 * current run awaited, at shutdown.
 */
@Injectable()
export class DeliveryRetryJob
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(DeliveryRetryJob.name);
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;

  constructor(
    private readonly requests: DeliveryRequestStore,
    private readonly scheduler: DeliveryScheduler,
    private readonly breakers: CircuitBreakerRegistry,
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.current ??= this.runOnce()
        .then(() => undefined)
        .finally(() => (this.current = undefined));
    }, this.config.deliveryRetryIntervalMs);
    // The job must not keep a process alive that has nothing else to do.
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.current;
  }

  /**
   * One run: claim the due requests and attempt each.
   * @returns how many were attempted
   */
  async runOnce(): Promise<number> {
    if (
      this.breakers.get('delivery-service')?.currentState === CircuitState.OPEN
    )
      return 0;
    const now = new Date();
    let claimed: DeliveryRequestEntity[];
    try {
      claimed = await this.requests.claimDue(
        now,
        new Date(now.getTime() + DELIVERY_ATTEMPT_CLAIM_MS),
        this.config.deliveryBatchSize,
      );
    } catch (error) {
      // The database is down: the requests stay stored and due; the next run tries again.
      this.logger.warn(
        `Queued deliveries not read: ${error instanceof Error ? error.name : 'error'}`,
      );
      return 0;
    }
    for (const request of claimed) {
      await this.scheduler.attempt(request.payload, request.attempts + 1);
    }
    if (claimed.length > 0)
      this.logger.log(`Retried ${claimed.length} queued delivery(ies)`);
    return claimed.length;
  }
}
