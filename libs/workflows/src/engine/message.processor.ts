import { Inject, Injectable, Logger } from '@nestjs/common';
import { RequestContext } from '@nest-resilience/problem-details';
import type { Checkpoint } from '../pipelines/checkpoint.interface.js';
import { checkpointDueTime } from '../pipelines/checkpoint-due-time.js';
import {
  CheckpointStore,
  type CheckpointClaim,
} from '../pipelines/checkpoint.store.js';
import type { PipelineDefinition } from '../pipelines/pipeline-definition.interface.js';
import { PipelineStatus } from '../pipelines/pipeline-status.enum.js';
import { StepPipelineRunner } from '../pipelines/step-pipeline.runner.js';
import { WORKFLOWS_OPTIONS } from '../workflows.constants.js';
import type { ResolvedWorkflowsOptions } from '../workflows-module-options.interface.js';
import { CompensationCoordinator } from './compensation.coordinator.js';
import { formatDecision } from './decision-log.format.js';
import { PipelineRegistry } from './pipeline.registry.js';
import { StepFailureHandler } from './step-failure.handler.js';

/** How one processing run of a message ended. */
export type ProcessResult =
  | { kind: 'finished'; status: PipelineStatus }
  /** Released with a retry due in `delayMs`. */
  | { kind: 'scheduled'; delayMs: number }
  /** Nothing done: nobody holds it, but it waits for a time `delayMs` from now. */
  | { kind: 'not-due'; delayMs: number }
  /** Nothing done: somebody else holds it, or it is finished. */
  | { kind: 'not-claimed' }
  /** Another claimer took it over mid-run. */
  | { kind: 'lease-lost' }
  /** Stopped between steps by a shutdown; released for another instance. */
  | { kind: 'stopped' };

/**
 * Processes claimed messages: runs the remaining steps with checkpoints (or the remaining undos
 * of a message being compensated) inside the message's request context, and hands failures to
 * the `StepFailureHandler`. Every run holds a claim of its own, so two instances, or a recovery
 * job and a redelivery, never process one message at once.
 */
@Injectable()
export class MessageProcessor {
  private readonly logger = new Logger('WorkflowProcessor');
  private stopping = false;

  constructor(
    @Inject(WORKFLOWS_OPTIONS)
    private readonly options: ResolvedWorkflowsOptions,
    private readonly runner: StepPipelineRunner,
    private readonly store: CheckpointStore,
    private readonly pipelines: PipelineRegistry,
    private readonly failures: StepFailureHandler,
    private readonly compensations: CompensationCoordinator,
  ) {}

  /** Stops every run between its steps (shutdown). */
  stop(): void {
    this.stopping = true;
  }

  /**
   * Claims a message with `claim` if nobody holds it (or its retry is due) and processes it. A
   * message that waits for a time not yet reached (a timer may fire before the clock reaches the
   * stored due time) is left alone and answered `not-due`, with the time still to wait.
   */
  async process(id: string, claim: CheckpointClaim): Promise<ProcessResult> {
    const checkpoint = await this.store.claim(id, claim);
    if (checkpoint) return this.run(checkpoint, claim.token);
    // The claim stays one conditional statement; only a lost claim asks why it lost.
    const current = await this.store.find(id);
    const dueAt = current && checkpointDueTime(current);
    // A due time the claim had reached means the message changed since: its new owner times it.
    if (dueAt === undefined || dueAt <= claim.now)
      return { kind: 'not-claimed' };
    return {
      kind: 'not-due',
      delayMs: Math.max(1, dueAt.getTime() - Date.now()),
    };
  }

  /**
   * Processes a message already claimed with `token`.
   * @param options.replay a dead letter is being replayed: failures are thrown to it
   * @param options.only for a compensation replay, the undos to run
   */
  run(
    checkpoint: Checkpoint,
    token: string,
    options: { replay?: boolean; only?: readonly string[] } = {},
  ): Promise<ProcessResult> {
    const state = {
      requestId: checkpoint.requestId ?? checkpoint.id,
      startedAt: Date.now(),
      transport: 'rpc' as const,
      pattern: `${this.options.name}:${checkpoint.type}`,
      messageId: checkpoint.id,
    };
    return RequestContext.run(state, async (): Promise<ProcessResult> => {
      const definition = this.pipelines.find(checkpoint.type);
      if (!definition) {
        this.logger.error(
          formatDecision(
            checkpoint,
            'SKIP',
            `no pipeline for type ${checkpoint.type}; left for an operator`,
          ),
        );
        return { kind: 'not-claimed' };
      }
      if (checkpoint.status === PipelineStatus.COMPENSATING) {
        return this.compensations.run(definition, checkpoint, token, options);
      }
      return this.forward(
        definition,
        checkpoint,
        token,
        options.replay ?? false,
      );
    });
  }

  private async forward(
    definition: PipelineDefinition,
    checkpoint: Checkpoint,
    token: string,
    replay: boolean,
  ): Promise<ProcessResult> {
    let current = checkpoint;
    for (;;) {
      const result = await this.runner.runForward(
        definition,
        current,
        token,
        () => this.stopping,
      );
      switch (result.kind) {
        case 'completed':
          this.logger.debug(
            formatDecision(
              current,
              PipelineStatus.COMPLETED,
              'every step completed',
            ),
          );
          return { kind: 'finished', status: PipelineStatus.COMPLETED };
        case 'lease-lost':
          this.logger.warn(
            formatDecision(
              current,
              'STOP',
              'another claimer took the message over (lease ran out)',
            ),
          );
          return { kind: 'lease-lost' };
        case 'stopped':
          await this.release(result.checkpoint, token);
          return { kind: 'stopped' };
        case 'failed': {
          const resolution = await this.failures.handle(
            definition,
            result,
            token,
            replay,
          );
          if (resolution.kind !== 'continue') return resolution;
          current = resolution.checkpoint;
        }
      }
    }
  }

  private async release(checkpoint: Checkpoint, token: string): Promise<void> {
    const at = new Date();
    // Another instance may take it at once instead of waiting for the lease to run out.
    await this.store.commit(
      checkpoint.id,
      token,
      { leaseToken: null, leaseUntil: null },
      [],
      at,
    );
    this.logger.log(
      formatDecision(
        checkpoint,
        'RELEASE',
        'shutting down between steps',
        checkpoint.currentStep,
      ),
    );
  }
}
