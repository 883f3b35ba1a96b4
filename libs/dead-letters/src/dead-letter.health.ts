import { Inject, Injectable } from '@nestjs/common';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import {
  DEAD_LETTER_HEALTH_KEY,
  DEAD_LETTER_OPTIONS,
} from './dead-letter.constants.js';
import type { ResolvedDeadLetterOptions } from './dead-letter-module-options.interface.js';
import { DeadLetterService } from './dead-letter.service.js';

/**
 * Terminus indicator of the dead letter queue: its unresolved size and the age of its oldest
 * pending entry against `health.maxOpen` and `health.maxOldestPendingAgeMs`.
 *
 * Never `down`: a growing queue means failures are being kept, not that this process cannot
 * serve, so beyond a threshold it is `degraded` (HTTP 200, overall `degraded`). When the store
 * cannot be read it is `degraded` too; the database's own indicator says whether that is
 * critical.
 */
@Injectable()
export class DeadLetterHealthIndicator {
  constructor(
    private readonly healthIndicatorService: HealthIndicatorService,
    private readonly deadLetters: DeadLetterService,
    @Inject(DEAD_LETTER_OPTIONS)
    private readonly options: ResolvedDeadLetterOptions,
  ) {}

  /**
   * @param key key of the indicator in the result
   * @default key 'deadLetterQueue'
   */
  async isHealthy<const Key extends string = typeof DEAD_LETTER_HEALTH_KEY>(
    key: Key = DEAD_LETTER_HEALTH_KEY as Key,
  ): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.healthIndicatorService.check(key);
    const { maxOpen, maxOldestPendingAgeMs } = this.options.health;
    let stats;
    try {
      stats = await this.deadLetters.stats();
    } catch (error) {
      return indicator.degraded({
        message: `Dead letter store unreadable: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    const details = {
      open: stats.open,
      pending: stats.byStatus.PENDING ?? 0,
      failed: stats.byStatus.FAILED ?? 0,
      replayed: stats.byStatus.REPLAYED ?? 0,
      oldestPendingAgeMs: stats.oldestPendingAgeMs,
      maxOpen,
      maxOldestPendingAgeMs,
    };
    const tooMany = stats.open >= maxOpen;
    const tooOld = (stats.oldestPendingAgeMs ?? 0) >= maxOldestPendingAgeMs;
    if (tooMany || tooOld) {
      return indicator.degraded({
        ...details,
        reasons: [
          ...(tooMany
            ? [`${stats.open} unresolved entries (max ${maxOpen})`]
            : []),
          ...(tooOld
            ? [`oldest pending entry is ${stats.oldestPendingAgeMs} ms old`]
            : []),
        ],
      });
    }
    return indicator.up(details);
  }
}
