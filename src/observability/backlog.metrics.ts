import {
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DeadLetterService } from '@nest-resilience/dead-letters';
import { MessagingHealthIndicator } from '@nest-resilience/messaging';
import { ResilienceMetrics } from '@nest-resilience/resilience';

/** How often the gauges are read from the database, scraped or not. */
export const BACKLOG_REFRESH_INTERVAL_MS = 15_000;
/** A scrape reads the database again only when the last reading is older than this. */
export const BACKLOG_MAX_AGE_ON_SCRAPE_MS = 5_000;

/**
 * The gauges of what waits in the database, read from it (by the dead letter queue's stats and
 * the messaging health indicator's outbox backlog) every {@link BACKLOG_REFRESH_INTERVAL_MS}, and
 * on a scrape when the last reading is older than {@link BACKLOG_MAX_AGE_ON_SCRAPE_MS}: so a
 * scraper, however frequent, costs the database at most one reading every few seconds.
 *
 * - `resilience_dead_letters{status,category}`: entries of the dead letter queue;
 * - `resilience_outbox_pending`: events stored and not yet published;
 * - `resilience_outbox_oldest_age_seconds`: age of the oldest of them, 0 when none waits.
 *
 * A reading that fails (the database is down) keeps the previous values and is logged once
 * until one succeeds again.
 */
@Injectable()
export class BacklogMetrics
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('Metrics');
  private readonly deadLetterGauge?: Gauge<'status' | 'category'>;
  private readonly pendingGauge?: Gauge;
  private oldestCreatedAt: number | undefined;
  private lastReadAt = 0;
  private reading?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private failing = false;

  constructor(
    metrics: ResilienceMetrics,
    @Optional() private readonly deadLetters?: DeadLetterService,
    @Optional() private readonly messaging?: MessagingHealthIndicator,
  ) {
    if (!metrics.enabled) return;
    const registers = [metrics.registry];
    if (deadLetters) {
      this.deadLetterGauge = new Gauge({
        name: metrics.name('dead_letters'),
        help: 'Entries of the dead letter queue by status and category (read every 15 s)',
        labelNames: ['status', 'category'],
        registers,
      });
    }
    if (messaging) {
      this.pendingGauge = new Gauge({
        name: metrics.name('outbox_pending'),
        help: 'Events in the outbox not yet published (read every 15 s)',
        registers,
      });
      const oldestCreatedAt = () => this.oldestCreatedAt;
      new Gauge({
        name: metrics.name('outbox_oldest_age_seconds'),
        help: 'Age of the oldest event not yet published, 0 when none waits',
        registers,
        collect() {
          const since = oldestCreatedAt();
          this.set(
            since === undefined ? 0 : Math.max(0, Date.now() - since) / 1000,
          );
        },
      });
    }
  }

  onApplicationBootstrap(): void {
    if (!this.deadLetterGauge && !this.pendingGauge) return;
    void this.refresh();
    this.timer = setInterval(
      () => void this.refresh(),
      BACKLOG_REFRESH_INTERVAL_MS,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.reading;
  }

  /** Reads the database again unless the last reading is recent; waits for a reading under way. */
  refreshIfStale(): Promise<void> {
    if (this.reading) return this.reading;
    if (Date.now() - this.lastReadAt < BACKLOG_MAX_AGE_ON_SCRAPE_MS) {
      return Promise.resolve();
    }
    return this.refresh();
  }

  private refresh(): Promise<void> {
    if (!this.deadLetterGauge && !this.pendingGauge) return Promise.resolve();
    this.reading ??= this.read().finally(() => {
      this.lastReadAt = Date.now();
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(): Promise<void> {
    const [deadLetters, outbox] = await Promise.allSettled([
      this.readDeadLetters(),
      this.readOutbox(),
    ]);
    const failure = [deadLetters, outbox].find(
      (result): result is PromiseRejectedResult => result.status === 'rejected',
    );
    if (failure && !this.failing) {
      this.logger.warn(
        `Could not read the dead letter or outbox backlog; the gauges keep their last values: ${String(failure.reason)}`,
      );
    }
    this.failing = failure !== undefined;
  }

  private async readDeadLetters(): Promise<void> {
    if (!this.deadLetters || !this.deadLetterGauge) return;
    const { byStatusAndCategory } = await this.deadLetters.stats();
    const gauge = this.deadLetterGauge;
    // Replaced whole, so a status or category no entry has any more leaves no stale series.
    gauge.reset();
    for (const { status, category, count } of byStatusAndCategory) {
      gauge.set({ status, category }, count);
    }
  }

  private async readOutbox(): Promise<void> {
    if (!this.messaging || !this.pendingGauge) return;
    const readAt = Date.now();
    const result = await this.messaging.isHealthy('messaging');
    const outbox = (
      result.messaging as {
        outbox?: { pending?: unknown; oldestAgeMs?: unknown };
      }
    ).outbox;
    if (typeof outbox?.pending !== 'number') {
      throw new Error('the outbox could not be read');
    }
    this.pendingGauge.set(outbox.pending);
    this.oldestCreatedAt =
      outbox.pending > 0 && typeof outbox.oldestAgeMs === 'number'
        ? readAt - outbox.oldestAgeMs
        : undefined;
  }
}
