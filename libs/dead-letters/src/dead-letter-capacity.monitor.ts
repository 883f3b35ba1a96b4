import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorSeverity } from '@nest-resilience/resilience';
import { AlertService } from '@nest-resilience/problem-details';
import { DEAD_LETTER_OPTIONS } from './dead-letter.constants.js';
import type { ResolvedDeadLetterOptions } from './dead-letter-module-options.interface.js';
import { DeadLetterStore } from './dead-letter.store.js';
import { DeadLetterStorePolicy } from './dead-letter-store.policy.js';
import { DeadLetterQueueFullError } from './errors/dead-letter-queue-full.error.js';

/**
 * Keeps `maxSize` and the size alert without a COUNT per write: the number of unresolved
 * entries is re-counted at most every `sizeRefreshMs`, and the entries this instance accepted
 * since are added to it. Before refusing a write it re-counts, so a queue that was drained
 * meanwhile is never reported full. Across instances the limit is approximate by the writes of
 * one refresh period, which is what a safety limit needs.
 */
@Injectable()
export class DeadLetterCapacityMonitor {
  private readonly logger = new Logger('DeadLetterCapacity');
  private counted = 0;
  private acceptedSince = 0;
  private countedAt = Number.NEGATIVE_INFINITY;
  private refreshing?: Promise<void>;
  private readonly threshold: number;
  // Alerts are raised on the transitions only, so a full queue is one alert, not one per write.
  private full = false;
  private aboveThreshold = false;

  constructor(
    @Inject(DEAD_LETTER_OPTIONS)
    private readonly options: ResolvedDeadLetterOptions,
    private readonly store: DeadLetterStore,
    private readonly policy: DeadLetterStorePolicy,
    private readonly alerts: AlertService,
  ) {
    this.threshold = options.alerts.deadLetterThreshold;
  }

  /** Unresolved entries as last counted plus those accepted here since. */
  get estimate(): number {
    return this.counted + this.acceptedSince;
  }

  /**
   * Reserves room for `count` new entries.
   * @throws DeadLetterQueueFullError when the queue holds `maxSize` unresolved entries
   * @throws DeadLetterStoreUnavailableError when the count cannot be taken
   */
  async reserve(count: number): Promise<void> {
    if (Date.now() - this.countedAt >= this.options.sizeRefreshMs) {
      await this.refresh();
    }
    const max = this.options.maxSize;
    if (max > 0 && this.estimate + count > max) {
      await this.refresh();
      if (this.estimate + count > max) {
        if (!this.full)
          this.alerts.raise({
            key: 'dlq-full',
            severity: ErrorSeverity.CRITICAL,
            title: 'Dead letter queue is full',
            message: `${this.estimate} unresolved entries (maxSize ${max}): new dead letters are refused; replay or resolve entries`,
            details: { open: this.estimate, maxSize: max },
          });
        this.full = true;
        throw new DeadLetterQueueFullError(max);
      }
    }
    this.full = false;
    this.acceptedSince += count;
    this.checkThreshold();
  }

  /** Gives back room reserved for entries that were not written after all. */
  cancel(count: number): void {
    this.acceptedSince = Math.max(0, this.acceptedSince - count);
  }

  /** Re-counts the unresolved entries now (single flight). */
  refresh(): Promise<void> {
    this.refreshing ??= this.policy
      .run(() => this.store.countOpen())
      .then((open) => {
        this.counted = open;
        this.acceptedSince = 0;
        this.countedAt = Date.now();
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  private checkThreshold(): void {
    const above = this.threshold > 0 && this.estimate >= this.threshold;
    const crossed = above && !this.aboveThreshold;
    this.aboveThreshold = above;
    if (!crossed) return;
    this.alerts.raise({
      key: 'dlq-threshold',
      severity: ErrorSeverity.HIGH,
      title: 'Dead letter queue is growing',
      message: `${this.estimate} unresolved entries (threshold ${this.threshold})`,
      details: { open: this.estimate, threshold: this.threshold },
    });
  }
}
