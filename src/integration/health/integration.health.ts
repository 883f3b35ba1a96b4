import { Injectable } from '@nestjs/common';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { CheckpointStore } from '@nest-resilience/workflows';
import { IntegrationEngine } from '../engine/integration-engine.service.js';

/** Default key of the integration engine's health indicator. */
export const INTEGRATION_HEALTH_KEY = 'integration';

/**
 * Terminus indicator of the integration engine: messages by status, stuck messages (a lease
 * that ran out: an instance died or hangs in a step) and this instance's work in flight. Never
 * `down`: stuck messages mean recovery has work, not that this process cannot serve, so they
 * make it `degraded`; an unreadable store is `degraded` too (the database's own indicator says
 * whether that is critical). Dead-lettered messages and undos are the dead letter queue
 * indicator's to report.
 */
@Injectable()
export class IntegrationHealthIndicator {
  constructor(
    private readonly healthIndicatorService: HealthIndicatorService,
    private readonly store: CheckpointStore,
    private readonly engine: IntegrationEngine,
  ) {}

  /** @param key key of the indicator in the result @default 'integration' */
  async isHealthy<const Key extends string = typeof INTEGRATION_HEALTH_KEY>(
    key: Key = INTEGRATION_HEALTH_KEY as Key,
  ): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.healthIndicatorService.check(key);
    let stats;
    try {
      stats = await this.store.stats(new Date());
    } catch (error) {
      return indicator.degraded({
        message: `Checkpoint store unreadable: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    const details = {
      ...stats.byStatus,
      stuck: stats.stuck,
      instance: this.engine.load(),
    };
    if (stats.stuck > 0) {
      return indicator.degraded({
        ...details,
        reasons: [
          `${stats.stuck} message(s) stuck past their lease; recovery resumes them`,
        ],
      });
    }
    return indicator.up(details);
  }
}
