import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DEAD_LETTER_OPTIONS } from './dead-letter.constants.js';
import type { ResolvedDeadLetterOptions } from './dead-letter-module-options.interface.js';
import { DeadLetterStore } from './dead-letter.store.js';
import { DeadLetterStorePolicy } from './dead-letter-store.policy.js';
import { TypeOrmErrorLogStore } from './typeorm/typeorm-error-log.store.js';

const DAY_MS = 86_400_000;

/** What one maintenance run did. */
export interface DeadLetterMaintenanceReport {
  /** Resolved entries purged (older than `retentionDays`). */
  purged: number;
  /** Claims of crashed replays returned to `PENDING` (older than `claimTimeoutMs`). */
  recovered: number;
  /** Error log entries purged (older than `errorLogRetentionDays`). */
  errorLogPurged: number;
}

/**
 * Retention and claim recovery, every `maintenanceIntervalMs` (an unref'd timer, so no
 * scheduler module is needed) or when called. Each step is one DELETE or UPDATE whose condition
 * is re-checked by the database, so several instances may run it at once: at worst one of them
 * finds nothing left to do.
 */
@Injectable()
export class DeadLetterMaintenanceService
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger('DeadLetterMaintenance');
  private timer?: NodeJS.Timeout;
  private running?: Promise<DeadLetterMaintenanceReport>;

  constructor(
    @Inject(DEAD_LETTER_OPTIONS)
    private readonly options: ResolvedDeadLetterOptions,
    private readonly store: DeadLetterStore,
    private readonly policy: DeadLetterStorePolicy,
    @Optional() private readonly errorLog?: TypeOrmErrorLogStore,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.maintenanceIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.run().catch((error: unknown) => {
        this.logger.warn(
          `Maintenance skipped: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }, this.options.maintenanceIntervalMs).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /**
   * Purges and recovers now (single flight: a call during a run shares it).
   * @param now the time to measure ages from @default now
   * @throws DeadLetterStoreUnavailableError when the store cannot be reached
   */
  run(now: Date = new Date()): Promise<DeadLetterMaintenanceReport> {
    this.running ??= this.runOnce(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Deletes resolved entries older than `retentionDays` before `now`. @returns how many */
  purgeResolved(now: Date = new Date()): Promise<number> {
    const before = new Date(
      now.getTime() - this.options.retentionDays * DAY_MS,
    );
    return this.policy.run(() => this.store.purgeResolved(before));
  }

  /** Returns claims older than `claimTimeoutMs` before `now` to `PENDING`. @returns how many */
  recoverClaims(now: Date = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.options.claimTimeoutMs);
    return this.policy.run(() => this.store.recoverClaims(before));
  }

  private async runOnce(now: Date): Promise<DeadLetterMaintenanceReport> {
    const recovered = await this.recoverClaims(now);
    const purged = await this.purgeResolved(now);
    const errorLogPurged = this.errorLog
      ? await this.policy.run(() =>
          this.errorLog!.purgeBefore(
            new Date(
              now.getTime() - this.options.errorLogRetentionDays * DAY_MS,
            ),
          ),
        )
      : 0;
    if (recovered > 0) {
      this.logger.warn(
        `Returned ${recovered} entries of crashed replays to PENDING`,
      );
    }
    if (purged > 0 || errorLogPurged > 0) {
      this.logger.log(
        `Purged ${purged} resolved dead letters and ${errorLogPurged} error log entries`,
      );
    }
    return { purged, recovered, errorLogPurged };
  }
}
