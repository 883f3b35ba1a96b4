import { Injectable, Logger } from '@nestjs/common';
import {
  CheckpointStore,
  PipelineStatus,
  type Checkpoint,
} from '@nest-resilience/workflows';
import { IntegrationMessageBusyError } from '../errors/integration-message-busy.error.js';
import { IntegrationMessageNotFoundError } from '../errors/integration-message-not-found.error.js';
import { formatDecision } from './decision-log.format.js';
import { MessageProcessor } from './message.processor.js';

/**
 * Replays of the engine's dead letters, from the checkpoint: a dead-lettered message resumes at
 * its first unfinished step (the steps it completed are never run again), and a dead-lettered
 * undo runs that undo alone. A failure is thrown to the dead letter queue, which keeps the
 * entry; no second dead letter is made.
 */
@Injectable()
export class IntegrationReplayService {
  private readonly logger = new Logger('IntegrationReplay');

  constructor(
    private readonly store: CheckpointStore,
    private readonly processor: MessageProcessor,
  ) {}

  /**
   * Resumes a dead-lettered message and runs it to its end.
   * @throws the failure that stopped it again; `IntegrationMessageBusyError` when another run
   *   holds it; `IntegrationMessageNotFoundError` when it was purged
   */
  async replayMessage(id: string): Promise<void> {
    const claim = this.processor.newClaim();
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
      throw new IntegrationMessageBusyError(id, 'taken over');
  }

  /**
   * Runs one dead-lettered undo again.
   * @throws as {@link replayMessage}
   */
  async replayCompensation(id: string, step: string): Promise<void> {
    const claim = this.processor.newClaim();
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
      throw new IntegrationMessageBusyError(id, 'taken over');
  }

  /** Succeeds when `done` says the replay has nothing left to do; throws otherwise. */
  private async alreadyDone(
    id: string,
    done: (checkpoint: Checkpoint) => boolean,
  ): Promise<void> {
    const current = await this.store.find(id);
    if (!current) throw new IntegrationMessageNotFoundError(id);
    if (!done(current))
      throw new IntegrationMessageBusyError(id, current.status);
    this.logger.log(
      formatDecision(
        current,
        'REPLAY_SKIPPED',
        `already done (${current.status})`,
      ),
    );
  }
}
