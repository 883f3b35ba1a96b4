import { Injectable } from '@nestjs/common';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { CheckpointStore } from '../pipelines/checkpoint.store.js';
import { WorkflowEngine } from '../engine/workflow-engine.service.js';

/** Default key of the engine's health indicator. */
export const WORKFLOW_HEALTH_KEY = 'workflows';

/**
 * Terminus indicator of the engine: messages by status, stuck messages (a lease
 * that ran out: an instance died or hangs in a step) and this instance's work in flight. Never
 * `down`: stuck messages mean recovery has work, not that this process cannot serve, so they
 * make it `degraded`; an unreadable store is `degraded` too (the database's own indicator says
 * whether that is critical). Dead-lettered messages and undos are the dead letter queue
 * indicator's to report.
 */
@Injectable()
export class WorkflowHealthIndicator {
  constructor(
    private readonly healthIndicatorService: HealthIndicatorService,
    private readonly store: CheckpointStore,
    private readonly engine: WorkflowEngine,
  ) {}

  /** @param key key of the indicator in the result @default 'workflows' */
  async isHealthy<const Key extends string = typeof WORKFLOW_HEALTH_KEY>(
    key: Key = WORKFLOW_HEALTH_KEY as Key,
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
