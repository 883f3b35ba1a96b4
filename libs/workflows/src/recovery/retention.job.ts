import { Inject, Injectable, Optional } from '@nestjs/common';
import { DeadLetterMaintenanceService } from '@nest-resilience/dead-letters';
import { CheckpointStore } from '../pipelines/checkpoint.store.js';
import { PipelineStatus } from '../pipelines/pipeline-status.enum.js';
import { WORKFLOWS_OPTIONS } from '../workflows.constants.js';
import type { ResolvedWorkflowsOptions } from '../workflows-module-options.interface.js';
import type { RecoveryJob, RecoveryReport } from './recovery-job.interface.js';

const DAY_MS = 86_400_000;

/** Most batches one run deletes, so a large backlog is worked off over several runs. */
const MAX_BATCHES = 20;

/**
 * Retention: deletes finished messages with their history (completed and compensated ones after
 * `retentionDays`; dead-lettered ones and failed undos, which replays need, after
 * `failedRetentionDays`), and resolved dead letters through the dead letter queue's own
 * retention. Every delete re-checks its condition, so concurrent runs only share the work.
 */
@Injectable()
export class RetentionJob implements RecoveryJob {
  readonly name = 'retention';

  constructor(
    @Inject(WORKFLOWS_OPTIONS)
    private readonly config: ResolvedWorkflowsOptions,
    private readonly store: CheckpointStore,
    @Optional() private readonly deadLetters?: DeadLetterMaintenanceService,
  ) {}

  async run(): Promise<RecoveryReport> {
    const now = Date.now();
    const finished = await this.purge(
      new Date(now - this.config.retentionDays * DAY_MS),
      [PipelineStatus.COMPLETED, PipelineStatus.COMPENSATED],
    );
    const failed = await this.purge(
      new Date(now - this.config.failedRetentionDays * DAY_MS),
      [PipelineStatus.DEAD_LETTERED, PipelineStatus.COMPENSATION_FAILED],
    );
    const resolvedDeadLetters = this.deadLetters
      ? await this.deadLetters.purgeResolved(new Date(now))
      : 'no dead letter queue';
    return {
      finishedMessages: finished,
      failedMessages: failed,
      resolvedDeadLetters,
    };
  }

  private async purge(
    before: Date,
    statuses: PipelineStatus[],
  ): Promise<number> {
    const batch = this.config.recoveryBatchSize;
    let total = 0;
    for (let i = 0; i < MAX_BATCHES; i++) {
      const purged = await this.store.purgeFinished(before, statuses, batch);
      total += purged;
      if (purged < batch) break;
    }
    return total;
  }
}
