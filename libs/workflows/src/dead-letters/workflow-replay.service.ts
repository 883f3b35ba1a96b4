import { Injectable, Logger } from '@nestjs/common';
import { formatDecision } from '../engine/decision-log.format.js';
import { MessageProcessor } from '../engine/message.processor.js';
import { WorkflowEngine } from '../engine/workflow-engine.service.js';
import { WorkflowMessageBusyError } from '../errors/workflow-message-busy.error.js';
import { WorkflowMessageNotFoundError } from '../errors/workflow-message-not-found.error.js';
import type { Checkpoint } from '../pipelines/checkpoint.interface.js';
import { CheckpointStore } from '../pipelines/checkpoint.store.js';
import { PipelineStatus } from '../pipelines/pipeline-status.enum.js';

/**
 * Replays of the engine's dead letters, from the checkpoint: a dead-lettered message resumes at
 * its first unfinished step (the steps it completed are never run again), and a dead-lettered
 * undo runs that undo alone. A failure is thrown to the dead letter queue, which keeps the
 * entry; no second dead letter is made. Called by the application's `DeadLetterTransport` for
 * the destinations of its `WorkflowDeadLetterDestination`.
 */
@Injectable()
export class WorkflowReplayService {
  private readonly logger = new Logger('WorkflowReplay');

  constructor(
    private readonly store: CheckpointStore,
    private readonly engine: WorkflowEngine,
    private readonly processor: MessageProcessor,
  ) {}

  /**
   * Resumes a dead-lettered message and runs it to its end.
   * @throws the failure that stopped it again; `WorkflowMessageBusyError` when another run
   *   holds it; `WorkflowMessageNotFoundError` when it was purged
   */
  async replayMessage(id: string): Promise<void> {
    const claim = this.engine.newClaim();
    const checkpoint = await this.store.claim(id, claim, [
      PipelineStatus.DEAD_LETTERED,
    ]);
    if (!checkpoint) {
      await this.alreadyDone(id, (c) => c.status === PipelineStatus.COMPLETED);
      return;
    }
    this.logger.log(
      formatDecision(
        checkpoint,
        'REPLAY',
        `resuming after ${checkpoint.lastCompletedStep ?? 'no completed step'}`,
        checkpoint.currentStep,
      ),
    );
    const result = await this.processor.run(checkpoint, claim.token, {
      replay: true,
    });
    if (result.kind === 'lease-lost')
      throw new WorkflowMessageBusyError(id, 'taken over');
  }

  /**
   * Runs one dead-lettered undo again.
   * @throws as {@link replayMessage}
   */
  async replayCompensation(id: string, step: string): Promise<void> {
    const claim = this.engine.newClaim();
    const checkpoint = await this.store.claim(id, claim, [
      PipelineStatus.COMPENSATION_FAILED,
    ]);
    if (!checkpoint) {
      await this.alreadyDone(id, (c) => c.compensatedSteps.includes(step));
      return;
    }
    this.logger.log(
      formatDecision(
        checkpoint,
        'REPLAY',
        `running the undo of ${step} again`,
        step,
      ),
    );
    const result = await this.processor.run(checkpoint, claim.token, {
      replay: true,
      only: [step],
    });
    if (result.kind === 'lease-lost')
      throw new WorkflowMessageBusyError(id, 'taken over');
  }

  /** Succeeds when `done` says the replay has nothing left to do; throws otherwise. */
  private async alreadyDone(
    id: string,
    done: (checkpoint: Checkpoint) => boolean,
  ): Promise<void> {
    const current = await this.store.find(id);
    if (!current) throw new WorkflowMessageNotFoundError(id);
    if (!done(current)) throw new WorkflowMessageBusyError(id, current.status);
    this.logger.log(
      formatDecision(
        current,
        'REPLAY_SKIPPED',
        `already done (${current.status})`,
      ),
    );
  }
}
