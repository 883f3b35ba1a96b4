import { Inject, Injectable } from '@nestjs/common';
import { WorkflowEngine } from '../engine/workflow-engine.service.js';
import { CheckpointStore } from '../pipelines/checkpoint.store.js';
import { PipelineStatus } from '../pipelines/pipeline-status.enum.js';
import { WORKFLOWS_OPTIONS } from '../workflows.constants.js';
import type { ResolvedWorkflowsOptions } from '../workflows-module-options.interface.js';
import type { RecoveryJob, RecoveryReport } from './recovery-job.interface.js';

/**
 * Returns stuck messages to processing: those whose lease ran out in a step (the instance died or
 * hangs), those stored but never claimed, and scheduled retries that are due (their instance is
 * gone). Claimed in one conditional UPDATE (`FOR UPDATE SKIP LOCKED` on PostgreSQL), so two
 * instances running it at once never take the same message; the claimed ones resume at their
 * first unfinished step.
 */
@Injectable()
export class StuckMessageJob implements RecoveryJob {
  readonly name = 'stuck-messages';

  constructor(
    @Inject(WORKFLOWS_OPTIONS)
    private readonly config: ResolvedWorkflowsOptions,
    private readonly store: CheckpointStore,
    private readonly engine: WorkflowEngine,
  ) {}

  async run(): Promise<RecoveryReport> {
    const claim = this.engine.newClaim();
    const heldSince = new Date(claim.now.getTime() - this.config.claimGraceMs);
    const claimed = await this.store.claimDue(
      this.config.recoveryBatchSize,
      claim,
      heldSince,
    );
    this.engine.dispatchClaimed(claimed, claim.token);
    const count = (status: PipelineStatus) =>
      claimed.filter((c) => c.status === status).length;
    return {
      claimed: claimed.length,
      neverStarted: count(PipelineStatus.RECEIVED),
      // Stuck in a step, or a retry whose instance is gone: both resume at the first unfinished step.
      resumed: count(PipelineStatus.PROCESSING),
      compensating: count(PipelineStatus.COMPENSATING),
      ids:
        claimed
          .slice(0, 20)
          .map((c) => c.id)
          .join(',') || '-',
    };
  }
}
